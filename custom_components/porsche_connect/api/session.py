"""The session: credentials, configuration and token; hands out :class:`RequestData`.

This is PorscheConnEx's ``Session``: log in once, refresh ahead of expiry (the caller's
timer, at :attr:`Session.refresh_at`), and give stateless client calls a
:class:`RequestData` (configuration + authentication headers + the caller's aiohttp
session).

Refinements of the agreed interface, all optional:

* ``Session(..., clock=...)``: a zero-argument callable returning an aware ``datetime``
  (default: the wall clock); tests and the benchmark move it with a simulated clock.
* ``Session(..., on_token_update=...)``: called with :attr:`Session.token` after every new
  token (login, captcha answer, refresh, including refreshes triggered by a 401 inside a
  client call), so the caller can persist it.
* :attr:`Session.token` is a ``dict`` subclass whose ``repr``/``str`` hide the secrets; it
  serialises to JSON like a plain dict.
* :meth:`Session.request_data` refreshes when the token expires within 30 seconds (not
  only when it already has), so a request never leaves with a token about to die.
* ``answer_captcha`` accepts the :class:`~.errors.CaptchaRequired` or its continuation.
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
import json
import logging
from typing import Any

import aiohttp

from . import auth, tokens
from ._http import Cookies
from .config import X_CLIENT_ID, Config
from .errors import CaptchaRequired, RefreshTokenInvalid

_LOGGER = logging.getLogger(__name__)

EXPIRY_SKEW = timedelta(seconds=30)
_SECRET_KEYS = frozenset({"access_token", "refresh_token", "id_token"})


class RedactedDict(dict[str, Any]):
    """A plain JSON-able dict whose ``repr`` and ``str`` hide token values."""

    def __repr__(self) -> str:
        """Show the keys, hide secret values."""
        shown = {
            key: "**REDACTED**" if key in _SECRET_KEYS else value
            for key, value in self.items()
        }
        return repr(shown)

    __str__ = __repr__


@dataclass(frozen=True, slots=True, repr=False)
class _Token:
    access_token: str
    refresh_token: str | None
    expires_at: datetime | None
    token_type: str = "Bearer"  # noqa: S105
    scope: str | None = None

    def __repr__(self) -> str:
        return f"_Token(<redacted>, expires_at={self.expires_at})"

    def as_dict(self) -> RedactedDict:
        data = RedactedDict(access_token=self.access_token, token_type=self.token_type)
        if self.refresh_token:
            data["refresh_token"] = self.refresh_token
        if self.expires_at:
            data["expires_at"] = self.expires_at.isoformat()
        if self.scope:
            data["scope"] = self.scope
        return data


def _jwt_expiry(token: str) -> datetime | None:
    """Return the ``exp`` claim of a JWT, or ``None`` (never required)."""
    try:
        payload = token.split(".")[1]
        claims = json.loads(
            base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        )
        return datetime.fromtimestamp(float(claims["exp"]), UTC)
    except IndexError, KeyError, TypeError, ValueError, OverflowError:
        return None


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _stored_token(data: Mapping[str, Any]) -> _Token | None:
    access = data.get("access_token")
    if not isinstance(access, str) or not access:
        _LOGGER.warning("Ignoring a stored token without an access token")
        return None
    refresh = data.get("refresh_token")
    expires_at = _parse_time(data.get("expires_at")) or _jwt_expiry(access)
    return _Token(
        access_token=access,
        refresh_token=refresh if isinstance(refresh, str) and refresh else None,
        expires_at=expires_at,
        token_type=str(data.get("token_type") or "Bearer"),
        scope=data.get("scope") if isinstance(data.get("scope"), str) else None,
    )


@dataclass(frozen=True, repr=False)
class RequestData:
    """Configuration + authentication headers + the caller's aiohttp session.

    Attributes:
        config: The client configuration.
        headers: ``Authorization``, ``X-Client-ID``, ``User-Agent``, ``Accept-Language``
            and ``Accept``.
        http: The aiohttp session of the caller (never created by the client).
    """

    config: Config
    headers: Mapping[str, str] = field(compare=False)
    http: aiohttp.ClientSession = field(compare=False)

    def __repr__(self) -> str:
        """Hide the token."""
        return f"RequestData(config={self.config!r}, headers=<redacted>)"

    __str__ = __repr__


class Session:
    """Credentials, configuration and token of one Porsche ID.

    Args:
        http: The caller's aiohttp session; every request goes through it.
        username: The Porsche ID (e-mail address).
        password: Its password ("" when only a stored token is available: then a dead
            refresh token raises :class:`~.errors.RefreshTokenInvalid`).
        config: A ``Config``, a mapping of its fields, or ``None`` for the defaults.
        token: A token as returned by :attr:`token` earlier, to start from.
        refresh_margin: How long before expiry :attr:`refresh_at` lies.
        clock: Returns the current aware ``datetime`` (default: the wall clock).
        on_token_update: Called with :attr:`token` after every new token.
        auto_login: Whether a dead refresh token leads to a full login by itself. A
            caller that wants to decide when to log in (a full login can meet a captcha
            and is rate-limited) passes False and gets
            :class:`~.errors.RefreshTokenInvalid` instead.
    """

    def __init__(
        self,
        http: aiohttp.ClientSession,
        username: str,
        password: str,
        config: Config | Mapping[str, Any] | None = None,
        *,
        token: Mapping[str, Any] | None = None,
        refresh_margin: timedelta = timedelta(minutes=10),
        clock: Callable[[], datetime] | None = None,
        on_token_update: Callable[[dict[str, Any]], None] | None = None,
        auto_login: bool = True,
    ) -> None:
        """Keep the credentials; nothing is sent until a token is needed."""
        self.http = http
        self.username = username
        self._password = password
        self.config = config if isinstance(config, Config) else Config.build(config)
        self.refresh_margin = refresh_margin
        self.on_token_update = on_token_update
        self.auto_login = auto_login
        self._clock: Callable[[], datetime] = clock or (lambda: datetime.now(UTC))
        self._lock = asyncio.Lock()
        self._token: _Token | None = _stored_token(token) if token else None
        self._cookies = Cookies()
        self._generation = 0
        self.logins = 0
        self.refreshes = 0

    def __repr__(self) -> str:
        """Show neither credentials nor token."""
        return (
            f"Session(username=<redacted>, logged_in={self._token is not None}, "
            f"expires_at={self.expires_at})"
        )

    __str__ = __repr__

    @property
    def token(self) -> dict[str, Any] | None:
        """The token to persist (``access_token``, ``refresh_token``, ``expires_at``…)."""
        return self._token.as_dict() if self._token else None

    @property
    def expires_at(self) -> datetime | None:
        """When the access token expires (aware), if known."""
        return self._token.expires_at if self._token else None

    @property
    def refresh_at(self) -> datetime | None:
        """When to refresh: :attr:`expires_at` minus the margin."""
        expires = self.expires_at
        return expires - self.refresh_margin if expires else None

    def now(self) -> datetime:
        """Return the session's idea of the current time."""
        return self._clock()

    async def login(self) -> None:
        """Run one full login attempt and keep the new token.

        Raises:
            CaptchaRequired: Answer it with :meth:`answer_captcha`.
            InvalidCredentials: Unknown user or wrong password.
            AccountLocked: The account is locked.
            TooManyLogins: Logins are rate-limited.
            PorscheConnectionError: Transport error or timeout.
        """
        async with self._lock:
            await self._login_locked()

    async def answer_captcha(
        self, challenge: CaptchaRequired | auth.LoginContinuation, text: str
    ) -> None:
        """Resume the login that met ``challenge`` with the answer ``text``.

        Raises:
            CaptchaRequired: Another captcha (answer it the same way).
            Otherwise as :meth:`login`.
        """
        continuation = (
            challenge.continuation
            if isinstance(challenge, CaptchaRequired)
            else challenge
        )
        async with self._lock:
            data, cookies = await auth.answer_captcha(
                self.http, self.config, continuation, self._password, text
            )
            self._cookies = cookies
            self.logins += 1
            self._set_token(data)

    async def refresh(self) -> None:
        """Refresh the token; a full login only when the refresh token is dead.

        Concurrent callers share one refresh: whoever waited for the lock while another
        refreshed returns at once.
        """
        generation = self._generation
        async with self._lock:
            if self._generation != generation:
                return
            await self._refresh_locked()

    async def request_data(self) -> RequestData:
        """Return the headers for the next call, refreshing (or logging in) if due."""
        if self._stale():
            generation = self._generation
            async with self._lock:
                if self._generation == generation and self._stale():
                    await self._refresh_locked()
        return self._request_data()

    async def recover_unauthorized(self, used: RequestData) -> None:
        """Refresh after the API refused ``used`` with 401, unless already done."""
        async with self._lock:
            if self._token is not None and (
                self._authorization() != used.headers.get("Authorization")
            ):
                return
            await self._refresh_locked()

    def _stale(self) -> bool:
        if self._token is None:
            return True
        expires = self._token.expires_at
        return expires is None or self.now() >= expires - EXPIRY_SKEW

    def _authorization(self) -> str:
        assert self._token is not None
        return f"{self._token.token_type or 'Bearer'} {self._token.access_token}"

    def _request_data(self) -> RequestData:
        return RequestData(
            config=self.config,
            headers={
                "Authorization": self._authorization(),
                "X-Client-ID": X_CLIENT_ID,
                "User-Agent": self.config.user_agent,
                "Accept-Language": self.config.accept_language,
                "Accept": "application/json",
            },
            http=self.http,
        )

    async def _login_locked(self) -> None:
        data = await auth.login(
            self.http, self.config, self.username, self._password, self._cookies
        )
        self.logins += 1
        self._set_token(data)

    async def _refresh_locked(self) -> None:
        token = self._token
        if token is not None and token.refresh_token:
            try:
                data = await tokens.refresh_grant(
                    self.http, self.config, token.refresh_token
                )
            except RefreshTokenInvalid:
                if not self._password or not self.auto_login:
                    raise
                _LOGGER.info("The refresh token was refused; logging in again")
            else:
                self.refreshes += 1
                self._set_token(data)
                return
        elif not self._password or not self.auto_login:
            raise RefreshTokenInvalid("no refresh token, and no login allowed")
        await self._login_locked()

    def _set_token(self, data: Mapping[str, Any]) -> None:
        old = self._token
        expires_in = data.get("expires_in")
        expires_at: datetime | None = None
        if isinstance(expires_in, (int, float)) and not isinstance(expires_in, bool):
            expires_at = self.now() + timedelta(seconds=float(expires_in))
        access = str(data["access_token"])
        expires_at = expires_at or _jwt_expiry(access)
        refresh = data.get("refresh_token")
        if not isinstance(refresh, str) or not refresh:
            refresh = old.refresh_token if old else None
        scope = data.get("scope")
        self._token = _Token(
            access_token=access,
            refresh_token=refresh,
            expires_at=expires_at,
            token_type=str(data.get("token_type") or "Bearer").capitalize(),
            scope=scope if isinstance(scope, str) else None,
        )
        self._generation += 1
        if self.on_token_update is not None:
            try:
                self.on_token_update(self._token.as_dict())
            except Exception:
                _LOGGER.exception("on_token_update failed")


async def request_data(source: Session | RequestData) -> RequestData:
    """Return ``source`` if it is a ``RequestData``, else the session's request data."""
    if isinstance(source, RequestData):
        return source
    return await source.request_data()
