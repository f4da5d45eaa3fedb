"""Charging controls: direct charging, charge target, active charging profile."""

from __future__ import annotations

import copy

from homeassistant.components.number import (
    ATTR_VALUE,
    DOMAIN as NUMBER_DOMAIN,
    SERVICE_SET_VALUE,
)
from homeassistant.components.select import (
    ATTR_OPTION,
    ATTR_OPTIONS,
    DOMAIN as SELECT_DOMAIN,
    SERVICE_SELECT_OPTION,
)
from homeassistant.components.switch import DOMAIN as SWITCH_DOMAIN
from homeassistant.const import (
    ATTR_ENTITY_ID,
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
    STATE_OFF,
    STATE_ON,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from simulator import CAYENNE_VIN, MACAN_VIN, TAYCAN_VIN, Simulator

from .conftest import entity_id


def _profiles(server: Simulator, vin: str) -> dict[int, dict[str, object]]:
    value = server.measurement(vin, "CHARGING_PROFILES")
    assert value is not None
    return {profile["id"]: profile for profile in value["list"]}


async def test_direct_charging(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: Simulator
) -> None:
    entity = entity_id(hass, "switch", MACAN_VIN, "direct_charging")
    assert hass.states.get(entity).state == STATE_OFF
    await hass.services.async_call(
        SWITCH_DOMAIN, SERVICE_TURN_ON, {ATTR_ENTITY_ID: entity}, blocking=True
    )
    assert server.measurement(MACAN_VIN, "DIRECT_CHARGING")["isActive"] is True
    assert hass.states.get(entity).state == STATE_ON
    await hass.services.async_call(
        SWITCH_DOMAIN, SERVICE_TURN_OFF, {ATTR_ENTITY_ID: entity}, blocking=True
    )
    assert server.measurement(MACAN_VIN, "DIRECT_CHARGING")["isActive"] is False
    assert hass.states.get(entity).state == STATE_OFF


async def _set_target(hass: HomeAssistant, entity: str, value: float) -> None:
    await hass.services.async_call(
        NUMBER_DOMAIN,
        SERVICE_SET_VALUE,
        {ATTR_ENTITY_ID: entity, ATTR_VALUE: value},
        blocking=True,
    )


async def test_charge_target_edits_only_the_active_profile(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: Simulator
) -> None:
    """The Macan has three profiles; "Home" (id 3) is active."""
    entity = entity_id(hass, "number", MACAN_VIN, "charge_target")
    state = hass.states.get(entity)
    assert state.state == "80"
    assert (state.attributes["min"], state.attributes["max"]) == (25, 100)
    assert state.attributes["step"] == 5
    before = copy.deepcopy(_profiles(server, MACAN_VIN))

    await _set_target(hass, entity, 65)

    after = _profiles(server, MACAN_VIN)
    assert after[3] == {**before[3], "targetSoc": 65}
    assert after[0] == before[0]
    assert after[5] == before[5]
    value = server.measurement(MACAN_VIN, "CHARGING_PROFILES")
    assert value["currentProfileId"] == 3
    assert hass.states.get(entity).state == "65"


async def test_charge_target_on_a_departure_car(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: Simulator
) -> None:
    """The Cayenne keeps its target in CHARGING_SETTINGS."""
    entity = entity_id(hass, "number", CAYENNE_VIN, "charge_target")
    assert hass.states.get(entity).state == "80"
    await _set_target(hass, entity, 90)
    assert server.measurement(CAYENNE_VIN, "CHARGING_SETTINGS")["targetSoc"] == 90
    assert hass.states.get(entity).state == "90"


async def test_charge_target_refused(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: Simulator
) -> None:
    """Porsche's ERROR comes back translated, and the value stays."""
    entity = entity_id(hass, "number", TAYCAN_VIN, "charge_target")
    server.set_remote_access(TAYCAN_VIN, False)  # not yet polled
    with pytest.raises(HomeAssistantError) as err:
        await _set_target(hass, entity, 50)
    assert err.value.translation_key == "command_remote_access"
    assert hass.states.get(entity).state == "85"


async def test_active_profile(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: Simulator
) -> None:
    entity = entity_id(hass, "select", MACAN_VIN, "charging_profile")
    state = hass.states.get(entity)
    assert state.state == "Home"
    assert state.attributes[ATTR_OPTIONS] == ["Standard", "Home", "Office"]
    before = copy.deepcopy(_profiles(server, MACAN_VIN))

    await hass.services.async_call(
        SELECT_DOMAIN,
        SERVICE_SELECT_OPTION,
        {ATTR_ENTITY_ID: entity, ATTR_OPTION: "Office"},
        blocking=True,
    )
    assert server.measurement(MACAN_VIN, "CHARGING_PROFILES")["currentProfileId"] == 5
    assert _profiles(server, MACAN_VIN) == before
    assert hass.states.get(entity).state == "Office"
    # The charge target now follows the Office profile.
    number = entity_id(hass, "number", MACAN_VIN, "charge_target")
    assert hass.states.get(number).state == "90"
