"""The session coordinator: one logged-in Porsche session per config entry.

It logs in (or starts from the token stored in the entry) during setup, refreshes the token
on a timed callback shortly before it expires, keeps the entry's copy of the token current,
and hands out `RequestData` for the stateless client calls everything else makes.

Full logins are precious: Porsche answers repeated ones with captchas for days, or locks the
account. So only this coordinator decides when to log in (the client session is told not to
by itself), at most once per LOGIN_RETRY_INTERVAL, and never again once Porsche refused the
credentials: then reauthentication is started, once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from aiohttp import ClientSession
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_PASSWORD, CONF_USERNAME
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import (
    ConfigEntryAuthFailed,
    ConfigEntryNotReady,
    HomeAssistantError,
)
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.util import dt as dt_util
from homeassistant.util.hass_dict import HassKey

from .api import (
    Config,
    PorscheAuthError,
    PorscheError,
    RefreshTokenInvalid,
    RequestData,
    Session,
    TooManyLogins,
    Unauthorized,
)
from .const import (
    CONF_TOKEN,
    DOMAIN,
    LOGGER,
    LOGIN_RETRY_INTERVAL,
    REFRESH_RETRY_INTERVAL,
)
from .errors import LoginPostponedError, request_failed

# When each entry may try its next full login; kept across reloads and setup retries,
# so that Home Assistant retrying a failed setup cannot turn into a series of logins.
NEXT_LOGIN: HassKey[dict[str, datetime]] = HassKey(f"{DOMAIN}_next_login")


class SessionCoordinator:
    """Keeps one Porsche session alive for a config entry."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry[Any],
        http: ClientSession,
        config: Config,
    ) -> None:
        """Prepare the session from the entry's credentials and stored token."""
        self.hass = hass
        self.entry = entry
        self.session = Session(
            http,
            entry.data[CONF_USERNAME],
            entry.data[CONF_PASSWORD],
            config,
            token=entry.data.get(CONF_TOKEN),
            auto_login=False,
            on_token_update=lambda _token: self._async_token_maybe_changed(),
        )
        self._cancel_timer: CALLBACK_TYPE | None = None
        self._timer_at: datetime | None = None
        self._refresh_failing = False
        # Set once Porsche refused the credentials: nothing signs in again until the
        # user reauthenticates (which reloads the entry).
        self._auth_failed = False
        # Set on unload: a late token renewal must not re-arm the timer or overwrite the
        # entry (a reload's new session owns the token then).
        self._closed = False
        # Concurrent readers that meet a dead refresh token share one login.
        self._login_lock = asyncio.Lock()
        self._logins = 0

    async def async_setup(self) -> None:
        """Have a working token before the entry's setup goes on.

        A stored token is used as it is, refreshed when it is close to expiry; without one
        the stored credentials log in once.
        """
        try:
            refresh_at = self.session.refresh_at
            if self.session.token is None or refresh_at is None:
                await self._async_login()
            elif dt_util.utcnow() >= refresh_at:
                await self._async_renew()
        except PorscheAuthError as err:
            raise _auth_error() from err
        except PorscheError as err:
            raise ConfigEntryNotReady(
                translation_domain=DOMAIN, translation_key="cannot_connect"
            ) from err
        self._async_token_maybe_changed()

    @callback
    def async_shutdown(self) -> None:
        """Stop for good (on unload)."""
        self._closed = True
        self._async_cancel_timer()

    @callback
    def _async_cancel_timer(self) -> None:
        if self._cancel_timer is not None:
            self._cancel_timer()
            self._cancel_timer = None
            self._timer_at = None

    async def async_request_data(self) -> RequestData:
        """Configuration and current auth headers; renews the token first if due."""
        if self._auth_failed:
            raise _auth_error()
        logins = self._logins
        try:
            try:
                return await self.session.request_data()
            except RefreshTokenInvalid:
                await self._async_login(logins)
                return await self.session.request_data()
        except PorscheAuthError as err:
            raise self._async_auth_failed() from err

    async def async_run[T](self, call: Callable[[RequestData], Awaitable[T]]) -> T:
        """Run a reading client call with fresh request data.

        A 401 means Porsche no longer takes a token that has not expired yet: renew it
        once (unless a concurrent call already did) and read once more.
        """
        data = await self.async_request_data()
        logins = self._logins
        try:
            return await call(data)
        except Unauthorized:
            LOGGER.debug("Porsche refused the access token; renewing it once")
            try:
                try:
                    await self.session.recover_unauthorized(data)
                except RefreshTokenInvalid:
                    await self._async_login(logins)
            except PorscheAuthError as err:
                raise self._async_auth_failed() from err
            return await call(await self.async_request_data())

    async def async_run_command[T](self, call: Callable[[Session], Awaitable[T]]) -> T:
        """Run a command call with the session itself as the client's source.

        So the client renews a refused token between status polls and goes on polling
        the same command: a command is never sent twice.
        """
        await self.async_request_data()
        try:
            return await call(self.session)
        except RefreshTokenInvalid as err:
            # The refresh token died mid-command; the next read signs in again.
            raise HomeAssistantError(
                translation_domain=DOMAIN, translation_key="session_renewed"
            ) from err
        except Unauthorized as err:
            # Refused even after the client renewed the token: this command, for this
            # account (commands never sign in, so the credentials are not in question).
            raise request_failed(err) from err

    async def _async_renew(self) -> None:
        """Refresh the token; when the refresh token is dead, one full login."""
        logins = self._logins
        try:
            await self.session.refresh()
        except RefreshTokenInvalid:
            LOGGER.info("Porsche refused the refresh token; signing in again")
            await self._async_login(logins)

    async def _async_login(self, logins_seen: int | None = None) -> None:
        """One full login, at most once per LOGIN_RETRY_INTERVAL.

        `logins_seen` is the login count a caller saw before its token was refused: if a
        concurrent caller has logged in since, there is nothing left to do. Porsche
        limiting logins (429) postpones the next try like a failure does; only refused
        credentials, a locked account or a captcha end in reauthentication.
        """
        async with self._login_lock:
            if logins_seen is not None and self._logins != logins_seen:
                return
            gate = self.hass.data.setdefault(NEXT_LOGIN, {})
            now = dt_util.utcnow()
            entry_id = self.entry.entry_id
            if (not_before := gate.get(entry_id)) is not None and now < not_before:
                raise LoginPostponedError("a full login was tried recently")
            gate[entry_id] = now + LOGIN_RETRY_INTERVAL
            try:
                await self.session.login()
            except TooManyLogins as err:
                raise LoginPostponedError("Porsche limits logins for now") from err
            self._logins += 1

    @callback
    def _async_auth_failed(self) -> ConfigEntryAuthFailed:
        """Porsche refused the credentials: stop, and ask the user (once)."""
        if not self._auth_failed:
            LOGGER.warning(
                "Porsche Connect no longer accepts the stored sign-in; please sign in again"
            )
            self._auth_failed = True
            self._async_cancel_timer()
            self.entry.async_start_reauth(self.hass)
        return _auth_error()

    async def _async_timed_refresh(self, _now: datetime) -> None:
        """The timed callback: renew ahead of expiry."""
        self._cancel_timer = None
        self._timer_at = None
        try:
            await self._async_renew()
        except PorscheAuthError:
            self._async_auth_failed()
            return
        except LoginPostponedError:
            gate = self.hass.data.get(NEXT_LOGIN, {})
            if (not_before := gate.get(self.entry.entry_id)) is not None:
                self._async_schedule(not_before)
            return
        except PorscheError as err:
            self._async_refresh_failed(err)
            return
        if self._refresh_failing:
            LOGGER.info("Porsche Connect token refresh works again")
            self._refresh_failing = False

    @callback
    def _async_refresh_failed(self, err: PorscheError) -> None:
        """Retry every minute while the current token is still valid."""
        log = LOGGER.debug if self._refresh_failing else LOGGER.warning
        log("Porsche Connect token refresh failed, retrying: %s", err)
        self._refresh_failing = True
        retry_at = dt_util.utcnow() + REFRESH_RETRY_INTERVAL
        expires_at = self.session.expires_at
        if expires_at is not None and retry_at < expires_at:
            self._async_schedule(retry_at)
        # Past expiry the next request renews on demand and restarts the timer.

    @callback
    def _async_token_maybe_changed(self) -> None:
        """Store a rotated token in the entry, and keep the timer on the new schedule."""
        if self._closed:
            return
        token = self.session.token
        if token is not None and token != self.entry.data.get(CONF_TOKEN):
            self.hass.config_entries.async_update_entry(
                self.entry, data={**self.entry.data, CONF_TOKEN: dict(token)}
            )
        refresh_at = self.session.refresh_at
        if (
            not self._auth_failed
            and refresh_at is not None
            and refresh_at != self._timer_at
        ):
            self._async_schedule(refresh_at)

    @callback
    def _async_schedule(self, when: datetime) -> None:
        if self._cancel_timer is not None:
            self._cancel_timer()
        self._timer_at = when
        self._cancel_timer = async_track_point_in_utc_time(
            self.hass, self._async_timed_refresh, when
        )


def _auth_error() -> ConfigEntryAuthFailed:
    return ConfigEntryAuthFailed(
        translation_domain=DOMAIN, translation_key="auth_failed"
    )
