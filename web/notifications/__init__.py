"""Notifications in the app (``pages.py``: the bell, the list, the preferences, unsubscribing), their
mails (``mails.py``), and the notifier as a thread of the web process (``thread.py``)."""
