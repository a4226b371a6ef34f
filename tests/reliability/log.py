"""The recorded log, read back whole: what the reliability tests compare with what was acknowledged."""

from application.dialogues import DialogueApp

TOKEN_FIELDS = {"ContributionPosted": "text", "ProposalDrafted": "title", "ProposalAmended": "text"}
"""The field in which the tests' acts carry the token that tells them apart."""


def tokens_recorded(app: DialogueApp) -> dict[str, list[int]]:
    """The positions in the log of each token: one position for an act recorded once."""
    recorded: dict[str, list[int]] = {}
    start = 1
    while batch := app.recorder.select_notifications(start, 500):
        start = batch[-1].id + 1
        for notification in batch:
            event = app.mapper.to_domain_event(notification)
            field = TOKEN_FIELDS.get(type(event).__name__)
            if field is not None:
                recorded.setdefault(getattr(event, field), []).append(notification.id)
    return recorded
