"""Transport helpers shared by the login flow and the client (internal).

Every wait of the client goes through :func:`sleep`, so tests can replace it (for example
with ``monkeypatch.setattr(_http, "sleep", recorder)``) and assert the delays without
really waiting.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from http.cookies import SimpleCookie
import json
import math
from typing import Any

from .config import Config
from .errors import (
    AccountLocked,
    BadRequest,
    Forbidden,
    InvalidResponse,
    MobileAccessDisabled,
    PorscheError,
    RateLimited,
    ServerError,
    Unauthorized,
    VehicleNotFound,
    VehicleUnavailable,
)

RETRY_STATUSES = frozenset({429, 502, 503, 504})


async def sleep(delay: float) -> None:
    """Wait ``delay`` seconds (nothing at all for zero)."""
    if delay > 0:
        await asyncio.sleep(delay)


def parse_retry_after(value: str | None) -> float | None:
    """Return a numeric ``Retry-After`` in seconds; dates and junk give ``None``."""
    if value is None:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    if math.isnan(seconds) or seconds < 0:
        return None
    return seconds


def backoff(config: Config, attempt: int) -> float:
    """Return the wait before retry number ``attempt`` (0-based): 2, 4, 8… capped."""
    return float(min(config.backoff_base * (2**attempt), config.backoff_cap))


def decode_json(body: bytes) -> Any:
    """Decode a JSON body.

    Raises:
        InvalidResponse: The body is empty, HTML or otherwise not JSON.
    """
    if not body.strip():
        raise InvalidResponse("empty response body")
    try:
        return json.loads(body)
    except ValueError as err:
        raise InvalidResponse("response body is not JSON") from err


def error_for_status(
    status: int, what: str, retry_after: float | None = None
) -> PorscheError:
    """Return the exception for an unsuccessful API status (never raises it)."""
    message = f"{what}: HTTP {status}"
    if status == 401:
        return Unauthorized(message)
    if status == 403:
        return Forbidden(message)
    if status == 404:
        return VehicleNotFound(message)
    if status == 405:
        return MobileAccessDisabled(message)
    if status == 408:
        return VehicleUnavailable(message)
    if status == 423:
        return AccountLocked(message)
    if status == 429:
        return RateLimited(message, retry_after)
    if status >= 500:
        return ServerError(message, status, retry_after)
    if 400 <= status < 500:
        return BadRequest(message, status)
    return InvalidResponse(message)


class Cookies:
    """A tiny cookie store for the login flow: name → value, one host.

    The login keeps its own cookies instead of using the caller's cookie jar, so that
    the pending login can be carried in a captcha continuation and so that cookies from
    ``127.0.0.1`` (the simulator) work like cookies from Porsche's host.
    """

    __slots__ = ("_values",)

    def __init__(self, values: Mapping[str, str] | None = None) -> None:
        """Start with ``values``."""
        self._values: dict[str, str] = dict(values or {})

    def __repr__(self) -> str:
        """Name the cookies, never their values."""
        return f"Cookies({sorted(self._values)})"

    def __len__(self) -> int:
        """Return the number of cookies."""
        return len(self._values)

    def copy(self) -> Cookies:
        """Return an independent copy."""
        return Cookies(self._values)

    def as_dict(self) -> dict[str, str]:
        """Return the cookies as a plain dict."""
        return dict(self._values)

    def update(self, jar: SimpleCookie) -> None:
        """Take the cookies a response set; drop those it expired."""
        for name, morsel in jar.items():
            max_age = morsel.get("max-age")
            expired = False
            if max_age not in (None, ""):
                try:
                    expired = int(max_age) <= 0
                except ValueError:
                    expired = False
            if expired or (morsel.value == "" and morsel.get("expires")):
                self._values.pop(name, None)
            else:
                self._values[name] = morsel.value

    def header(self) -> str | None:
        """Return the ``Cookie`` header value, or ``None`` when empty."""
        if not self._values:
            return None
        return "; ".join(f"{name}={value}" for name, value in self._values.items())
