"""Commands: every key, polled to the end, and the state changes later reads show."""

from __future__ import annotations

from typing import Any

import pytest

from simulator import (
    CARRERA_VIN,
    CAYENNE_VIN,
    DEMO_EMAIL,
    DEMO_PASSWORD,
    DEMO_SPIN,
    MACAN_VIN,
    TAYCAN_VIN,
    UNPAIRED_VIN,
    Simulator,
)

from .refclient import RefClient, find_challenge, spin_hash

ZONES_OFF = {
    "frontLeft": False,
    "frontRight": False,
    "rearLeft": False,
    "rearRight": False,
}


@pytest.fixture
async def logged_in(simulator: Simulator, client: RefClient) -> RefClient:
    await client.login(DEMO_EMAIL, DEMO_PASSWORD)
    return client


def details(result: dict[str, Any]) -> dict[str, Any]:
    assert result["status"]["result"] == "ERROR", result
    found: dict[str, Any] = result["status"]["details"]
    return found


async def test_command_goes_accepted_then_performed_after_the_delay(
    simulator: Simulator, logged_in: RefClient
) -> None:
    simulator.options.command_delay = 2.0
    status, sent = await logged_in.send(TAYCAN_VIN, "LOCK", {"spin": None})
    assert status == 201
    assert sent["status"]["result"] == "ACCEPTED"
    command_id = sent["status"]["id"]
    status, body = await logged_in.poll(TAYCAN_VIN, command_id)
    assert (status, body["status"]["result"]) == (200, "ACCEPTED")
    simulator.advance(2)
    status, body = await logged_in.poll(TAYCAN_VIN, command_id)
    assert body["status"]["result"] == "PERFORMED"
    status, _ = await logged_in.poll(TAYCAN_VIN, "no-such-id")
    assert status == 404


async def test_command_body_must_use_key(logged_in: RefClient) -> None:
    async with logged_in.session.post(
        f"{logged_in.api_url}/connect/v1/vehicles/{TAYCAN_VIN}/commands",
        json={"commandName": "LOCK", "payload": {}},
        headers=logged_in.api_headers,
    ) as response:
        assert response.status == 400


async def test_lock_and_unlock_with_spin(
    simulator: Simulator, logged_in: RefClient
) -> None:
    result = await logged_in.unlock(TAYCAN_VIN, DEMO_SPIN)
    assert result["status"]["result"] == "PERFORMED"
    entries = await logged_in.measurements(TAYCAN_VIN, "LOCK_STATE_VEHICLE")
    assert entries["LOCK_STATE_VEHICLE"]["value"]["isLocked"] is False
    result = await logged_in.command(TAYCAN_VIN, "LOCK", {"spin": None})
    assert result["status"]["result"] == "PERFORMED"
    entries = await logged_in.measurements(TAYCAN_VIN, "LOCK_STATE_VEHICLE")
    assert entries["LOCK_STATE_VEHICLE"]["value"]["isLocked"] is True


@pytest.mark.parametrize(
    "place", ["status_details", "status", "response_status", "data", "response"]
)
async def test_challenge_place_is_switchable(
    simulator: Simulator, logged_in: RefClient, place: str
) -> None:
    simulator.options.challenge_place = place  # type: ignore[assignment]
    first = await logged_in.command(TAYCAN_VIN, "SPIN_CHALLENGE", {"spin": None})
    in_response = find_challenge(first["sent"])
    in_status = find_challenge({"status": first["status"]})
    assert (in_response is not None) == (place not in {"status_details", "status"})
    assert (in_status is not None) == (place in {"status_details", "status"})
    result = await logged_in.unlock(TAYCAN_VIN, DEMO_SPIN)
    assert result["status"]["result"] == "PERFORMED"


async def test_unlock_hash_must_be_exact(logged_in: RefClient) -> None:
    first = await logged_in.command(TAYCAN_VIN, "SPIN_CHALLENGE", {"spin": None})
    challenge = find_challenge(first["sent"], first)
    assert challenge
    lower = spin_hash(DEMO_SPIN, challenge).lower()
    result = await logged_in.command(
        TAYCAN_VIN, "UNLOCK", {"spin": {"challenge": challenge, "hash": lower}}
    )
    assert details(result)["code"] == "WRONG_SPIN"
    # A challenge is single use.
    result = await logged_in.command(
        TAYCAN_VIN,
        "UNLOCK",
        {"spin": {"challenge": challenge, "hash": spin_hash(DEMO_SPIN, challenge)}},
    )
    assert details(result)["code"] == "INVALID_CHALLENGE"
    result = await logged_in.command(TAYCAN_VIN, "UNLOCK", {"spin": None})
    assert details(result)["code"] == "SPIN_REQUIRED"


async def test_wrong_pins_lock_unlocking_for_a_while(
    simulator: Simulator, logged_in: RefClient
) -> None:
    for _ in range(3):
        result = await logged_in.unlock(TAYCAN_VIN, "0000")
        assert details(result)["code"] == "WRONG_SPIN"
    challenge = await logged_in.command(TAYCAN_VIN, "SPIN_CHALLENGE", {"spin": None})
    assert details(challenge)["code"] == "SPIN_LOCKED"
    simulator.advance(simulator.options.spin_lockout + 1)
    await logged_in.refresh()
    result = await logged_in.unlock(TAYCAN_VIN, DEMO_SPIN)
    assert result["status"]["result"] == "PERFORMED"


async def test_lock_fails_with_a_door_open(
    simulator: Simulator, logged_in: RefClient
) -> None:
    simulator.set_measurement(
        TAYCAN_VIN, "OPEN_STATE_DOOR_FRONT_LEFT", {"isOpen": True}
    )
    result = await logged_in.command(TAYCAN_VIN, "LOCK", {"spin": None})
    assert details(result)["code"] == "DOOR_OPEN"


async def test_honk_and_flash(simulator: Simulator, logged_in: RefClient) -> None:
    for mode in ("FLASH", "HONK_AND_FLASH"):
        result = await logged_in.command(
            CARRERA_VIN, "HONK_FLASH", {"mode": mode, "spin": None}
        )
        assert result["status"]["result"] == "PERFORMED"
    assert [event.kind for event in simulator.events(CARRERA_VIN)] == [
        "FLASH",
        "HONK_AND_FLASH",
    ]
    result = await logged_in.command(CARRERA_VIN, "HONK_FLASH", {"mode": "HONK"})
    assert details(result)["code"] == "INVALID_PAYLOAD"


async def test_climatisation_runs_out(
    simulator: Simulator, logged_in: RefClient
) -> None:
    result = await logged_in.command(
        MACAN_VIN,
        "REMOTE_CLIMATIZER_START",
        {
            "targetTemperature": 294.15,
            "climateZonesEnabled": {**ZONES_OFF, "frontLeft": True},
            "spin": None,
        },
    )
    assert result["status"]["result"] == "PERFORMED"
    hvac = (await logged_in.measurements(MACAN_VIN, "HVAC_SUMMARY"))["HVAC_SUMMARY"]
    assert hvac["value"]["status"] == "ON"
    assert hvac["value"]["targetTemperature"] == 294.15
    assert hvac["value"]["remainingTime"] == 30
    assert hvac["value"]["climateZonesEnabled"] == {**ZONES_OFF, "frontLeft": True}
    simulator.advance(10 * 60)
    hvac = (await logged_in.measurements(MACAN_VIN, "HVAC_SUMMARY"))["HVAC_SUMMARY"]
    assert hvac["value"]["remainingTime"] == 20
    simulator.advance(20 * 60)
    hvac = (await logged_in.measurements(MACAN_VIN, "HVAC_SUMMARY"))["HVAC_SUMMARY"]
    assert hvac["value"]["status"] == "OFF"
    assert hvac["value"]["remainingTime"] == 0


async def test_climatiser_state_on_and_off(logged_in: RefClient) -> None:
    result = await logged_in.command(
        TAYCAN_VIN,
        "REMOTE_CLIMATIZER_START",
        {"targetTemperature": 293.15, "climateZonesEnabled": ZONES_OFF, "spin": None},
    )
    assert result["status"]["result"] == "PERFORMED"
    state = await logged_in.measurements(TAYCAN_VIN, "CLIMATIZER_STATE")
    assert state["CLIMATIZER_STATE"]["value"]["isOn"] is True
    result = await logged_in.command(TAYCAN_VIN, "REMOTE_CLIMATIZER_STOP", {})
    assert result["status"]["result"] == "PERFORMED"
    state = await logged_in.measurements(TAYCAN_VIN, "CLIMATIZER_STATE")
    assert state["CLIMATIZER_STATE"]["value"]["isOn"] is False


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"targetTemperature": 310.0}, "INVALID_TEMPERATURE"),
        ({"targetTemperature": 288.15}, "INVALID_TEMPERATURE"),  # Macan: min 289.15
        ({"targetTemperature": "warm"}, "INVALID_TEMPERATURE"),
        (
            {"targetTemperature": 293.15, "climateZonesEnabled": ["frontLeft"]},
            "INVALID_PAYLOAD",
        ),
    ],
)
async def test_climatisation_checks_range_and_payload(
    logged_in: RefClient, payload: dict[str, Any], code: str
) -> None:
    result = await logged_in.command(MACAN_VIN, "REMOTE_CLIMATIZER_START", payload)
    assert details(result)["code"] == code


async def test_direct_charging(simulator: Simulator, logged_in: RefClient) -> None:
    result = await logged_in.command(MACAN_VIN, "DIRECT_CHARGING_START", {"spin": None})
    assert result["status"]["result"] == "PERFORMED"
    entries = await logged_in.measurements(
        MACAN_VIN, "DIRECT_CHARGING", "CHARGING_SUMMARY", "CHARGING_RATE"
    )
    assert entries["DIRECT_CHARGING"]["value"]["isActive"] is True
    summary = entries["CHARGING_SUMMARY"]["value"]
    assert (summary["mode"], summary["status"], summary["targetSoC"]) == (
        "DIRECT",
        "CHARGING",
        100,
    )
    rate = entries["CHARGING_RATE"]["value"]
    assert rate["chargingPowerkW"] == 11.0
    assert rate["chargingPower"] == 0
    result = await logged_in.command(MACAN_VIN, "DIRECT_CHARGING_STOP", {"spin": None})
    assert result["status"]["result"] == "PERFORMED"
    entries = await logged_in.measurements(MACAN_VIN, "CHARGING_SUMMARY")
    assert entries["CHARGING_SUMMARY"]["value"]["mode"] == "PROFILE"
    assert entries["CHARGING_SUMMARY"]["value"]["targetSoC"] == 80


async def test_charging_settings_target_soc(logged_in: RefClient) -> None:
    result = await logged_in.command(
        CAYENNE_VIN, "CHARGING_SETTINGS_EDIT", {"targetSoc": 60, "spin": None}
    )
    assert result["status"]["result"] == "PERFORMED"
    entries = await logged_in.measurements(
        CAYENNE_VIN, "CHARGING_SETTINGS", "CHARGING_SUMMARY"
    )
    assert entries["CHARGING_SETTINGS"]["value"]["targetSoc"] == 60
    assert entries["CHARGING_SUMMARY"]["value"]["targetSoC"] == 60
    for bad in (20, 101, "80"):
        result = await logged_in.command(
            CAYENNE_VIN, "CHARGING_SETTINGS_EDIT", {"targetSoc": bad, "spin": None}
        )
        assert details(result)["code"] == "INVALID_PAYLOAD"


async def test_charging_profiles_edit_by_id(
    simulator: Simulator, logged_in: RefClient
) -> None:
    entries = await logged_in.measurements(MACAN_VIN, "CHARGING_PROFILES")
    profiles = entries["CHARGING_PROFILES"]["value"]["list"]
    active = entries["CHARGING_PROFILES"]["value"]["currentProfileId"]
    edited = [
        {**profile, "targetSoc": 90} if profile["id"] == active else profile
        for profile in profiles
    ]
    for profile in edited:
        profile.pop("lastModified", None)
    result = await logged_in.command(
        MACAN_VIN, "CHARGING_PROFILES_EDIT", {"list": edited}
    )
    assert result["status"]["result"] == "PERFORMED"
    entries = await logged_in.measurements(
        MACAN_VIN, "CHARGING_PROFILES", "CHARGING_SUMMARY"
    )
    assert entries["CHARGING_PROFILES"]["value"]["list"] == edited
    summary = entries["CHARGING_SUMMARY"]["value"]
    assert summary["targetSoC"] == 90
    assert summary["chargingProfile"]["targetSoC"] == 90
    assert summary["status"] == "CHARGING"  # plugged in, now below target
    without_active = [p for p in edited if p["id"] != active]
    result = await logged_in.command(
        MACAN_VIN, "CHARGING_PROFILES_EDIT", {"list": without_active}
    )
    assert details(result)["code"] == "INVALID_PAYLOAD"


@pytest.mark.parametrize(
    ("vin", "key", "measurement"),
    [
        (TAYCAN_VIN, "TIMERS_EDIT", "TIMERS"),
        (CAYENNE_VIN, "DEPARTURES_EDIT", "DEPARTURES"),
    ],
)
async def test_timers_and_departures_edit(
    logged_in: RefClient, vin: str, key: str, measurement: str
) -> None:
    timers = (await logged_in.measurements(vin, measurement))[measurement]["value"][
        "list"
    ]
    timers[0] = {**timers[0], "active": False, "targetChargeLevel": 70}
    result = await logged_in.command(vin, key, {"list": timers})
    assert result["status"]["result"] == "PERFORMED"
    value = (await logged_in.measurements(vin, measurement))[measurement]["value"]
    assert value["list"] == timers
    result = await logged_in.command(vin, key, {"list": "nope"})
    assert details(result)["code"] == "INVALID_PAYLOAD"


async def test_timers_disable(logged_in: RefClient) -> None:
    result = await logged_in.command(TAYCAN_VIN, "TIMERS_DISABLE", {"id": 1})
    assert result["status"]["result"] == "PERFORMED"
    timers = (await logged_in.measurements(TAYCAN_VIN, "TIMERS"))["TIMERS"]["value"][
        "list"
    ]
    assert [timer["active"] for timer in timers] == [False, False]


async def test_missing_capability(logged_in: RefClient) -> None:
    result = await logged_in.command(
        CARRERA_VIN, "REMOTE_CLIMATIZER_START", {"targetTemperature": 293.15}
    )
    assert details(result)["code"] == "NOT_SUPPORTED"
    result = await logged_in.command(
        TAYCAN_VIN, "CHARGING_SETTINGS_EDIT", {"targetSoc": 80}
    )
    assert details(result)["code"] == "NOT_SUPPORTED"
    result = await logged_in.command(UNPAIRED_VIN, "LOCK", {"spin": None})
    assert details(result)["code"] == "VEHICLE_NOT_CONNECTED"


async def test_remote_access_off(simulator: Simulator, logged_in: RefClient) -> None:
    simulator.set_remote_access(TAYCAN_VIN, enabled=False)
    for key, payload in (
        ("LOCK", {"spin": None}),
        ("DIRECT_CHARGING_START", {"spin": None}),
    ):
        result = await logged_in.command(TAYCAN_VIN, key, payload)
        assert details(result)["code"] == "REMOTE_ACCESS_DISABLED"


async def test_privacy_mode_forbids_some_commands(
    simulator: Simulator, logged_in: RefClient
) -> None:
    simulator.set_privacy_mode(TAYCAN_VIN)
    result = await logged_in.command(
        TAYCAN_VIN, "HONK_FLASH", {"mode": "FLASH", "spin": None}
    )
    assert details(result)["code"] == "PRIVACY_MODE"
    result = await logged_in.command(TAYCAN_VIN, "SPIN_CHALLENGE", {"spin": None})
    assert details(result)["code"] == "PRIVACY_MODE"
    result = await logged_in.command(
        TAYCAN_VIN, "DIRECT_CHARGING_START", {"spin": None}
    )
    assert result["status"]["result"] == "PERFORMED"


async def test_other_supported_keys_are_recorded(
    simulator: Simulator, logged_in: RefClient
) -> None:
    car = simulator.car(TAYCAN_VIN)
    car.capabilities["REMOTE_ACV_START"] = None
    car.capabilities["CHARGING_STOP"] = None
    result = await logged_in.command(TAYCAN_VIN, "REMOTE_ACV_START", {})
    assert result["status"]["result"] == "PERFORMED"
    assert simulator.events(TAYCAN_VIN)[-1].kind == "REMOTE_ACV_START"
    result = await logged_in.command(TAYCAN_VIN, "CHARGING_STOP", {})
    assert result["status"]["result"] == "PERFORMED"
    status = await logged_in.measurements(TAYCAN_VIN, "CHARGING_SUMMARY")
    assert status["CHARGING_SUMMARY"]["value"]["status"] == "CHARGING_PAUSED"


async def test_command_effect_lands_at_its_due_time(
    simulator: Simulator, logged_in: RefClient
) -> None:
    simulator.options.command_delay = 5
    status, _ = await logged_in.send(MACAN_VIN, "DIRECT_CHARGING_START", {"spin": None})
    assert status == 201
    assert simulator.measurement(MACAN_VIN, "DIRECT_CHARGING") == {"isActive": False}
    simulator.advance(3600)
    # The command ran 5 s after it was accepted; charging went on from there.
    assert simulator.measurement(MACAN_VIN, "DIRECT_CHARGING") == {"isActive": True}
    assert simulator.measurement(MACAN_VIN, "BATTERY_LEVEL")["percent"] >= 91  # type: ignore[index]
