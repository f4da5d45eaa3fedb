"""The client's configuration, from the entry's options and Home Assistant's settings."""

from __future__ import annotations

from collections.abc import Mapping
import os
from typing import Any

from homeassistant.core import HomeAssistant

from .api import Config
from .const import CONF_COUNTRY, CONF_LANGUAGE, CONF_TIME_ZONE, ENV_SERVER


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
