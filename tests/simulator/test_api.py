"""The data API: authentication, vehicle list, overview filters, wake-up, pictures."""

from __future__ import annotations

import uuid

import aiohttp
import pytest

from simulator import (
    CARRERA_VIN,
    CAYENNE_VIN,
    DEMO_EMAIL,
    DEMO_PASSWORD,
    DEMO_VINS,
    MACAN_VIN,
    TAYCAN_VIN,
    UNPAIRED_VIN,
    Simulator,
)
from simulator.fleet import NICKNAMES

from .refclient import X_CLIENT_ID, RefClient


@pytest.fixture
async def logged_in(simulator: Simulator, client: RefClient) -> RefClient:
    await client.login(DEMO_EMAIL, DEMO_PASSWORD)
    return client


async def test_api_needs_bearer_and_client_id(
    simulator: Simulator, logged_in: RefClient, session: aiohttp.ClientSession
) -> None:
    url = f"{simulator.api_url}/connect/v1/vehicles"
    async with session.get(url, headers={"X-Client-ID": X_CLIENT_ID}) as response:
        assert response.status == 401
    bearer = {"Authorization": f"Bearer {logged_in.tokens['access_token']}"}
    async with session.get(url, headers=bearer) as response:
        assert response.status == 403
    async with session.get(url, headers={**bearer, "X-Client-ID": "wrong"}) as response:
        assert response.status == 403
    async with session.get(
        url, headers={"Authorization": "Bearer nonsense", "X-Client-ID": X_CLIENT_ID}
    ) as response:
        assert response.status == 401


async def test_401_after_expiry_then_refresh_works(
    simulator: Simulator, logged_in: RefClient
) -> None:
    status, _ = await logged_in.get("/connect/v1/vehicles")
    assert status == 200
    simulator.advance(3599)
    status, _ = await logged_in.get("/connect/v1/vehicles")
    assert status == 200
    simulator.advance(2)
    status, _ = await logged_in.get("/connect/v1/vehicles")
    assert status == 401
    status, _ = await logged_in.refresh()
    assert status == 200
    status, _ = await logged_in.get("/connect/v1/vehicles")
    assert status == 200


async def test_expire_access_tokens(simulator: Simulator, logged_in: RefClient) -> None:
    simulator.expire_access_tokens(DEMO_EMAIL)
    status, _ = await logged_in.get("/connect/v1/vehicles")
    assert status == 401


async def test_vehicle_list(simulator: Simulator, logged_in: RefClient) -> None:
    cars = await logged_in.vehicles()
    assert [car["vin"] for car in cars] == list(DEMO_VINS)
    for car in cars:
        assert car.get("customName") == NICKNAMES[car["vin"]]
        assert car["modelType"]["engine"] in {"BEV", "PHEV", "COMBUSTION"}
        assert "measurements" not in car
    by_vin = {car["vin"]: car for car in cars}
    assert by_vin[UNPAIRED_VIN]["connect"] is False
    assert by_vin[TAYCAN_VIN]["modelType"]["year"] == "2022"
    assert by_vin[MACAN_VIN]["modelType"]["year"] == "2026"


async def test_mf_returns_only_requested_keys(logged_in: RefClient) -> None:
    body = await logged_in.overview(
        TAYCAN_VIN, ["BATTERY_LEVEL", "E_RANGE", "HVAC_SUMMARY", "CLIMATIZER_STATE"]
    )
    keys = [entry["key"] for entry in body["measurements"]]
    assert keys == ["BATTERY_LEVEL", "E_RANGE", "HVAC_SUMMARY", "CLIMATIZER_STATE"]
    entries = {entry["key"]: entry for entry in body["measurements"]}
    assert entries["HVAC_SUMMARY"]["status"] == {
        "isEnabled": False,
        "cause": "NOT_SUPPORTED",
    }
    assert "value" not in entries["HVAC_SUMMARY"]
    assert entries["BATTERY_LEVEL"]["value"]["percent"] >= 57
    assert entries["BATTERY_LEVEL"]["value"]["lastModified"].endswith("Z")
    assert body["commands"] == []
    assert body["vin"] == TAYCAN_VIN
    empty = await logged_in.overview(TAYCAN_VIN)
    assert empty["measurements"] == []


async def test_2026_keys_and_old_keys(logged_in: RefClient) -> None:
    old_and_new = [
        "CLIMATIZER_STATE",
        "HVAC_SUMMARY",
        "TIRE_PRESSURE",
        "TIRE_PRESSURE_FRONT_LEFT",
        "CHARGING_RATE",
        "GLOBAL_TIMESTAMP",
    ]
    taycan = await logged_in.measurements(TAYCAN_VIN, *old_and_new)
    macan = await logged_in.measurements(MACAN_VIN, *old_and_new)
    assert taycan["CLIMATIZER_STATE"]["status"]["isEnabled"]
    assert taycan["TIRE_PRESSURE"]["value"]["frontLeftTire"]["actualPressureBar"] == 2.8
    assert not taycan["TIRE_PRESSURE_FRONT_LEFT"]["status"]["isEnabled"]
    assert "chargingPowerkW" not in taycan["CHARGING_RATE"]["value"]
    assert taycan["CHARGING_RATE"]["value"]["chargingPower"] == 11.0
    assert not taycan["GLOBAL_TIMESTAMP"]["status"]["isEnabled"]
    assert macan["HVAC_SUMMARY"]["value"]["targetTemperature"] == 293.15
    assert not macan["CLIMATIZER_STATE"]["status"]["isEnabled"]
    assert macan["TIRE_PRESSURE_FRONT_LEFT"]["value"]["actualPressureBar"] == 2.7
    assert not macan["TIRE_PRESSURE"]["status"]["isEnabled"]
    assert macan["CHARGING_RATE"]["value"]["chargingPower"] == 0
    assert macan["CHARGING_RATE"]["value"]["maxChargingPowerkW"] == 270
    assert macan["GLOBAL_TIMESTAMP"]["value"]["timestamp"].endswith("Z")


async def test_macan_profiles_active_not_first(logged_in: RefClient) -> None:
    macan = await logged_in.measurements(
        MACAN_VIN, "CHARGING_PROFILES", "CHARGING_SUMMARY"
    )
    profiles = macan["CHARGING_PROFILES"]["value"]
    assert len(profiles["list"]) >= 3
    active = profiles["currentProfileId"]
    assert profiles["list"][0]["id"] != active
    profile = next(p for p in profiles["list"] if p["id"] == active)
    summary = macan["CHARGING_SUMMARY"]["value"]
    assert summary["chargingProfile"] == {
        "id": active,
        "minSoC": profile["minSoc"],
        "targetSoC": profile["targetSoc"],
    }
    assert summary["targetSoC"] == profile["targetSoc"]
    assert summary["status"] == "CHARGING_COMPLETED"


async def test_phev_and_combustion(logged_in: RefClient) -> None:
    cayenne = await logged_in.measurements(
        CAYENNE_VIN,
        "FUEL_LEVEL",
        "BATTERY_LEVEL",
        "CHARGING_SETTINGS",
        "DEPARTURES",
        "CHARGING_SUMMARY",
        "RANGE",
    )
    assert cayenne["FUEL_LEVEL"]["value"]["percent"] == 62
    assert cayenne["BATTERY_LEVEL"]["value"]["percent"] == 34
    assert cayenne["CHARGING_SUMMARY"]["value"]["targetSoC"] == 80
    assert cayenne["CHARGING_SUMMARY"]["value"]["status"] == "NOT_PLUGGED"
    assert cayenne["DEPARTURES"]["value"]["list"][0]["targetChargeLevel"] == 80
    carrera = await logged_in.measurements(
        CARRERA_VIN,
        "BATTERY_LEVEL",
        "CHARGING_SUMMARY",
        "E_RANGE",
        "OIL_LEVEL_CURRENT",
        "OIL_SERVICE_RANGE",
        "FUEL_LEVEL",
    )
    for key in ("BATTERY_LEVEL", "CHARGING_SUMMARY", "E_RANGE"):
        assert carrera[key]["status"]["cause"] == "NOT_SUPPORTED"
    assert carrera["OIL_LEVEL_CURRENT"]["status"] == {
        "isEnabled": False,
        "cause": "UNKNOWN",
    }
    assert carrera["OIL_SERVICE_RANGE"]["value"]["kilometers"] < 0


async def test_unpaired_car_is_not_connected(logged_in: RefClient) -> None:
    body = await logged_in.overview(
        UNPAIRED_VIN, ["BATTERY_LEVEL", "GPS_LOCATION"], ["LOCK"]
    )
    assert body["connect"] is False
    for entry in body["measurements"] + body["commands"]:
        assert entry["status"] == {"isEnabled": False, "cause": "NOT_CONNECTED"}


async def test_capabilities(logged_in: RefClient) -> None:
    body = await logged_in.overview(
        TAYCAN_VIN, cf=["REMOTE_CLIMATIZER_START", "LOCK", "CHARGING_SETTINGS_EDIT"]
    )
    commands = {entry["key"]: entry for entry in body["commands"]}
    assert commands["REMOTE_CLIMATIZER_START"]["metadata"] == {
        "minTemperature": 288.15,
        "maxTemperature": 303.15,
    }
    assert commands["LOCK"]["status"] == {"isEnabled": True}
    assert commands["CHARGING_SETTINGS_EDIT"]["status"]["cause"] == "NOT_SUPPORTED"


async def test_unknown_vehicle_is_404(logged_in: RefClient) -> None:
    status, _ = await logged_in.get("/connect/v1/vehicles/WP0ZZZ00000000000")
    assert status == 404


async def test_wake_up_refreshes_timestamps(
    simulator: Simulator, logged_in: RefClient
) -> None:
    keys = ["GLOBAL_TIMESTAMP", "MILEAGE"]
    before = await logged_in.measurements(MACAN_VIN, *keys)
    simulator.advance(600)
    stored = await logged_in.measurements(MACAN_VIN, *keys)
    assert stored == before
    body = await logged_in.overview(MACAN_VIN, keys, wake=str(uuid.uuid4()))
    woken = {entry["key"]: entry for entry in body["measurements"]}
    now = body["timestamp"]
    assert woken["GLOBAL_TIMESTAMP"]["value"]["timestamp"] == now
    assert woken["MILEAGE"]["value"]["lastModified"] == now
    assert now > before["GLOBAL_TIMESTAMP"]["value"]["timestamp"]
    status, _ = await logged_in.get(
        f"/connect/v1/vehicles/{MACAN_VIN}", [("wakeUpJob", "not-a-uuid")]
    )
    assert status == 400


async def test_wake_up_is_slower(simulator: Simulator, logged_in: RefClient) -> None:
    simulator.options.wake_latency_ms = 30
    await logged_in.overview(MACAN_VIN, ["MILEAGE"])
    await logged_in.overview(MACAN_VIN, ["MILEAGE"], wake=str(uuid.uuid4()))
    stored, woken = simulator.log.records[-2:]
    assert woken.query["wakeUpJob"]
    assert "wakeUpJob" not in stored.query
    assert woken.latency_ms >= 30 > stored.latency_ms


async def test_pictures(
    simulator: Simulator, logged_in: RefClient, session: aiohttp.ClientSession
) -> None:
    status, pictures = await logged_in.get(
        f"/connect/v1/vehicles/{TAYCAN_VIN}/pictures"
    )
    assert status == 200
    assert [p["view"] for p in pictures] == [
        "frontView",
        "sideView",
        "rearView",
        "rearTopView",
        "topView",
    ]
    for picture in pictures:
        async with session.get(picture["url"]) as response:
            assert response.status == 200
            assert response.content_type == "image/png"
            assert (await response.read()).startswith(b"\x89PNG\r\n\x1a\n")


async def test_privacy_mode_withholds_location(
    simulator: Simulator, logged_in: RefClient
) -> None:
    simulator.set_privacy_mode(TAYCAN_VIN)
    entries = await logged_in.measurements(
        TAYCAN_VIN,
        "GPS_LOCATION",
        "TRIP_STATISTICS_CYCLIC",
        "GLOBAL_PRIVACY_MODE",
        "MILEAGE",
    )
    assert entries["GPS_LOCATION"]["status"] == {"isEnabled": False, "cause": "UNKNOWN"}
    assert "value" not in entries["TRIP_STATISTICS_CYCLIC"]
    assert entries["GLOBAL_PRIVACY_MODE"]["value"]["isEnabled"] is True
    assert entries["MILEAGE"]["status"]["isEnabled"]
    simulator.set_privacy_mode(TAYCAN_VIN, enabled=False)
    entries = await logged_in.measurements(TAYCAN_VIN, "GPS_LOCATION")
    assert entries["GPS_LOCATION"]["value"]["location"] == "48.834500,9.152300"


async def test_charging_moves_with_the_clock(
    simulator: Simulator, logged_in: RefClient
) -> None:
    keys = ["BATTERY_LEVEL", "E_RANGE", "CHARGING_SUMMARY", "CHARGING_RATE"]
    start = await logged_in.measurements(TAYCAN_VIN, *keys)
    summary = start["CHARGING_SUMMARY"]["value"]
    assert summary["status"] == "CHARGING"
    assert summary["plugState"] == "CONNECTED"
    assert summary["targetSoC"] == 85
    assert summary["chargingProfile"]["id"] == 4
    assert summary["targetDateTimeWithOffset"].endswith(("+01:00", "+02:00"))
    assert start["CHARGING_RATE"]["value"]["chargingRate"] == 0.83
    simulator.advance(3600)
    await logged_in.refresh()
    hour = await logged_in.measurements(TAYCAN_VIN, *keys)
    gained = (
        hour["BATTERY_LEVEL"]["value"]["percent"]
        - start["BATTERY_LEVEL"]["value"]["percent"]
    )
    assert 12 <= gained <= 14  # 11 kW into 83.7 kWh
    assert (
        hour["E_RANGE"]["value"]["kilometers"] > start["E_RANGE"]["value"]["kilometers"]
    )
    simulator.advance(7 * 24 * 3600)
    await logged_in.refresh()
    week = await logged_in.measurements(TAYCAN_VIN, *keys)
    assert week["BATTERY_LEVEL"]["value"]["percent"] == 85
    assert week["CHARGING_SUMMARY"]["value"]["status"] == "CHARGING_COMPLETED"
    assert week["CHARGING_RATE"]["value"]["chargingRate"] == 0
    assert week["CHARGING_RATE"]["value"]["chargingPower"] == 0
    # Values are dated when charging completed, not when they were read.
    done = week["BATTERY_LEVEL"]["value"]["lastModified"]
    assert done == week["CHARGING_SUMMARY"]["value"]["lastModified"]
    assert done < simulator.log.records[-1].at.strftime("%Y-%m-%dT%H:%M:%SZ")


async def test_plugging_in_starts_charging(
    simulator: Simulator, logged_in: RefClient
) -> None:
    simulator.set_plugged(CAYENNE_VIN)
    entries = await logged_in.measurements(CAYENNE_VIN, "CHARGING_SUMMARY", "RANGE")
    assert entries["CHARGING_SUMMARY"]["value"]["status"] == "CHARGING"
    simulator.advance(4 * 3600)
    await logged_in.refresh()
    entries = await logged_in.measurements(
        CAYENNE_VIN, "CHARGING_SUMMARY", "BATTERY_LEVEL"
    )
    assert entries["BATTERY_LEVEL"]["value"]["percent"] == 80
    assert entries["CHARGING_SUMMARY"]["value"]["status"] == "CHARGING_COMPLETED"
    simulator.set_plugged(CAYENNE_VIN, plugged=False)
    assert (
        simulator.measurement(CAYENNE_VIN, "CHARGING_SUMMARY")["status"]
        == "NOT_PLUGGED"
    )  # type: ignore[index]


async def test_add_and_remove_car(simulator: Simulator, logged_in: RefClient) -> None:
    simulator.remove_car(DEMO_EMAIL, MACAN_VIN)
    assert MACAN_VIN not in [car["vin"] for car in await logged_in.vehicles()]
    status, _ = await logged_in.get(f"/connect/v1/vehicles/{MACAN_VIN}")
    assert status == 404
    simulator.add_car(DEMO_EMAIL, MACAN_VIN)
    assert [car["vin"] for car in await logged_in.vehicles()][-1] == MACAN_VIN


async def test_second_account(simulator: Simulator, client: RefClient) -> None:
    simulator.add_account("other@example.com", "pw", vins=[CARRERA_VIN])
    await client.login("other@example.com", "pw")
    assert [car["vin"] for car in await client.vehicles()] == [CARRERA_VIN]
    status, _ = await client.get(f"/connect/v1/vehicles/{TAYCAN_VIN}")
    assert status == 404


async def test_setting_battery_level_sets_the_charge(
    simulator: Simulator, logged_in: RefClient
) -> None:
    simulator.set_measurement(MACAN_VIN, "BATTERY_LEVEL", {"percent": 50})
    entries = await logged_in.measurements(
        MACAN_VIN, "BATTERY_LEVEL", "CHARGING_SUMMARY"
    )
    assert entries["BATTERY_LEVEL"]["value"]["percent"] == 50
    assert entries["CHARGING_SUMMARY"]["value"]["status"] == "CHARGING"
