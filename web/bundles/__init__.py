"""A dialogue's bundle, for anyone to download and check offline: ``/dialogues/<slug>/bundle.zip``."""
