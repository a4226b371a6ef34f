"""Moderation in the web: the report form, the moderators' queue, the public moderation log."""
