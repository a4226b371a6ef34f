"""The notifications' wording (one sentence per kind) and their mails: text and HTML, in the
recipient's language, with a one-click unsubscribe link and ``List-Unsubscribe`` headers; a
convocation carries the meeting as an ``.ics`` attachment."""

from collections.abc import Callable
from datetime import UTC, date, datetime
from email.message import EmailMessage
from email.utils import make_msgid, parseaddr
from typing import Any

import icalendar
from babel.dates import format_date, format_time
from flask import g, render_template
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer

from application.mail.transport import mail_from
from application.notifier.notifier import Mail
from web.admin.mails import renderer
from web.public.feeds import TIMEZONE

KIND_LABELS = {
    "meeting-scheduled": _l("A meeting of an instance I sit on is scheduled"),
    "meeting-rescheduled": _l("Such a meeting is moved to another date or place"),
    "minutes-recorded": _l("The minutes of such a meeting are recorded"),
    "proposal-amended": _l("A proposal I co-authored is amended"),
    "proposal-objected": _l("Someone objects to a proposal I co-authored"),
    "proposal-validated": _l("A proposal I co-authored is validated"),
    "proposal-withdrawn": _l("A proposal I co-authored is withdrawn"),
    "comment-posted": _l("Someone comments on a proposal I co-authored"),
    "comment-replied": _l("Someone replies to my comment"),
    "consent-round-opened": _l("A consent round is opened"),
    "dysfunction-reported": _l("A dysfunction is reported to the steering committee"),
    "adjustment-decided": _l("An adjustment is decided"),
    "results-presented": _l("Results are presented to the decision-makers"),
    "decision-adopted": _l("The decision is adopted"),
    "decision-communicated": _l("The decision is communicated"),
    "action-assigned": _l("An action is assigned to me"),
    "action-overdue": _l("An action is overdue"),
    "consultation-closed": _l("A public consultation I follow closes"),
    "consultation-synthesised": _l("The synthesis of a public consultation I follow is published"),
}
"""The preferences' label of each kind (``application.notifier.kinds.KINDS``)."""

SENTENCES = {
    "meeting-scheduled": _l("Meeting “%(title)s” scheduled on %(starts_at)s at %(place)s."),
    "meeting-rescheduled": _l("Meeting “%(title)s” moved to %(starts_at)s at %(place)s: %(reason)s"),
    "minutes-recorded": _l("The minutes of the meeting “%(title)s” are recorded."),
    "proposal-amended": _l("Your proposal “%(title)s” was amended: %(reason)s"),
    "proposal-objected": _l("Objection to your proposal “%(title)s”: %(reason)s"),
    "proposal-validated": _l("Your proposal “%(title)s” was validated."),
    "proposal-withdrawn": _l("Your proposal “%(title)s” was withdrawn: %(reason)s"),
    "comment-posted": _l("New comment on your proposal “%(title)s”."),
    "comment-replied": _l("A reply to your comment on “%(title)s”."),
    "consent-round-opened": _l("A consent round is open on the proposal “%(title)s”."),
    "dysfunction-reported": _l("Dysfunction reported to the steering committee: %(description)s"),
    "adjustment-decided": _l("The steering committee ruled on the adjustment to “%(description)s”."),
    "results-presented": _l("Results presented to %(body)s on %(presented_on)s."),
    "decision-adopted": _l("%(body_name)s adopted the decision %(reference)s on %(adopted_on)s."),
    "decision-communicated": _l("The decision %(reference)s of %(body_name)s is communicated."),
    "action-assigned": _l("The action “%(title)s” is assigned to you, due on %(due_on)s."),
    "action-overdue": _l("The action “%(title)s” was due on %(due_on)s."),
    "consultation-closed": _l("The public consultation “%(question)s” is closed."),
    "consultation-synthesised": _l(
        "The synthesis of the public consultation “%(question)s”: %(text)s"
        " What the dialogue will do: %(follow_up)s"
    ),
}
OUTCOMES = {
    "adopted": _l("adopted"),
    "adopted_with_changes": _l("adopted with changes"),
    "rejected": _l("rejected"),
    "deferred": _l("deferred"),
}
SALT = "notifications-unsubscribe"
CONVOCATIONS = ("meeting-scheduled", "meeting-rescheduled")
"""The kinds whose mail carries the meeting as an ``.ics`` request."""


def sentence(kind: str, details: dict[str, Any]) -> str:
    """The notification in one sentence, in the current language, its dates written out."""
    values = {k: _written(k, v) for k, v in details.items() if isinstance(v, str)}
    return str(SENTENCES[kind]) % values


def _written(key: str, value: str) -> str:
    """A date (``*_on``) or the meeting's local time (``starts_at``) in the current language."""
    locale = get_locale() or "fr"
    try:
        if key == "starts_at":
            moment = datetime.fromisoformat(value)
            return (
                f"{format_date(moment, 'long', locale=locale)}, {format_time(moment, 'short', locale=locale)}"
            )
        if key.endswith("_on"):
            return str(format_date(date.fromisoformat(value), "long", locale=locale))
    except ValueError:
        pass
    return value


def outcome_label(outcome: str) -> str:
    return str(OUTCOMES.get(outcome, outcome))


def unsubscribe_token(secret: str, account_id: str, kind: str) -> str:
    return URLSafeSerializer(secret, SALT).dumps([account_id, kind])


def unsubscribed(secret: str, token: str) -> tuple[str, str] | None:
    """(account, kind) of a genuine token, else None."""
    try:
        account_id, kind = URLSafeSerializer(secret, SALT).loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    return str(account_id), str(kind)


def composer(public_url: str, secret: str) -> Callable[[Mail], EmailMessage]:
    """``compose`` for the notifier: links from ``public_url``, unsubscribe tokens signed with ``secret``."""
    return lambda mail: compose(mail, public_url, secret)


def compose(mail: Mail, public_url: str, secret: str) -> EmailMessage:
    kinds = sorted({n.kind for n in mail.notifications}) if mail.kind == "digest" else [mail.kind]
    unsubscribe = {
        kind: f"{public_url}/notifications/unsubscribe/{unsubscribe_token(secret, mail.account_id, kind)}"
        for kind in kinds
    }
    with renderer().app_context():
        g.mail_language = mail.language
        items = [item(n.kind, n.details, public_url) for n in mail.notifications]
        subject = _("Your daily notifications") if mail.kind == "digest" else items[0]["sentence"]
        values: dict[str, Any] = {
            "mail": mail,
            "items": items,
            "list_url": f"{public_url}/notifications",
            "unsubscribe": [(str(KIND_LABELS[k]), url) for k, url in unsubscribe.items()],
        }
        text = render_template("mail/notification.txt", **values)
        html = render_template("mail/notification.html", subject=subject, **values)
    message = EmailMessage()
    message["From"] = mail_from()
    message["To"] = mail.to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="dialogue.invalid")
    if len(unsubscribe) == 1:
        message["List-Unsubscribe"] = f"<{next(iter(unsubscribe.values()))}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    if mail.kind in CONVOCATIONS:
        message.add_attachment(
            convocation(mail.notifications[0].details, public_url, mail.to),
            maintype="text",
            subtype="calendar",
            params={"method": "REQUEST"},
            filename="convocation.ics",
        )
    message["Content-Language"] = mail.language  # after the parts: set before, it would move into the first
    return message


def item(kind: str, details: dict[str, Any], public_url: str = "") -> dict[str, Any]:
    """A notification as shown: its sentence, the outcomes of the reader's proposals, worded, and
    the page it is about (a public consultation's)."""
    outcomes = [{**o, "outcome": outcome_label(o["outcome"])} for o in details.get("outcomes", [])]
    link = ""
    if "consultation_id" in details and "slug" in details:
        link = f"{public_url}/dialogues/{details['slug']}/consultations/{details['consultation_id']}"
    return {"sentence": sentence(kind, details), "outcomes": outcomes, "link": link}


def convocation(details: dict[str, Any], public_url: str, attendee: str) -> bytes:
    """The meeting as an iCalendar request (RFC 5545, 5546), in Europe/Paris time: one UID per meeting (the
    public calendar's), its ``SEQUENCE`` the times it was rescheduled, so a calendar updates its entry."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Dialogue territorial//Convocation//FR")
    cal.add("version", "2.0")
    cal.add("method", "REQUEST")
    event = icalendar.Event()
    event.add("uid", f"{details['meeting_id']}@{public_url.split('://', 1)[-1]}")
    event.add("sequence", int(details.get("sequence", 0)))
    event.add("dtstamp", datetime.now(UTC))
    event.add("organizer", f"mailto:{parseaddr(mail_from())[1]}")
    event.add("attendee", f"mailto:{parseaddr(attendee)[1]}", parameters={"RSVP": "FALSE"})
    event.add("dtstart", datetime.fromisoformat(details["starts_at"]).replace(tzinfo=TIMEZONE))
    event.add("summary", details["title"])
    event.add("location", details["place"])
    event.add("description", "\n".join(details.get("agenda", [])))
    cal.add_component(event)
    return bytes(cal.to_ical())
