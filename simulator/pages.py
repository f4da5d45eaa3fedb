"""HTML pages of the identity server: login steps, captcha and passkey offer."""

from __future__ import annotations

import base64
import html
import json
import secrets
from typing import Any

from .constants import ACUL_SDK, CLIENT_ID

CAPTCHA_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def new_captcha() -> tuple[str, str]:
    """Draw a captcha.

    Returns:
        The answer and the image as a ``data:image/svg+xml;base64,...`` URI.
    """
    answer = "".join(secrets.choice(CAPTCHA_ALPHABET) for _ in range(6))
    glyphs = []
    for index, char in enumerate(answer):
        angle = secrets.randbelow(41) - 20
        x = 14 + index * 22
        y = 32 + secrets.randbelow(9)
        glyphs.append(
            f'<text x="{x}" y="{y}" transform="rotate({angle} {x} {y})" '
            f'font-family="monospace" font-size="26">{char}</text>'
        )
    noise = "".join(
        f'<line x1="{secrets.randbelow(150)}" y1="{secrets.randbelow(50)}" '
        f'x2="{secrets.randbelow(150)}" y2="{secrets.randbelow(50)}" '
        'stroke="#888" stroke-width="1"/>'
        for _ in range(5)
    )
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="150" height="50" '
        'viewBox="0 0 150 50"><rect width="150" height="50" fill="#f2f2f2"/>'
        f"{noise}{''.join(glyphs)}</svg>"
    )
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    return answer, uri


def encode_context(context: dict[str, Any]) -> str:
    """Return a page context as the base64 JSON the pages embed in ``atob("...")``."""
    return base64.b64encode(json.dumps(context).encode("utf-8")).decode("ascii")


def _page(title: str, context: dict[str, Any], body: str) -> str:
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head><body>"
        f"{body}<script>window.universal_login_context = "
        f'JSON.parse(atob("{encode_context(context)}"));</script></body></html>'
    )


def identifier_page(
    state: str,
    *,
    username: str = "",
    captcha_image: str | None = None,
    captcha_layout: str = "both",
    error: str | None = None,
) -> str:
    """Return the identifier step (with a captcha when ``captcha_image`` is given).

    ``captcha_layout`` says where the image goes: ``both`` (``screen.captcha.image``
    of the context and ``<img alt="captcha">``), ``context``, ``img`` or ``bare`` (only
    as a bare ``data:`` string in the page's text).
    """
    screen: dict[str, Any] = {"name": "login-id"}
    captcha_html = ""
    if captcha_image is not None:
        if captcha_layout in ("both", "context"):
            screen["captcha"] = {"provider": "auth0", "image": captcha_image}
        else:
            screen["captcha"] = {"provider": "auth0"}
        if captcha_layout in ("both", "img"):
            shown = f'<img alt="captcha" src="{captcha_image}">'
        elif captcha_layout == "bare":
            shown = f'<script>var captchaImage = "{captcha_image}";</script>'
        else:
            shown = ""
        captcha_html = (
            f'<div class="captcha">{shown}'
            '<input name="captcha" type="text" autocomplete="off"></div>'
        )
    errors = [{"code": error}] if error else []
    context = {
        "client": {"id": CLIENT_ID},
        "screen": screen,
        "transaction": {"state": state, "errors": errors},
        "untrustedData": {"submittedFormData": {"username": username}},
    }
    body = (
        f'<form method="POST" action="/u/login/identifier?state={html.escape(state)}">'
        f'<input type="hidden" name="state" value="{html.escape(state)}">'
        f'<input name="username" value="{html.escape(username)}">{captcha_html}'
        '<button name="action" value="default">Continue</button></form>'
    )
    return _page("Log in", context, body)


def password_page(state: str, username: str, *, error: str | None = None) -> str:
    """Return the password step."""
    context = {
        "client": {"id": CLIENT_ID},
        "screen": {"name": "login-password"},
        "transaction": {
            "state": state,
            "errors": [{"code": error}] if error else [],
        },
        "untrustedData": {"submittedFormData": {"username": username}},
    }
    body = (
        f'<form method="POST" action="/u/login/password?state={html.escape(state)}">'
        f'<input type="hidden" name="state" value="{html.escape(state)}">'
        f'<input type="hidden" name="username" value="{html.escape(username)}">'
        '<input name="password" type="password">'
        '<button name="action" value="default">Log in</button></form>'
    )
    return _page("Enter your password", context, body)


def passkey_fields(username: str) -> dict[str, str]:
    """Return the ``submittedFormData`` the passkey offer expects back."""
    return {
        "username": username,
        "js-available": "true",
        "webauthn-available": "false",
        "is-brave": "false",
        "webauthn-platform-available": "false",
    }


def passkey_page(state: str, username: str) -> str:
    """Return the passkey-enrollment offer (declined with ``abort-passkey-enrollment``)."""
    context = {
        "client": {"id": CLIENT_ID},
        "screen": {"name": "passkey-enrollment-local"},
        "transaction": {"state": state},
        "untrustedData": {"submittedFormData": passkey_fields(username)},
        "sdk": ACUL_SDK,
    }
    body = (
        "<h1>Log in faster with a passkey</h1>"
        '<div id="acul-root">Create a passkey or continue without one.</div>'
    )
    return _page("Create a passkey", context, body)


def message_page(title: str, message: str) -> str:
    """Return a plain page with a title and a message."""
    return _page(
        title,
        {"screen": {"name": "error"}},
        f"<h1>{html.escape(title)}</h1><p>{html.escape(message)}</p>",
    )
