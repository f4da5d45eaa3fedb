"""Config flow for Porsche Connect."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult
from homeassistant.const import CONF_PASSWORD, CONF_USERNAME
import voluptuous as vol

from .const import DOMAIN


class PorscheConnectConfigFlow(ConfigFlow, domain=DOMAIN):
    """Ask for the Porsche ID."""

    VERSION = 1

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Take the username and password."""
        if user_input is not None:
            return self.async_create_entry(
                title=user_input[CONF_USERNAME], data=user_input
            )
        return self.async_show_form(
            step_id="user",
            data_schema=vol.Schema(
                {vol.Required(CONF_USERNAME): str, vol.Required(CONF_PASSWORD): str}
            ),
        )
