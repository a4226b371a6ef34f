"""Security basics: session cookie flags, CSRF on every form, security headers."""

from flask import Flask, Response, g
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()

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
    app.after_request(add_security_headers)


SIGNED_IN = {**HEADERS, "Cache-Control": "no-store"}
"""A signed-in page stays private."""


def add_security_headers(response: Response) -> Response:
    """Each of the headers the view did not set (as ``setdefault``, the names looked at once)."""
    present = {name.lower() for name, _value in response.headers}
    headers = HEADERS if g.get("account") is None else SIGNED_IN
    response.headers.extend([(n, v) for n, v in headers.items() if n.lower() not in present])
    return response
