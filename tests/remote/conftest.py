"""Helpers for the remote-control tests: fast command polling, entity ids, calls."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest

from custom_components.porsche_connect import commands
from custom_components.porsche_connect.const import DOMAIN


@pytest.fixture(autouse=True)
def fast_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    """Poll commands without waiting between polls, and retry a 429 at once."""
    monkeypatch.setattr(commands, "POLL_INTERVAL", 0)
    monkeypatch.setattr(commands, "RATE_LIMIT_WAIT", 0)


def entity_id(hass: HomeAssistant, platform: str, vin: str, key: str) -> str:
    """The entity id of a car's entity, by its unique id."""
    found = er.async_get(hass).async_get_entity_id(platform, DOMAIN, f"{vin}-{key}")
    assert found is not None, f"no {platform} {key} for this car"
    return found


def has_entity(hass: HomeAssistant, platform: str, vin: str, key: str) -> bool:
    """Whether a car has an entity."""
    registry = er.async_get(hass)
    return registry.async_get_entity_id(platform, DOMAIN, f"{vin}-{key}") is not None


def device_id(hass: HomeAssistant, vin: str) -> str:
    """The device id of a car."""
    devices = dr.async_get(hass).async_get_devices(identifiers={(DOMAIN, vin)})
    assert len(devices) == 1
    return devices[0].id
