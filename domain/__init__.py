"""The territorial dialogue as aggregates and events: pure Python, no I/O."""
