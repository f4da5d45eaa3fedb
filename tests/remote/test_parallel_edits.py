"""Edits sent at the same time: each builds on the one before (nothing is lost)."""

from __future__ import annotations

import asyncio
from typing import Any

from homeassistant.components.number import (
    ATTR_VALUE,
    DOMAIN as NUMBER_DOMAIN,
    SERVICE_SET_VALUE,
)
from homeassistant.components.select import (
    ATTR_OPTION,
    DOMAIN as SELECT_DOMAIN,
    SERVICE_SELECT_OPTION,
)
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.porsche_connect.const import DOMAIN
from simulator import MACAN_VIN, Simulator

from .conftest import device_id, entity_id


async def _action(hass: HomeAssistant, service: str, **data: Any) -> None:
    await hass.services.async_call(
        DOMAIN,
        service,
        {"device_id": device_id(hass, MACAN_VIN), **data},
        blocking=True,
    )


async def _select(hass: HomeAssistant, option: str) -> None:
    await hass.services.async_call(
        SELECT_DOMAIN,
        SERVICE_SELECT_OPTION,
        {
            ATTR_ENTITY_ID: entity_id(hass, "select", MACAN_VIN, "charging_profile"),
            ATTR_OPTION: option,
        },
        blocking=True,
    )


async def _set_target(hass: HomeAssistant, value: int) -> None:
    await hass.services.async_call(
        NUMBER_DOMAIN,
        SERVICE_SET_VALUE,
        {
            ATTR_ENTITY_ID: entity_id(hass, "number", MACAN_VIN, "charge_target"),
            ATTR_VALUE: value,
        },
        blocking=True,
    )


def _list(server: Simulator, key: str) -> dict[int, dict[str, Any]]:
    value = server.measurement(MACAN_VIN, key)
    assert value is not None
    return {entry["id"]: entry for entry in value["list"]}


def _timer_ids(loaded_entry: MockConfigEntry) -> list[int]:
    coordinator = loaded_entry.runtime_data.vehicles[MACAN_VIN]
    return sorted(timer["id"] for timer in coordinator.data.timers or ())


async def test_parallel_timer_edits(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: Simulator
) -> None:
    """The Macan has timer 1; timers 2 and 3 added at once both stay."""
    new = {"departure_time": "07:30", "weekdays": ["monday"]}
    await asyncio.gather(
        _action(hass, "set_timer", timer_id=2, **new),
        _action(hass, "set_timer", timer_id=3, **new),
    )
    assert sorted(_list(server, "TIMERS")) == [1, 2, 3]
    assert _timer_ids(loaded_entry) == [1, 2, 3]

    await asyncio.gather(
        _action(hass, "delete_timer", timer_id=1),
        _action(hass, "set_timer", timer_id=2, enabled=False),
        _action(hass, "delete_timer", timer_id=3),
    )
    timers = _list(server, "TIMERS")
    assert sorted(timers) == [2]
    assert timers[2]["active"] is False
    assert _timer_ids(loaded_entry) == [2]


async def test_parallel_delete_of_one_timer(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: Simulator
) -> None:
    """The second delete finds the timer gone (checked again inside the queue)."""
    results = await asyncio.gather(
        _action(hass, "delete_timer", timer_id=1),
        _action(hass, "delete_timer", timer_id=1),
        return_exceptions=True,
    )
    assert results[0] is None
    assert isinstance(results[1], ServiceValidationError)
    assert results[1].translation_key == "unknown_timer"
    assert _list(server, "TIMERS") == {}
    # Only one edit was sent.
    posts = [
        r
        for r in server.log.records
        if r.method == "POST" and r.path.endswith("/commands")
    ]
    assert len(posts) == 1


async def test_target_then_profile_choice(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: Simulator
) -> None:
    """The profile list the select sends carries the target set just before."""
    await asyncio.gather(_set_target(hass, 65), _select(hass, "Office"))
    profiles = server.measurement(MACAN_VIN, "CHARGING_PROFILES")
    assert profiles is not None
    assert profiles["currentProfileId"] == 5
    assert _list(server, "CHARGING_PROFILES")[3]["targetSoc"] == 65
    assert _list(server, "CHARGING_PROFILES")[5]["targetSoc"] == 90


async def test_profile_choice_then_target(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: Simulator
) -> None:
    """The target goes to the profile active by then, not the one active before."""
    await asyncio.gather(_select(hass, "Office"), _set_target(hass, 65))
    profiles = _list(server, "CHARGING_PROFILES")
    assert profiles[5]["targetSoc"] == 65
    assert profiles[3]["targetSoc"] == 80
    number = entity_id(hass, "number", MACAN_VIN, "charge_target")
    assert hass.states.get(number).state == "65"


async def test_profile_edit_then_profile_choice(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: Simulator
) -> None:
    """A renamed profile stays renamed when another profile is chosen right after."""
    await asyncio.gather(
        _action(hass, "set_charging_profile", profile_id=3, name="Garage"),
        _select(hass, "Office"),
    )
    profiles = _list(server, "CHARGING_PROFILES")
    assert profiles[3]["name"] == "Garage"
    value = server.measurement(MACAN_VIN, "CHARGING_PROFILES")
    assert value is not None
    assert value["currentProfileId"] == 5
