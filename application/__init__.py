"""The eventsourcing application: acts (load, authorise, call the domain, save) and queries."""
