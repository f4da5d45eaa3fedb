"""Config flow for Porsche Connect.

Steps: user → captcha (as often as Porsche asks), reauth, reconfigure, and the options.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
import re
from typing import Any

from aiohttp import ClientSession
from homeassistant.config_entries import (
    SOURCE_REAUTH,
    SOURCE_RECONFIGURE,
    ConfigEntry,
    ConfigFlow,
    ConfigFlowResult,
)
from homeassistant.const import CONF_PASSWORD, CONF_USERNAME
from homeassistant.core import callback
from homeassistant.helpers.aiohttp_client import async_create_clientsession
from homeassistant.helpers.selector import (
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
import probatio as vol

from .api import (
    AccountLocked,
    CaptchaRequired,
    InvalidCredentials,
    PorscheConnectionError,
    RateLimited,
    ServerError,
    Session,
    TooManyLogins,
)
from .const import (
    CONF_TOKEN,
    DOMAIN,
    LOGGER,
)
from .options import OptionsFlowHandler, client_config

CONF_CAPTCHA = "captcha"
PASSWORD_SELECTOR = TextSelector(TextSelectorConfig(type=TextSelectorType.PASSWORD))
EMAIL_SELECTOR = TextSelector(
    TextSelectorConfig(type=TextSelectorType.EMAIL, autocomplete="username")
)
# Login errors and the form error each one shows.
LOGIN_ERRORS: tuple[tuple[type[Exception], str], ...] = (
    (InvalidCredentials, "invalid_auth"),
    (AccountLocked, "account_locked"),
    (TooManyLogins, "too_many_logins"),
    (PorscheConnectionError, "cannot_connect"),
    (ServerError, "cannot_connect"),
    (RateLimited, "too_many_logins"),
    (Exception, "unknown"),
)


def readable_captcha(image: str) -> str:
    """The captcha as a data URI that reads well in light and dark themes.

    Porsche's SVG draws dark glyphs on a transparent background; we give it a white
    background and a generous size so it is legible at a glance.
    """
    prefix = "data:image/svg+xml;base64,"
    if not image.startswith(prefix):
        return image
    try:
        svg = base64.b64decode(image[len(prefix) :]).decode()
    except ValueError:
        return image
    opening = re.search(r"<svg\b[^>]*>", svg)
    if opening is None:
        return image
    tag = re.sub(r'\s(width|height)="[^"]*"', "", opening.group(0))
    tag = tag[:-1] + ' width="300" height="100">'
    svg = (
        svg[: opening.start()]
        + tag
        + '<rect width="100%" height="100%" fill="#ffffff"/>'
        + svg[opening.end() :]
    )
    return prefix + base64.b64encode(svg.encode()).decode()


class PorscheConnectConfigFlow(ConfigFlow, domain=DOMAIN):
    """Sign in with a Porsche ID."""

    VERSION = 1

    def __init__(self) -> None:
        """Start with no login under way."""
        self._username = ""
        self._password = ""
        self._http: ClientSession | None = None
        self._session: Session | None = None
        self._captcha: CaptchaRequired | None = None

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: ConfigEntry[Any]) -> OptionsFlowHandler:
        """The options: polling, vehicles, locale."""
        return OptionsFlowHandler()

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the Porsche ID and password."""
        errors: dict[str, str] = {}
        if user_input is not None:
            self._username = user_input[CONF_USERNAME].strip()
            self._password = user_input[CONF_PASSWORD]
            await self.async_set_unique_id(self._username.lower())
            self._abort_if_unique_id_configured()
            if (result := await self._async_login(errors)) is not None:
                return result
        return self.async_show_form(
            step_id="user",
            data_schema=self.add_suggested_values_to_schema(
                vol.Schema(
                    {
                        vol.Required(CONF_USERNAME): EMAIL_SELECTOR,
                        vol.Required(CONF_PASSWORD): PASSWORD_SELECTOR,
                    }
                ),
                {CONF_USERNAME: self._username},
            ),
            errors=errors,
        )

    async def async_step_captcha(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Show Porsche's captcha and take the answer; repeats while Porsche asks."""
        assert self._captcha is not None
        assert self._session is not None
        errors: dict[str, str] = {}
        if user_input is not None:
            challenge = self._captcha
            try:
                await self._session.answer_captcha(challenge, user_input[CONF_CAPTCHA])
            except CaptchaRequired as again:
                self._captcha = again
                errors["base"] = "captcha_invalid"
            except Exception as err:  # noqa: BLE001 - every failure becomes a form error
                errors["base"] = self._error_for(err)
                self._release_http()
                return self._async_show_credentials_again(errors)
            else:
                return await self._async_finish()
        return self.async_show_form(
            step_id="captcha",
            data_schema=vol.Schema({vol.Required(CONF_CAPTCHA): str}),
            description_placeholders={
                "captcha": f"![captcha]({readable_captcha(self._captcha.image)})"
            },
            errors=errors,
        )

    async def async_step_reauth(
        self, entry_data: Mapping[str, Any]
    ) -> ConfigFlowResult:
        """Porsche no longer takes the stored sign-in."""
        self._username = entry_data[CONF_USERNAME]
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the password again (the username stays)."""
        errors: dict[str, str] = {}
        if user_input is not None:
            self._password = user_input[CONF_PASSWORD]
            if (result := await self._async_login(errors)) is not None:
                return result
        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=vol.Schema({vol.Required(CONF_PASSWORD): PASSWORD_SELECTOR}),
            description_placeholders={CONF_USERNAME: self._username},
            errors=errors,
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change the username's spelling or the password of this account."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            self._username = user_input[CONF_USERNAME].strip()
            self._password = user_input[CONF_PASSWORD]
            await self.async_set_unique_id(self._username.lower())
            self._abort_if_unique_id_mismatch(reason="wrong_account")
            if (result := await self._async_login(errors)) is not None:
                return result
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(
                vol.Schema(
                    {
                        vol.Required(CONF_USERNAME): EMAIL_SELECTOR,
                        vol.Required(CONF_PASSWORD): PASSWORD_SELECTOR,
                    }
                ),
                {CONF_USERNAME: self._username or entry.data[CONF_USERNAME]},
            ),
            errors=errors,
        )

    async def _async_login(self, errors: dict[str, str]) -> ConfigFlowResult | None:
        """One login attempt: a result to return, or None with errors filled in."""
        self._release_http()
        # A session of its own (own cookie jar) for this login, on Home Assistant's
        # shared connection pool; released when the login is over.
        self._http = async_create_clientsession(self.hass, auto_cleanup=False)
        self._session = Session(
            self._http,
            self._username,
            self._password,
            client_config(self.hass, self._entry_options()),
        )
        try:
            await self._session.login()
        except CaptchaRequired as captcha:
            self._captcha = captcha
            return await self.async_step_captcha()
        except Exception as err:  # noqa: BLE001 - every failure becomes a form error
            errors["base"] = self._error_for(err)
            self._release_http()
            return None
        return await self._async_finish()

    @staticmethod
    def _error_for(err: Exception) -> str:
        key = next(key for kind, key in LOGIN_ERRORS if isinstance(err, kind))
        if key == "unknown":
            LOGGER.exception("Unexpected error while signing in to Porsche Connect")
        return key

    def _async_show_credentials_again(self, errors: dict[str, str]) -> ConfigFlowResult:
        """After a failed captcha round, go back to the step that took the password."""
        if self.source == SOURCE_REAUTH:
            step = "reauth_confirm"
            schema = vol.Schema({vol.Required(CONF_PASSWORD): PASSWORD_SELECTOR})
        else:
            step = "reconfigure" if self.source == SOURCE_RECONFIGURE else "user"
            schema = self.add_suggested_values_to_schema(
                vol.Schema(
                    {
                        vol.Required(CONF_USERNAME): EMAIL_SELECTOR,
                        vol.Required(CONF_PASSWORD): PASSWORD_SELECTOR,
                    }
                ),
                {CONF_USERNAME: self._username},
            )
        return self.async_show_form(
            step_id=step,
            data_schema=schema,
            description_placeholders={CONF_USERNAME: self._username},
            errors=errors,
        )

    async def _async_finish(self) -> ConfigFlowResult:
        """Logged in: store credentials and token in a new or the existing entry."""
        assert self._session is not None
        data = {
            CONF_USERNAME: self._username,
            CONF_PASSWORD: self._password,
            CONF_TOKEN: self._session.token,
        }
        self._release_http()
        if self.source == SOURCE_REAUTH:
            return self.async_update_reload_and_abort(
                self._get_reauth_entry(), data_updates=data
            )
        if self.source == SOURCE_RECONFIGURE:
            return self.async_update_reload_and_abort(
                self._get_reconfigure_entry(), data_updates=data
            )
        return self.async_create_entry(title=self._username, data=data)

    def _entry_options(self) -> Mapping[str, Any]:
        if self.source in (SOURCE_REAUTH, SOURCE_RECONFIGURE):
            return self._get_reauth_or_reconfigure_entry().options
        return {}

    def _get_reauth_or_reconfigure_entry(self) -> ConfigEntry[Any]:
        if self.source == SOURCE_REAUTH:
            return self._get_reauth_entry()
        return self._get_reconfigure_entry()

    def _release_http(self) -> None:
        if self._http is not None:
            self._http.detach()
            self._http = None

    @callback
    def async_remove(self) -> None:
        """The flow ended without finishing: release its HTTP session."""
        self._release_http()
