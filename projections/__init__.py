"""Read models built only from the recorded events, each tracked and rebuildable from zero."""
