"""Security basics: session cookie flags, CSRF on every form, security headers."""

import time

from flask import Flask, Response, current_app, g, session
from flask_wtf.csrf import CSRFProtect, generate_csrf

csrf = CSRFProtect()
SIGNED = 1024
"""CSRF tokens kept signed (:func:`csrf_token`) before they are all dropped."""
_signed: dict[tuple[str, str, int], str] = {}

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
"""No inline script or style anywhere: templates link their CSS and scripts as files."""

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def init_app(app: Flask) -> None:
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax")
    csrf.init_app(app)
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.context_processor(lambda: {"csrf_token": csrf_token})  # after Flask-WTF's, which it replaces
    app.after_request(add_security_headers)


def csrf_token() -> str:
    """The templates' ``csrf_token()``: Flask-WTF's ``generate_csrf``, whose token signs the
    session's with the second it is signed in; signed once per session and second (the same bytes
    a signing again would give), not at every page."""
    name = current_app.config.get("WTF_CSRF_FIELD_NAME") or "csrf_token"
    signed = g.get(name)
    if signed is not None:  # this request's, as generate_csrf keeps it
        return str(signed)
    raw = session.get(name)
    if not isinstance(raw, str):
        return str(generate_csrf())
    key = (
        str(current_app.config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key),
        raw,
        int(time.time()),
    )
    token = _signed.get(key)
    if token is None:
        token = str(generate_csrf())
        if len(_signed) >= SIGNED:
            _signed.clear()
        _signed[key] = token
    else:
        setattr(g, name, token)
    return token


SIGNED_IN = {**HEADERS, "Cache-Control": "no-store"}
"""A signed-in page stays private."""


def add_security_headers(response: Response) -> Response:
    """Each of the headers the view did not set (as ``setdefault``, the names looked at once)."""
    present = {name.lower() for name, _value in response.headers}
    headers = HEADERS if g.get("account") is None else SIGNED_IN
    response.headers.extend([(n, v) for n, v in headers.items() if n.lower() not in present])
    return response
