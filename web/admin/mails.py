"""The platform's mails: text and HTML, in the recipient's language, worded in the Babel catalogue.

They are rendered by a small Flask app of their own (the templates and catalogues of ``web``),
so that a mail can be written in any process, with or without a request (the web server,
the ``dialogue`` command), in the language of its recipient rather than of the page.
"""

from email.message import EmailMessage
from email.utils import make_msgid
from functools import cache
from typing import Any

from flask import Flask, g, render_template
from flask_babel import Babel, format_date
from flask_babel import lazy_gettext as _l

from application.invitations import LinkMail
from application.mail.transport import mail_from
from web.auth.signing import signed_token
from web.i18n.labels import ROLES

SUBJECTS = {
    "invitation": _l("You are invited to take part in a territorial dialogue"),
    "reset": _l("Choose a new password"),
    "citizen": _l("Confirm your address to take part in the public consultation"),
}
PATHS = {"invitation": "/invitations/", "reset": "/password/reset/", "citizen": "/citizens/confirm/"}
"""Where each kind of link leads (web/auth/links.py serves them)."""


@cache
def renderer() -> Flask:
    app = Flask("web")
    Babel(app, locale_selector=lambda: g.get("mail_language"))
    return app


def link_of(mail: LinkMail, public_url: str, secret: str) -> str:
    """The link, its token signed with the site's ``secret`` (``web.auth.signing``)."""
    return f"{public_url}{PATHS[mail.kind]}{signed_token(secret, mail.kind, mail.token)}"


def compose(mail: LinkMail, public_url: str, secret: str) -> EmailMessage:
    """The mail, multipart (text and HTML), its link built from ``public_url`` (the site's address) and
    signed with ``secret`` (the site's key)."""
    with renderer().app_context():
        g.mail_language = mail.language
        values: dict[str, Any] = {
            "mail": mail,
            "link": link_of(mail, public_url, secret),
            "expires": format_date(mail.expires_at, "long"),
            "role": None if mail.role is None else ROLES.get(mail.role, mail.role),
        }
        subject = str(SUBJECTS[mail.kind])
        text = render_template(f"mail/{mail.kind}.txt", **values)
        html = render_template(f"mail/{mail.kind}.html", subject=subject, **values)
    message = EmailMessage()
    message["From"] = mail_from()
    message["To"] = mail.to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="dialogue.invalid")
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    message["Content-Language"] = mail.language
    return message
