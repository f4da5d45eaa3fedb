"""The entry's options: the options flow, and the client configuration they give."""

from __future__ import annotations

from collections.abc import Mapping
import os
import re
from typing import Any

from homeassistant.config_entries import (
    ConfigEntryState,
    ConfigFlowResult,
    OptionsFlowWithReload,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.selector import (
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
)
from homeassistant.util import dt as dt_util
import probatio as vol

from .api import Config, Vehicle
from .const import (
    CONF_CHARGING_SCAN_INTERVAL,
    CONF_COUNTRY,
    CONF_EXCLUDED_VEHICLES,
    CONF_LANGUAGE,
    CONF_SCAN_INTERVAL,
    CONF_TIME_ZONE,
    CONF_VEHICLES,
    DEFAULT_CHARGING_SCAN_INTERVAL,
    DEFAULT_SCAN_INTERVAL,
    ENV_SERVER,
    MAX_SCAN_INTERVAL,
    MIN_SCAN_INTERVAL,
)
from .coordinator import PorscheConfigEntry


def default_language(hass: HomeAssistant) -> str:
    """Home Assistant's language, as Porsche wants it (two letters)."""
    return (hass.config.language or "en").split("-")[0].lower()


def default_country(hass: HomeAssistant) -> str:
    """Home Assistant's country, else Germany."""
    return (hass.config.country or "DE").upper()


def client_config(hass: HomeAssistant, options: Mapping[str, Any]) -> Config:
    """The client's Config for an entry (or a config flow, with no options yet)."""
    values: dict[str, Any] = {
        "language": options.get(CONF_LANGUAGE) or default_language(hass),
        "country": options.get(CONF_COUNTRY) or default_country(hass),
        "timezone": options.get(CONF_TIME_ZONE) or hass.config.time_zone,
    }
    if server := os.environ.get(ENV_SERVER):
        # A local simulator: no live-server pause is needed before the login resume.
        server = server.rstrip("/")
        values |= {
            "identity_url": server,
            "api_url": f"{server}/app",
            "resume_delay": 0,
        }
    return Config.build(values)


class OptionsFlowHandler(OptionsFlowWithReload):
    """Polling intervals, vehicles, and the locale Porsche answers in."""

    config_entry: PorscheConfigEntry

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """One form for all options.

        The form ticks the cars shown; what is stored is the cars unticked, so a car
        that joins the account later appears. While the entry is not loaded the
        account's cars are unknown: the form leaves them out and the choice stays.
        """
        errors: dict[str, str] = {}
        vehicles = self._account_vehicles()
        options = self.config_entry.options
        excluded: list[str] = list(options.get(CONF_EXCLUDED_VEHICLES, []))
        if user_input is not None:
            if dt_util.get_time_zone(user_input[CONF_TIME_ZONE]) is None:
                errors[CONF_TIME_ZONE] = "invalid_time_zone"
            elif not re.fullmatch(r"[A-Za-z]{2}", user_input[CONF_COUNTRY]):
                errors[CONF_COUNTRY] = "invalid_country"
            else:
                data = {k: v for k, v in user_input.items() if k != CONF_VEHICLES}
                data[CONF_COUNTRY] = data[CONF_COUNTRY].upper()
                for key in (CONF_SCAN_INTERVAL, CONF_CHARGING_SCAN_INTERVAL):
                    data[key] = int(data[key])
                if vehicles is not None and CONF_VEHICLES in user_input:
                    # No field at all: the choice stays (not "untick every car").
                    ticked = user_input[CONF_VEHICLES]
                    excluded = [v.vin for v in vehicles if v.vin not in ticked]
                data[CONF_EXCLUDED_VEHICLES] = excluded
                return self.async_create_entry(data=data)

        hass = self.hass
        interval = NumberSelector(
            NumberSelectorConfig(
                min=MIN_SCAN_INTERVAL,
                max=MAX_SCAN_INTERVAL,
                step=1,
                unit_of_measurement="min",
                mode=NumberSelectorMode.BOX,
            )
        )
        fields: dict[Any, Any] = {
            vol.Required(CONF_SCAN_INTERVAL): interval,
            vol.Required(CONF_CHARGING_SCAN_INTERVAL): interval,
        }
        if vehicles is not None:
            fields[vol.Optional(CONF_VEHICLES)] = SelectSelector(
                SelectSelectorConfig(
                    options=[
                        SelectOptionDict(value=vehicle.vin, label=vehicle.name)
                        for vehicle in vehicles
                    ],
                    multiple=True,
                )
            )
        fields[vol.Required(CONF_LANGUAGE)] = str
        fields[vol.Required(CONF_COUNTRY)] = str
        fields[vol.Required(CONF_TIME_ZONE)] = str
        suggested = {
            CONF_SCAN_INTERVAL: DEFAULT_SCAN_INTERVAL,
            CONF_CHARGING_SCAN_INTERVAL: DEFAULT_CHARGING_SCAN_INTERVAL,
            CONF_LANGUAGE: default_language(hass),
            CONF_COUNTRY: default_country(hass),
            CONF_TIME_ZONE: hass.config.time_zone,
            **{k: v for k, v in options.items() if k != CONF_VEHICLES},
            CONF_VEHICLES: [v.vin for v in vehicles or [] if v.vin not in excluded],
            **(user_input or {}),
        }
        return self.async_show_form(
            step_id="init",
            data_schema=self.add_suggested_values_to_schema(
                vol.Schema(fields), suggested
            ),
            errors=errors,
        )

    def _account_vehicles(self) -> list[Vehicle] | None:
        """The account's cars, or None while the entry is not loaded."""
        if self.config_entry.state is not ConfigEntryState.LOADED:
            return None
        return self.config_entry.runtime_data.account.data
