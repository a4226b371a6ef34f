"""Erasure of a person in the web UI: the administrators confirmation, a persons request."""
