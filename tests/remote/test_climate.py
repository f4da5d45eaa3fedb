"""Climatisation: on and off, target and zones, remembered across restarts."""

from __future__ import annotations

from homeassistant.components.climate import (
    ATTR_HVAC_MODE,
    ATTR_MAX_TEMP,
    ATTR_MIN_TEMP,
    DOMAIN as CLIMATE_DOMAIN,
    SERVICE_SET_HVAC_MODE,
    SERVICE_SET_TEMPERATURE,
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
    HVACMode,
)
from homeassistant.const import ATTR_ENTITY_ID, ATTR_TEMPERATURE
from homeassistant.core import HomeAssistant, State
from homeassistant.exceptions import ServiceValidationError
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    mock_restore_cache,
)

from custom_components.porsche_connect.const import DOMAIN
from simulator import CAYENNE_VIN, MACAN_VIN, TAYCAN_VIN, Simulator

from .conftest import device_id, entity_id

MACAN_CLIMATE = "climate.macan_4_electric_climatisation"


async def _call(hass: HomeAssistant, service: str, entity: str, **data: object) -> None:
    await hass.services.async_call(
        CLIMATE_DOMAIN, service, {ATTR_ENTITY_ID: entity, **data}, blocking=True
    )


async def test_range_from_the_capability(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: Simulator
) -> None:
    """289.15 K to 302.15 K in the Macan's capability: 16 to 29 °C."""
    state = hass.states.get(entity_id(hass, "climate", MACAN_VIN, "climatisation"))
    assert state.state == HVACMode.OFF
    assert state.attributes[ATTR_MIN_TEMP] == 16.0
    assert state.attributes[ATTR_MAX_TEMP] == 29.0
    assert state.attributes[ATTR_TEMPERATURE] == 20.0
    assert state.attributes["zones"] == {
        "front_left": False,
        "front_right": False,
        "rear_left": False,
        "rear_right": False,
    }


async def test_on_off_with_the_chosen_target(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: Simulator
) -> None:
    entity = entity_id(hass, "climate", MACAN_VIN, "climatisation")
    await _call(hass, SERVICE_SET_TEMPERATURE, entity, **{ATTR_TEMPERATURE: 21.5})
    # Choosing a target while off only remembers it.
    assert server.measurement(MACAN_VIN, "HVAC_SUMMARY")["status"] == "OFF"
    assert hass.states.get(entity).attributes[ATTR_TEMPERATURE] == 21.5

    await _call(hass, SERVICE_TURN_ON, entity)
    hvac = server.measurement(MACAN_VIN, "HVAC_SUMMARY")
    assert hvac["status"] != "OFF"
    assert hvac["targetTemperature"] == pytest.approx(294.65)
    state = hass.states.get(entity)
    assert state.state == HVACMode.HEAT_COOL
    assert state.attributes["remaining_time"] == 30

    # A new target while on restarts climatisation with it.
    await _call(hass, SERVICE_SET_TEMPERATURE, entity, **{ATTR_TEMPERATURE: 23})
    hvac = server.measurement(MACAN_VIN, "HVAC_SUMMARY")
    assert hvac["targetTemperature"] == pytest.approx(296.15)

    await _call(hass, SERVICE_SET_HVAC_MODE, entity, **{ATTR_HVAC_MODE: HVACMode.OFF})
    assert server.measurement(MACAN_VIN, "HVAC_SUMMARY")["status"] == "OFF"
    assert hass.states.get(entity).state == HVACMode.OFF


async def test_older_car_and_zones_by_action(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: Simulator
) -> None:
    """The Cayenne reports CLIMATIZER_STATE and has four zones."""
    entity = entity_id(hass, "climate", CAYENNE_VIN, "climatisation")
    await hass.services.async_call(
        DOMAIN,
        "climatisation_start",
        {
            "device_id": device_id(hass, CAYENNE_VIN),
            "temperature": 19,
            "zones": ["front_left", "rear_right"],
        },
        blocking=True,
    )
    value = server.measurement(CAYENNE_VIN, "CLIMATIZER_STATE")
    assert value["isOn"] is True
    assert value["targetTemperature"] == pytest.approx(292.15)
    assert value["climateZonesEnabled"] == {
        "frontLeft": True,
        "frontRight": False,
        "rearLeft": False,
        "rearRight": True,
    }
    state = hass.states.get(entity)
    assert state.state == HVACMode.HEAT_COOL
    assert state.attributes[ATTR_TEMPERATURE] == 19
    assert state.attributes["zones"]["rear_right"] is True

    # Off and on again from the card: the action's settings are remembered.
    await _call(hass, SERVICE_TURN_OFF, entity)
    assert server.measurement(CAYENNE_VIN, "CLIMATIZER_STATE")["isOn"] is False
    await _call(hass, SERVICE_TURN_ON, entity)
    value = server.measurement(CAYENNE_VIN, "CLIMATIZER_STATE")
    assert value["targetTemperature"] == pytest.approx(292.15)
    assert value["climateZonesEnabled"]["rearRight"] is True

    await hass.services.async_call(
        DOMAIN,
        "climatisation_stop",
        {"device_id": device_id(hass, CAYENNE_VIN)},
        blocking=True,
    )
    assert hass.states.get(entity).state == HVACMode.OFF


async def test_invalid_settings(
    hass: HomeAssistant, server: Simulator, config_entry: MockConfigEntry
) -> None:
    # The simulator reports all four zones (those a car lacks as false), as the
    # reference's example does; a car that reports only its front zones still has a
    # rear one refused.
    server.faults.unexpected_shape(
        "CLIMATIZER_STATE",
        {
            "isOn": False,
            "targetTemperature": 293.65,
            "climateZonesEnabled": {"frontLeft": False, "frontRight": False},
            "lastModified": "2026-11-05T19:53:00Z",
        },
        vin=TAYCAN_VIN,
    )
    config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()
    device = device_id(hass, TAYCAN_VIN)
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN,
            "climatisation_start",
            {"device_id": device, "temperature": 35},
            blocking=True,
        )
    assert err.value.translation_key == "temperature_out_of_range"
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN,
            "climatisation_start",
            {"device_id": device, "zones": ["rear_left"]},
            blocking=True,
        )
    assert err.value.translation_key == "unknown_zone"
    assert server.measurement(TAYCAN_VIN, "CLIMATIZER_STATE")["isOn"] is False


async def test_settings_restored_after_restart(
    hass: HomeAssistant, server: Simulator, config_entry: MockConfigEntry
) -> None:
    mock_restore_cache(
        hass,
        [
            State(
                MACAN_CLIMATE,
                HVACMode.OFF,
                {
                    ATTR_TEMPERATURE: 22.5,
                    "zones": {"front_left": True, "front_right": False},
                },
            )
        ],
    )
    config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()
    assert entity_id(hass, "climate", MACAN_VIN, "climatisation") == MACAN_CLIMATE
    state = hass.states.get(MACAN_CLIMATE)
    assert state.attributes[ATTR_TEMPERATURE] == 22.5
    assert state.attributes["zones"] == {
        "front_left": True,
        "front_right": False,
        "rear_left": False,
        "rear_right": False,
    }

    # Switched on by the action without settings: the restored ones are used.
    await hass.services.async_call(
        DOMAIN,
        "climatisation_start",
        {"device_id": device_id(hass, MACAN_VIN)},
        blocking=True,
    )
    hvac = server.measurement(MACAN_VIN, "HVAC_SUMMARY")
    assert hvac["targetTemperature"] == pytest.approx(295.65)
    assert hvac["climateZonesEnabled"] == {
        "frontLeft": True,
        "frontRight": False,
        "rearLeft": False,
        "rearRight": False,
    }
