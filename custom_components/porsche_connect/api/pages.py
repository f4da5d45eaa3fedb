"""Readers of the identity server's HTML pages: the captcha image and the passkey form.

The pages carry their data in a base64 JSON context inside ``atob("…")``; the captcha may
also stand in ``<img alt="captcha">`` or as a bare ``data:image/svg…`` URI.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
import json
import re
from typing import Any

ACUL_SDK = "@auth0/auth0-acul-js@1.2.0"
_ATOB = re.compile(r"""atob\(\s*["']([A-Za-z0-9+/=_-]+)["']\s*\)""")
_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_BARE_SVG = re.compile(r"""data:image/svg\+xml;base64,[A-Za-z0-9+/=]+""")


def _b64_json(blob: str) -> Any:
    """Decode base64 (standard or URL-safe, padding optional) JSON, or ``None``."""
    padded = blob + "=" * (-len(blob) % 4)
    for decode in (base64.b64decode, base64.urlsafe_b64decode):
        try:
            return json.loads(decode(padded))
        except ValueError, TypeError:
            continue
    return None


def _atob_contexts(html: str) -> list[Any]:
    """Return every JSON object found in an ``atob("…")`` of the page."""
    found = []
    for match in _ATOB.finditer(html):
        value = _b64_json(match.group(1))
        if isinstance(value, dict):
            found.append(value)
    return found


def _dig(value: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


def find_captcha(html: str) -> str | None:
    """Find the captcha image (a data URI) in a login page, or ``None``.

    Looked for, in this order: ``screen.captcha.image`` of a base64 JSON context in
    ``atob("…")``, the ``src`` of ``<img alt="captcha">``, a bare
    ``data:image/svg+xml;base64,…`` string.
    """
    for context in _atob_contexts(html):
        image = _dig(context, "screen", "captcha", "image")
        if isinstance(image, str) and image.startswith("data:image/"):
            return image
    for tag in _IMG.finditer(html):
        attrs = {
            m.group(1).lower(): m.group(2) if m.group(2) is not None else m.group(3)
            for m in _ATTR.finditer(tag.group(0))
        }
        src = attrs.get("src", "")
        if attrs.get("alt", "").lower() == "captcha" and src.startswith("data:image/"):
            return src
    bare = _BARE_SVG.search(html)
    return bare.group(0) if bare else None


def passkey_form(html: str) -> dict[str, str] | None:
    """Return the form that declines a passkey enrollment offer, or ``None``."""
    for context in _atob_contexts(html):
        submitted = _dig(context, "untrustedData", "submittedFormData")
        state = _dig(context, "transaction", "state")
        if not isinstance(state, str):
            continue
        form: dict[str, str] = {}
        if isinstance(submitted, Mapping):
            form.update(
                {
                    str(k): v if isinstance(v, str) else json.dumps(v)
                    for k, v in submitted.items()
                    if v is not None
                }
            )
        form.update(
            {"state": state, "action": "abort-passkey-enrollment", "acul-sdk": ACUL_SDK}
        )
        return form
    return None
