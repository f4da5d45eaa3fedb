"""Queued charging profile edits: each builds on the state the one before left."""

from __future__ import annotations

import asyncio
from typing import Any

from homeassistant.components.number import (
    ATTR_VALUE,
    DOMAIN as NUMBER_DOMAIN,
    SERVICE_SET_VALUE,
)
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.porsche_connect import api
from custom_components.porsche_connect.const import DOMAIN
from custom_components.porsche_connect.coordinator import VehicleCoordinator
from simulator import MACAN_VIN, Simulator, physics

from .conftest import device_id, entity_id


async def _edit_profile(hass: HomeAssistant, **data: Any) -> None:
    await hass.services.async_call(
        DOMAIN,
        "set_charging_profile",
        {"device_id": device_id(hass, MACAN_VIN), **data},
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


def _profiles(server: Simulator) -> dict[int, dict[str, Any]]:
    value = server.measurement(MACAN_VIN, "CHARGING_PROFILES")
    assert value is not None
    return {entry["id"]: entry for entry in value["list"]}


async def _coordinator(loaded_entry: MockConfigEntry) -> VehicleCoordinator:
    """The Macan's coordinator, just refreshed: the commands' refreshes now wait."""
    coordinator: VehicleCoordinator = loaded_entry.runtime_data.vehicles[MACAN_VIN]
    await coordinator.async_request_refresh()
    return coordinator


def _profile_reads(server: Simulator) -> int:
    """Overviews asked for the charging profiles alone (not the polls)."""
    return sum(
        1
        for record in server.log.records
        if record.method == "GET"
        and record.path.endswith(f"/vehicles/{MACAN_VIN}")
        and record.query.get("mf") == ["CHARGING_PROFILES"]
    )


@pytest.mark.parametrize("target_first", [False, True])
async def test_queued_edits_of_two_profiles_both_stay(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    server: Simulator,
    target_first: bool,
) -> None:
    """Profile 5 renamed and the active profile's (3) target set at once.

    Porsche's stored data still shows the profiles as they were before either edit:
    each edit builds on the list as the one before left it, not on that.
    """
    await _coordinator(loaded_entry)
    stale = server.measurement(MACAN_VIN, "CHARGING_PROFILES")
    server.faults.unexpected_shape("CHARGING_PROFILES", stale, vin=MACAN_VIN)
    reads = _profile_reads(server)
    edits = [
        _edit_profile(hass, profile_id=5, name="Work"),
        _set_target(hass, 65),
    ]
    await asyncio.gather(*(reversed(edits) if target_first else edits))
    server.faults.clear()

    profiles = _profiles(server)
    assert profiles[5]["name"] == "Work"
    assert profiles[3]["targetSoc"] == 65
    # The list is not read again before each edit.
    assert _profile_reads(server) == reads == 0


async def test_target_goes_to_the_profile_chosen_under_the_lock(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    server: Simulator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A poll during the command shows another profile active: the target stays on 3."""
    coordinator = await _coordinator(loaded_entry)
    send = api.set_charging_profile

    async def send_then_poll(*args: Any, **kwargs: Any) -> api.CommandStatus:
        status = await send(*args, **kwargs)
        # Someone makes profile 5 active in the app; a poll shows it.
        value = server.measurement(MACAN_VIN, "CHARGING_PROFILES")
        assert value is not None
        server.set_measurement(
            MACAN_VIN, "CHARGING_PROFILES", {**value, "currentProfileId": 5}
        )
        physics.refresh_charging(server.car(MACAN_VIN), server.clock.now())
        await coordinator.async_refresh()
        return status

    monkeypatch.setattr(api, "set_charging_profile", send_then_poll)
    shown: list[dict[int, int | None]] = []  # the targets in every update

    def record() -> None:
        profiles = coordinator.data.charging_profiles
        assert profiles is not None
        shown.append({p.id: p.target_soc for p in profiles.profiles})

    remove = coordinator.async_add_listener(record)
    await _set_target(hass, 65)
    remove()

    assert _profiles(server)[3]["targetSoc"] == 65
    # The poll, the command's effect shown at once, the refresh: never on profile 5.
    assert len(shown) >= 2
    assert all(targets[3] == 65 and targets[5] == 90 for targets in shown)


async def test_profile_gone_while_queued(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: Simulator
) -> None:
    """A profile deleted in the app while its edit waits its turn: a clear refusal."""
    coordinator = await _coordinator(loaded_entry)
    async with coordinator.command_lock:
        edit = asyncio.ensure_future(_edit_profile(hass, profile_id=5, name="Work"))
        for _ in range(5):
            await asyncio.sleep(0)
        assert not edit.done()
        value = server.measurement(MACAN_VIN, "CHARGING_PROFILES")
        assert value is not None
        kept = [entry for entry in value["list"] if entry["id"] != 5]
        server.set_measurement(MACAN_VIN, "CHARGING_PROFILES", {**value, "list": kept})
        await coordinator.async_refresh()
    with pytest.raises(ServiceValidationError) as err:
        await edit
    assert err.value.translation_key == "unknown_profile"
    assert sorted(_profiles(server)) == [0, 3]
