"""The actions: charging profiles, timers, and the send_command escape hatch."""

from __future__ import annotations

import copy
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.porsche_connect.const import DOMAIN
from simulator import CARRERA_VIN, CAYENNE_VIN, MACAN_VIN, TAYCAN_VIN, Simulator

from .conftest import device_id


async def _call(
    hass: HomeAssistant, service: str, vin: str, *, response: bool = False, **data: Any
) -> Any:
    return await hass.services.async_call(
        DOMAIN,
        service,
        {"device_id": device_id(hass, vin), **data},
        blocking=True,
        return_response=response,
    )


def _by_id(server: Simulator, vin: str, key: str) -> dict[int, dict[str, Any]]:
    value = server.measurement(vin, key)
    assert value is not None
    return {entry["id"]: entry for entry in value["list"]}


async def test_set_charging_profile(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: Simulator
) -> None:
    before = copy.deepcopy(_by_id(server, MACAN_VIN, "CHARGING_PROFILES"))
    await _call(
        hass,
        "set_charging_profile",
        MACAN_VIN,
        profile_id=5,
        name="Work",
        minimum_soc=45,
        enabled=False,
        preferred_window=True,
        preferred_window_start="09:00",
        preferred_window_end="15:30",
    )
    after = _by_id(server, MACAN_VIN, "CHARGING_PROFILES")
    assert after[5] == {
        **before[5],
        "name": "Work",
        "minSoc": 45,
        "isEnabled": False,
        "preferredChargingTimeEnabled": True,
        "preferredChargingStartTime": "09:00",
        "preferredChargingEndTime": "15:30",
    }
    assert after[0] == before[0]
    assert after[3] == before[3]
    profiles = loaded_entry.runtime_data.vehicles[MACAN_VIN].data.charging_profiles
    assert profiles.get(5).name == "Work"
    select = hass.states.get("select.macan_4_electric_charging_profile")
    assert "Work" in select.attributes["options"]


async def test_set_charging_profile_invalid(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: Simulator
) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, "set_charging_profile", MACAN_VIN, profile_id=9, name="x")
    assert err.value.translation_key == "unknown_profile"
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, "set_charging_profile", MACAN_VIN, profile_id=3)
    assert err.value.translation_key == "nothing_to_change"
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, "set_charging_profile", CAYENNE_VIN, profile_id=1, name="x")
    assert err.value.translation_key == "command_not_supported"


async def test_timers(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: Simulator
) -> None:
    before = copy.deepcopy(_by_id(server, TAYCAN_VIN, "TIMERS"))
    await _call(
        hass,
        "set_timer",
        TAYCAN_VIN,
        timer_id=3,
        departure_time="08:15",
        weekdays=["saturday", "sunday"],
        climatise=True,
        target_soc=70,
    )
    timers = _by_id(server, TAYCAN_VIN, "TIMERS")
    assert timers[3]["frequency"] == "CYCLIC"
    assert timers[3]["weekDays"] == ["SATURDAY", "SUNDAY"]
    assert "T08:15:00" in timers[3]["departureDateTime"]
    assert timers[3]["climatised"] is True
    assert timers[3]["targetChargeLevel"] == 70
    assert timers[3]["active"] is True
    assert {1: timers[1], 2: timers[2]} == before

    await _call(hass, "set_timer", TAYCAN_VIN, timer_id=2, enabled=True)
    timers = _by_id(server, TAYCAN_VIN, "TIMERS")
    assert timers[2] == {**before[2], "active": True}

    await _call(
        hass,
        "set_timer",
        TAYCAN_VIN,
        timer_id=1,
        date="2026-12-24",
        departure_time="10:00",
    )
    timers = _by_id(server, TAYCAN_VIN, "TIMERS")
    assert timers[1]["frequency"] == "SINGLE"
    assert timers[1]["departureDateTime"].startswith("2026-12-24T10:00:00")

    await _call(hass, "delete_timer", TAYCAN_VIN, timer_id=1)
    assert sorted(_by_id(server, TAYCAN_VIN, "TIMERS")) == [2, 3]
    coordinator = loaded_entry.runtime_data.vehicles[TAYCAN_VIN]
    assert [t["id"] for t in coordinator.data.timers or ()] == [2, 3]


async def test_departures(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: Simulator
) -> None:
    """The Cayenne edits DEPARTURES instead of TIMERS."""
    before = copy.deepcopy(_by_id(server, CAYENNE_VIN, "DEPARTURES"))
    await _call(hass, "set_timer", CAYENNE_VIN, timer_id=2, target_soc=90, charge=False)
    after = _by_id(server, CAYENNE_VIN, "DEPARTURES")
    assert after[2]["targetChargeLevel"] == 90
    assert after[2]["chargeOption"] is False
    assert after[1] == before[1]


async def test_timer_errors(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: Simulator
) -> None:
    cases = [
        ("set_timer", TAYCAN_VIN, {"timer_id": 7, "enabled": True}, "timer_incomplete"),
        (
            "set_timer",
            TAYCAN_VIN,
            {"timer_id": 1, "weekdays": ["monday"], "date": "2026-12-24"},
            "timer_repeat_conflict",
        ),
        ("delete_timer", TAYCAN_VIN, {"timer_id": 9}, "unknown_timer"),
        ("delete_timer", CARRERA_VIN, {"timer_id": 1}, "timers_not_supported"),
    ]
    for service, vin, data, key in cases:
        with pytest.raises(ServiceValidationError) as err:
            await _call(hass, service, vin, **data)
        assert err.value.translation_key == key


async def test_send_command(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: Simulator
) -> None:
    response = await _call(
        hass,
        "send_command",
        CARRERA_VIN,
        response=True,
        command="honk_flash",
        payload={"mode": "FLASH", "spin": None},
    )
    assert response == {"result": "PERFORMED", "details": None}
    assert [event.kind for event in server.events(CARRERA_VIN)] == ["FLASH"]

    # A key the polls do not ask for is checked with Porsche first.
    await _call(
        hass, "send_command", MACAN_VIN, command="TIMERS_DISABLE", payload={"id": 1}
    )
    assert _by_id(server, MACAN_VIN, "TIMERS")[1]["active"] is False


async def test_send_command_refused(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: Simulator
) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, "send_command", CARRERA_VIN, command="REMOTE_HEATING_START")
    assert err.value.translation_key == "command_not_supported"
    with pytest.raises(ServiceValidationError) as err:
        await _call(hass, "send_command", CARRERA_VIN, command="UNLOCK")
    assert err.value.translation_key == "command_not_allowed"
    with pytest.raises(HomeAssistantError) as err:
        await _call(
            hass,
            "send_command",
            CARRERA_VIN,
            command="HONK_FLASH",
            payload={"mode": "X"},
        )
    assert err.value.translation_key == "command_failed"
    assert "INVALID_PAYLOAD" in err.value.translation_placeholders["reason"]
    assert server.events(CARRERA_VIN) == []


async def test_actions_need_a_porsche_device(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: Simulator
) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN, "climatisation_stop", {"device_id": "nope"}, blocking=True
        )
    assert err.value.translation_key == "invalid_device"


async def test_actions_without_remote_access(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: Simulator
) -> None:
    server.set_remote_access(MACAN_VIN, False)
    await loaded_entry.runtime_data.vehicles[MACAN_VIN].async_refresh()
    log_size = len(server.log.records)
    with pytest.raises(HomeAssistantError) as err:
        await _call(hass, "climatisation_start", MACAN_VIN)
    assert err.value.translation_key == "remote_access_disabled"
    assert len(server.log.records) == log_size  # nothing sent
