# ruff: noqa: N818  (the names are the agreed public interface)
"""One exception tree for everything the client can raise.

::

    PorscheError
    ├── PorscheConnectionError          transport error or timeout
    ├── PorscheAuthError                anything about logging in or the token
    │   ├── InvalidCredentials          unknown user or wrong password
    │   ├── AccountLocked               423, or "suspicious activity" on the login page
    │   ├── TooManyLogins               429 on the identity server
    │   ├── CaptchaRequired             a person must answer the image (``image``)
    │   ├── RefreshTokenInvalid         the refresh token is dead and no login is possible
    │   └── Unauthorized                401 on a data call (token refused)
    ├── RateLimited                     429 on the API (``retry_after``)
    ├── ServerError                     500/502/503/504 (``status``)
    ├── BadRequest                      400 and any other unmapped 4xx (``status``)
    ├── Forbidden                       403
    ├── VehicleNotFound                 404
    ├── MobileAccessDisabled            405
    ├── VehicleUnavailable              408
    ├── InvalidResponse                 a body that is not what the reference describes
    ├── CommandError                    a command ended in ``ERROR`` (``key``, ``details``)
    └── CommandTimeout                  a command did not finish in time (``key``)

No message ever contains a password, token, S-PIN, pairing code, VIN or location: messages
are built from fixed texts, status codes and command keys only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .auth import LoginContinuation


class PorscheError(Exception):
    """Base of every error raised by the client."""


class PorscheConnectionError(PorscheError):
    """The server could not be reached, or did not answer in time."""


class PorscheAuthError(PorscheError):
    """Logging in or using the token failed."""


class InvalidCredentials(PorscheAuthError):
    """The identity server refused the username or the password."""


class AccountLocked(PorscheAuthError):
    """The account is locked; the owner must reset the password."""


class TooManyLogins(PorscheAuthError):
    """The identity server rate-limits logins from this address."""


class CaptchaRequired(PorscheAuthError):
    """The identity server wants a captcha answered by a person.

    Attributes:
        image: The captcha as a ``data:image/svg+xml;base64,…`` URI.
        continuation: Opaque state of the pending login; pass the whole exception to
            ``Session.answer_captcha`` to resume it.
    """

    def __init__(self, image: str, continuation: LoginContinuation) -> None:
        """Keep the image and the pending login."""
        super().__init__("a captcha must be answered to log in")
        self.image = image
        self.continuation = continuation

    def __repr__(self) -> str:
        """Show neither the image nor the pending login's secrets."""
        return "CaptchaRequired(image=<data URI>, continuation=<pending login>)"


class RefreshTokenInvalid(PorscheAuthError):
    """The refresh token was refused and a full login is not possible."""


class Unauthorized(PorscheAuthError):
    """The API refused the access token (401)."""


class RateLimited(PorscheError):
    """The API asks to slow down (429).

    Attributes:
        retry_after: Seconds to wait as the server said, or ``None``.
    """

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        """Keep the server's ``Retry-After``."""
        super().__init__(message)
        self.retry_after = retry_after


class ServerError(PorscheError):
    """The API failed (5xx).

    Attributes:
        status: The HTTP status code.
        retry_after: Seconds to wait as the server said, or ``None``.
    """

    def __init__(
        self, message: str, status: int, retry_after: float | None = None
    ) -> None:
        """Keep the status code."""
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class BadRequest(PorscheError):
    """The API refused the request as malformed (400 or another 4xx).

    Attributes:
        status: The HTTP status code.
    """

    def __init__(self, message: str, status: int = 400) -> None:
        """Keep the status code."""
        super().__init__(message)
        self.status = status


class Forbidden(PorscheError):
    """The API refused access (403)."""


class VehicleNotFound(PorscheError):
    """The vehicle (or path) is unknown to the API (404)."""


class MobileAccessDisabled(PorscheError):
    """Mobile access is disabled for the vehicle (405)."""


class VehicleUnavailable(PorscheError):
    """The vehicle cannot be reached right now (408)."""


class InvalidResponse(PorscheError):
    """The server answered with something that cannot be understood."""


class CommandError(PorscheError):
    """A command ended in ``ERROR``.

    Attributes:
        key: The command key, e.g. ``"LOCK"``.
        details: Why, as the API said (e.g. a door is open), or ``None``.
    """

    def __init__(self, key: str, details: str | None = None) -> None:
        """Keep the command key and the API's reason."""
        message = f"command {key} failed"
        if details:
            message = f"{message}: {details}"
        super().__init__(message)
        self.key = key
        self.details = details


class CommandTimeout(PorscheError):
    """A command was accepted but not finished in time.

    Attributes:
        key: The command key.
    """

    def __init__(self, key: str) -> None:
        """Keep the command key."""
        super().__init__(f"command {key} did not finish in time")
        self.key = key
