"""Buttons: flash, honk and flash, and update from car."""

from __future__ import annotations

from homeassistant.components.button import DOMAIN as BUTTON_DOMAIN, SERVICE_PRESS
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from simulator import CARRERA_VIN, MACAN_VIN, Simulator

from .conftest import entity_id


async def _press(hass: HomeAssistant, vin: str, key: str) -> None:
    await hass.services.async_call(
        BUTTON_DOMAIN,
        SERVICE_PRESS,
        {ATTR_ENTITY_ID: entity_id(hass, "button", vin, key)},
        blocking=True,
    )


async def test_flash_and_honk(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: Simulator
) -> None:
    await _press(hass, CARRERA_VIN, "flash")
    await _press(hass, CARRERA_VIN, "honk_flash")
    assert [event.kind for event in server.events(CARRERA_VIN)] == [
        "FLASH",
        "HONK_AND_FLASH",
    ]


async def test_flash_in_privacy_mode(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: Simulator
) -> None:
    server.set_privacy_mode(CARRERA_VIN)
    with pytest.raises(HomeAssistantError) as err:
        await _press(hass, CARRERA_VIN, "flash")
    assert err.value.translation_key == "privacy_mode"
    assert server.events(CARRERA_VIN) == []


async def test_update_from_car(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: Simulator
) -> None:
    """The button reads with wakeUpJob; nothing else ever does."""
    server.set_measurement(MACAN_VIN, "BATTERY_LEVEL", {"percent": 42})
    server.log.clear()
    await _press(hass, MACAN_VIN, "update_from_car")
    wakes = [r for r in server.log.records if "wakeUpJob" in r.query]
    assert len(wakes) == 1
    coordinator = loaded_entry.runtime_data.vehicles[MACAN_VIN]
    assert coordinator.data.battery_level == 42


async def test_update_from_car_fails_cleanly(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: Simulator
) -> None:
    server.faults.status(408, path=f"/app/connect/v1/vehicles/{MACAN_VIN}")
    with pytest.raises(HomeAssistantError) as err:
        await _press(hass, MACAN_VIN, "update_from_car")
    assert err.value.translation_key == "vehicle_unavailable"
