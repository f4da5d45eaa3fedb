"""Helpers of the Universal Login forms: required fields and rate-limit headers."""

from __future__ import annotations

from collections.abc import Mapping
import datetime as dt
from typing import Final

from .context import SimContext

IDENTIFIER_FIELDS: Final = (
    "state",
    "username",
    "js-available",
    "webauthn-available",
    "is-brave",
    "webauthn-platform-available",
    "action",
)
"""Fields the reference posts to ``/u/login/identifier`` (``captcha`` is extra)."""

PASSWORD_FIELDS: Final = ("state", "username", "password", "action")
"""Fields the reference posts to ``/u/login/password``."""


def missing_fields(
    ctx: SimContext, form: Mapping[str, str], names: tuple[str, ...]
) -> list[str]:
    """Return the required fields a form lacks (none unless ``strict_login_forms``)."""
    if not ctx.options.strict_login_forms:
        return []
    return [name for name in names if name not in form]


def recent_attempts(ctx: SimContext, address: str) -> list[dt.datetime]:
    """Return (and keep only) the logins an address started within the window."""
    window = dt.timedelta(seconds=ctx.options.login_rate_window)
    now = ctx.clock.now()
    attempts = [
        at for at in ctx.identity.login_attempts.get(address, []) if now - at < window
    ]
    ctx.identity.login_attempts[address] = attempts
    return attempts


def rate_headers(ctx: SimContext, address: str) -> dict[str, str]:
    """Return the ``X-Ratelimit-*`` headers of a ``/u/login/*`` answer."""
    options = ctx.options
    attempts = recent_attempts(ctx, address)
    reset = (
        attempts[0] + dt.timedelta(seconds=options.login_rate_window)
        if attempts
        else ctx.clock.now()
    )
    return {
        "X-Ratelimit-Limit": str(options.login_rate_limit),
        "X-Ratelimit-Remaining": str(max(0, options.login_rate_limit - len(attempts))),
        "X-Ratelimit-Reset": str(int(reset.timestamp())),
    }
