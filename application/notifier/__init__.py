"""Notifications: derived from the events by a notifier (``notifier.py``) that records them for
the app (``store.py``) and puts their mails in the outbox; which events notify whom: ``kinds.py``."""
