"""The session coordinator: one logged-in Porsche session per config entry.

It logs in (or starts from the token stored in the entry) during setup, refreshes the token
on a timed callback shortly before it expires, keeps the entry's copy of the token current,
and hands out `RequestData` for the stateless client calls everything else makes. When the
credentials stop working it starts reauthentication once, and never loops logins.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from aiohttp import ClientSession
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_PASSWORD, CONF_USERNAME
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed, ConfigEntryNotReady
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.util import dt as dt_util

from .api import (
    Config,
    PorscheAuthError,
    PorscheError,
    RequestData,
    Session,
    Unauthorized,
)
from .const import CONF_TOKEN, DOMAIN, LOGGER, REFRESH_RETRY_INTERVAL


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
        )
        self._cancel_timer: CALLBACK_TYPE | None = None
        self._timer_at: datetime | None = None
        self._refresh_failing = False
        # Set once Porsche refused the credentials: nothing signs in again until the
        # user reauthenticates (a reload), because repeated logins bring captchas.
        self._auth_failed = False

    async def async_setup(self) -> None:
        """Have a working token before the entry's setup goes on.

        A stored token is used as it is, refreshed when it is close to expiry; without one
        the stored credentials log in once.
        """
        try:
            refresh_at = self.session.refresh_at
            if self.session.token is None or refresh_at is None:
                await self.session.login()
            elif dt_util.utcnow() >= refresh_at:
                await self.session.refresh()
        except PorscheAuthError as err:
            raise self._auth_error() from err
        except PorscheError as err:
            raise ConfigEntryNotReady(
                translation_domain=DOMAIN, translation_key="cannot_connect"
            ) from err
        self._async_token_maybe_changed()

    @callback
    def async_shutdown(self) -> None:
        """Stop the refresh timer (on unload)."""
        if self._cancel_timer is not None:
            self._cancel_timer()
            self._cancel_timer = None
            self._timer_at = None

    async def async_request_data(self) -> RequestData:
        """Configuration and current auth headers; refreshes first if the token expired."""
        if self._auth_failed:
            raise self._auth_error()
        try:
            data = await self.session.request_data()
        except PorscheAuthError as err:
            raise self._auth_failed_now() from err
        self._async_token_maybe_changed()
        return data

    def _auth_error(self) -> ConfigEntryAuthFailed:
        return ConfigEntryAuthFailed(
            translation_domain=DOMAIN, translation_key="auth_failed"
        )

    def _auth_failed_now(self) -> ConfigEntryAuthFailed:
        """Remember that the credentials failed; stop the timer."""
        self._auth_failed = True
        self.async_shutdown()
        return self._auth_error()

    async def async_run[T](self, call: Callable[[RequestData], Awaitable[T]]) -> T:
        """Run a client call with fresh request data.

        A 401 means Porsche no longer takes a token that has not expired yet: refresh once
        (unless a concurrent call already did) and try once more.
        """
        data = await self.async_request_data()
        try:
            return await call(data)
        except Unauthorized:
            LOGGER.debug("Porsche refused the access token; refreshing it once")
            try:
                await self.session.recover_unauthorized(data)
            except PorscheAuthError as err:
                raise self._auth_failed_now() from err
            self._async_token_maybe_changed()
            return await call(await self.async_request_data())

    async def _async_timed_refresh(self, _now: datetime) -> None:
        """The timed callback: refresh ahead of expiry."""
        self._cancel_timer = None
        self._timer_at = None
        try:
            await self.session.refresh()
        except PorscheAuthError:
            LOGGER.warning(
                "Porsche Connect no longer accepts the stored sign-in; please sign in again"
            )
            self._auth_failed_now()
            self.entry.async_start_reauth(self.hass)
            return
        except PorscheError as err:
            self._async_refresh_failed(err)
            return
        if self._refresh_failing:
            LOGGER.info("Porsche Connect token refresh works again")
            self._refresh_failing = False
        self._async_token_maybe_changed()

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
        # Past expiry the next request refreshes on demand and restarts the timer.

    @callback
    def _async_token_maybe_changed(self) -> None:
        """Store a rotated token in the entry, and keep the timer on the new schedule."""
        token = self.session.token
        if token is not None and token != self.entry.data.get(CONF_TOKEN):
            self.hass.config_entries.async_update_entry(
                self.entry, data={**self.entry.data, CONF_TOKEN: token}
            )
        refresh_at = self.session.refresh_at
        if refresh_at is not None and refresh_at != self._timer_at:
            self._async_schedule(refresh_at)

    @callback
    def _async_schedule(self, when: datetime) -> None:
        if self._cancel_timer is not None:
            self._cancel_timer()
        self._timer_at = when
        self._cancel_timer = async_track_point_in_utc_time(
            self.hass, self._async_timed_refresh, when
        )
