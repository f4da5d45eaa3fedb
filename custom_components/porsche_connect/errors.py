"""Client errors turned into translated Home Assistant errors."""

from __future__ import annotations

from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.update_coordinator import UpdateFailed

from .api import (
    InvalidResponse,
    PorscheConnectionError,
    PorscheError,
    RateLimited,
    ServerError,
    Unauthorized,
    VehicleUnavailable,
)
from .const import DOMAIN


class LoginPostponedError(PorscheConnectionError):
    """A full login is due but one was tried too recently; it waits its turn."""


# Exception translation keys by client error, most specific first.
ERROR_TRANSLATION_KEYS: dict[type[PorscheError], str] = {
    LoginPostponedError: "login_postponed",
    Unauthorized: "command_unauthorized",
    RateLimited: "rate_limited",
    ServerError: "server_error",
    PorscheConnectionError: "cannot_connect",
    VehicleUnavailable: "vehicle_unavailable",
    InvalidResponse: "invalid_response",
    PorscheError: "unexpected_error",
}


def error_key(err: PorscheError) -> str:
    """The translation key that says what went wrong, in the user's words."""
    return next(
        key for kind, key in ERROR_TRANSLATION_KEYS.items() if isinstance(err, kind)
    )


def update_failed(err: PorscheError) -> UpdateFailed:
    """A translated UpdateFailed for a failed poll.

    When Porsche said how long to back off, the next poll waits at least that long.
    """
    retry_after = (
        err.retry_after if isinstance(err, RateLimited | ServerError) else None
    )
    return UpdateFailed(
        translation_domain=DOMAIN,
        translation_key=error_key(err),
        retry_after=retry_after,
    )


def request_failed(err: PorscheError) -> HomeAssistantError:
    """A translated error for a failed action."""
    return HomeAssistantError(translation_domain=DOMAIN, translation_key=error_key(err))
