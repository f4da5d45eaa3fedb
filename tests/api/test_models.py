"""Parsing of overviews, capabilities, trips, pictures and command statuses."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta, timezone
import logging
from typing import Any

import pytest

from custom_components.porsche_connect.api import (
    ALL_MEASUREMENTS,
    Capabilities,
    CommandStatus,
    Overview,
    Picture,
    Trip,
    Vehicle,
)
from custom_components.porsche_connect.api.status import find_challenge
from custom_components.porsche_connect.api.values import LOGGED
from custom_components.porsche_connect.api.vehicle import parse_vehicles

from .conftest import load_fixture, load_sample


def _measure(key: str, value: Any = None, **status: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"key": key, "status": {"isEnabled": True, **status}}
    if value is not None:
        entry["value"] = value
    return entry


def _car(*measurements: dict[str, Any], **top: Any) -> dict[str, Any]:
    return {
        "vin": "WP0ZZZ00000000001",
        "modelName": "Taycan",
        **top,
        "measurements": list(measurements),
    }


def test_all_measurements() -> None:
    assert "HVAC_SUMMARY" in ALL_MEASUREMENTS
    assert "CLIMATIZER_STATE" in ALL_MEASUREMENTS
    assert "TIRE_PRESSURE" in ALL_MEASUREMENTS
    assert "TIRE_PRESSURE_REAR_RIGHT" in ALL_MEASUREMENTS
    assert "OPEN_STATE_CHARGE_FLAP_RIGHT" in ALL_MEASUREMENTS
    assert "PAIRING_CODE" not in ALL_MEASUREMENTS
    assert not [key for key in ALL_MEASUREMENTS if key.startswith("TRIP_")]
    assert len(set(ALL_MEASUREMENTS)) == len(ALL_MEASUREMENTS)


def test_full_overview() -> None:
    data = load_fixture("overview_full.json")
    ov = Overview.from_json(data)
    assert ov.vin == "WP0ZZZY1ZNS000099"
    assert ov.vehicle.name == "Blue one"
    assert ov.vehicle.model_year == 2026
    assert ov.vehicle.engine == "PHEV"
    assert ov.vehicle.model_code == "Y1ADB1"
    assert ov.vehicle.color_name == "Dolomite Silver Metallic"
    assert ov.battery_level == 73
    assert ov.electric_range_km == 351
    assert ov.total_range_km == 612
    assert ov.mileage_km == 14084
    assert ov.fuel_level == 64
    assert ov.fuel_reserve == 15
    charging = ov.charging
    assert charging is not None
    assert charging.status == "CHARGING"
    assert charging.mode == "PROFILE"
    assert charging.target_soc == 80
    assert charging.target_time == datetime(
        2026, 11, 5, 23, 10, tzinfo=timezone(timedelta(hours=1))
    )
    assert charging.charge_type == "AC"
    assert charging.plug_state == "CONNECTED"
    assert charging.plugged_in is True
    assert charging.active_profile_id == 4
    assert charging.min_soc == 30
    assert ov.charging_rate is not None
    assert ov.charging_rate.km_per_minute == 1.4
    assert ov.charging_rate.power_kw == 11.2
    assert ov.charging_rate.max_power_kw == 270
    profiles = ov.charging_profiles
    assert profiles is not None
    assert [p.id for p in profiles.profiles] == [0, 4, 5]
    assert profiles.active_id == 4
    assert profiles.active is not None
    assert profiles.active.name == "Home"
    assert profiles.get(5) is not None
    assert profiles.get(5).enabled is False  # type: ignore[union-attr]
    assert profiles.get(4).min_soc == 30  # type: ignore[union-attr]
    assert profiles.get(4).raw["preferredChargingTimeEnabled"] is True  # type: ignore[union-attr]
    assert ov.charging_settings_target_soc == 85
    assert ov.direct_charging is False
    climate = ov.climate
    assert climate is not None
    assert climate.on is True
    assert climate.status == "ON"
    assert climate.target_celsius == 21.0
    assert climate.remaining_minutes == 25
    assert dict(climate.zones) == {
        "front_left": True,
        "front_right": False,
        "rear_left": False,
        "rear_right": True,
    }
    assert len(ov.openings) == 17
    assert ov.openings["door_front_left"] is True
    assert ov.openings["charge_flap_left"] is True
    assert ov.openings["sunroof_rear"] is False
    assert ov.openings["top"] is False
    assert ov.locked is True
    assert ov.parking_brake is True
    assert ov.parking_light is False
    assert ov.privacy_mode is False
    assert ov.remote_access is True
    assert ov.position is not None
    assert ov.position.latitude == 48.8582
    assert ov.position.longitude == 2.2945
    assert ov.position.heading == 248
    assert ov.position.updated_at == datetime(2026, 11, 5, 20, 50, tzinfo=UTC)
    # Per-corner keys win over the legacy combined one.
    assert ov.tyres["front_left"].pressure_bar == 2.7
    assert ov.tyres["front_left"].difference_bar == -0.1
    assert set(ov.tyres) == {"front_left", "front_right", "rear_left", "rear_right"}
    assert ov.service.main_km == 14900
    assert ov.service.main_days == 564
    assert ov.service.oil_km == -350
    assert ov.service.oil_days == -12
    assert ov.service.intermediate_km == 4900
    assert ov.service.intermediate_days == 120
    assert ov.oil_level == 7.1
    assert ov.data_updated_at == datetime(2026, 11, 5, 20, 55, 11, tzinfo=UTC)
    assert ov.timers is not None
    assert [t["id"] for t in ov.timers] == [1, 2]
    assert ov.departures is not None
    assert ov.departures[0]["targetChargeLevel"] == 80
    assert ov.commands["REMOTE_CLIMATIZER_START"].enabled is True
    assert ov.commands["UNLOCK"].enabled is False
    assert ov.commands["UNLOCK"].cause == "PRIVACY_MODE"
    assert ov.available("BATTERY_LEVEL")
    assert not ov.available("BEM_LEVEL")
    assert ov.unavailable == {
        "BATTERY_CONDITION": "NOT_SUPPORTED",
        "BEM_LEVEL": "NOT_SUPPORTED",
        "CHARGING_SESSION": "UNKNOWN",
    }
    assert ov.value("TIMEZONE") == {
        "lastModified": "2026-11-05T20:50:00Z",
        "timezone": "Europe/Berlin",
    }
    assert ov.value("BEM_LEVEL") is None
    assert ov.raw is data


def test_bev_sample() -> None:
    ov = Overview.from_json(load_sample("overview_bev_example.json"))
    assert ov.vehicle.name == "My Taycan"
    assert ov.vehicle.engine == "BEV"
    assert ov.battery_level == 73
    assert ov.climate is not None
    assert ov.climate.on is False
    assert ov.climate.status == "OFF"
    assert ov.climate.target_celsius is None
    assert ov.remote_access is True
    assert ov.locked is True
    assert ov.tyres["front_right"].difference_bar == -0.1
    assert ov.tyres["front_right"].pressure_bar is None
    assert ov.charging is None
    assert ov.data_updated_at == datetime(2024, 1, 1, 12, tzinfo=UTC)


def test_combustion_sample() -> None:
    ov = Overview.from_json(load_sample("overview_combustion_example.json"))
    assert ov.vehicle.name == "718 Cayman GT4 RS"
    assert ov.vehicle.custom_name is None
    assert ov.vehicle.model_year == 2022
    assert ov.unavailable["E_RANGE"] == "NOT_SUPPORTED"
    assert not ov.available("BATTERY_LEVEL")
    assert ov.battery_level is None
    assert ov.charging is None
    assert ov.climate is None
    assert ov.fuel_level == 64
    assert ov.total_range_km == 351
    assert ov.openings == {
        "door_front_left": True,
        "door_front_right": False,
        "lid_front": False,
    }
    assert ov.service.oil_days == 564
    assert ov.position is not None
    assert ov.position.heading == 248
    assert len(ov.tyres) == 4
    # The pairing code stays in raw (for redacted diagnostics) but never in repr.
    assert "00000000" not in repr(ov)
    assert "48.8582" not in repr(ov)


def test_legacy_climate_and_charging_power() -> None:
    ov = Overview.from_json(
        _car(
            _measure(
                "CLIMATIZER_STATE",
                {"isOn": True, "targetTemperature": 293.65, "remainingTime": 12},
            ),
            _measure("CHARGING_RATE", {"chargingRate": 0.5, "chargingPower": 7.4}),
            _measure("CHARGING_PROFILES", {"currentProfileId": 2, "list": [{"id": 2}]}),
        )
    )
    assert ov.climate is not None
    assert ov.climate.on is True
    assert ov.climate.status == "ON"
    assert ov.climate.target_celsius == 20.5
    assert ov.climate.remaining_minutes == 12
    assert ov.charging_rate is not None
    assert ov.charging_rate.power_kw == 7.4
    assert ov.charging_profiles is not None
    assert ov.charging_profiles.active_id == 2


def test_hvac_unknown_status_kept_raw() -> None:
    ov = Overview.from_json(
        _car(_measure("HVAC_SUMMARY", {"status": "PRECONDITIONING_X"}))
    )
    assert ov.climate is not None
    assert ov.climate.status == "PRECONDITIONING_X"
    assert ov.climate.on is True


@pytest.mark.parametrize(
    ("plug_state", "status", "expected"),
    [
        ("CONNECTED", "NOT_CHARGING", True),
        ("DISCONNECTED", "CHARGING", False),
        (None, "NOT_PLUGGED", False),
        (None, "CHARGING_COMPLETED", True),
        ("SOMETHING_NEW", "OFF", None),
        (None, None, None),
    ],
)
def test_plugged_in(plug_state: str | None, status: str | None, expected: bool) -> None:
    value: dict[str, Any] = {}
    if plug_state:
        value["plugState"] = plug_state
    if status:
        value["status"] = status
    ov = Overview.from_json(_car(_measure("CHARGING_SUMMARY", value)))
    assert ov.charging is not None
    assert ov.charging.plugged_in is expected


def test_missing_charging_summary_means_unknown() -> None:
    ov = Overview.from_json(_car(_measure("BATTERY_LEVEL", {"percent": 50})))
    assert ov.charging is None
    assert not ov.available("CHARGING_SUMMARY")
    assert "CHARGING_SUMMARY" not in ov.unavailable


def test_odd_values_are_left_out_and_logged_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    LOGGED.clear()
    data = _car(
        _measure("BATTERY_LEVEL", {"percent": "lots"}),
        _measure("E_RANGE", {"kilometers": True}),
        _measure("MILEAGE", {"kilometers": "1234"}),
        _measure("LOCK_STATE_VEHICLE", {"isLocked": "yes"}),
        _measure("GPS_LOCATION", {"location": "somewhere"}),
        _measure("CHARGING_SUMMARY", {"status": 7, "targetSoC": "x"}),
        _measure("TIRE_PRESSURE", {"frontLeftTire": "flat", "rearLeftTire": {}}),
        _measure("TIMERS", {"list": "none"}),
        _measure("DEPARTURES", {"list": [1, {"id": 1}]}),
        _measure("HVAC_SUMMARY", {"status": "OFF", "climateZonesEnabled": []}),
        _measure("CHARGING_PROFILES", {"list": [{"name": "no id"}, "junk"]}),
        _measure("FUEL_LEVEL", {"percent": float("nan")}),
        _measure("OIL_LEVEL_CURRENT", {"unexpected": 1}),
        _measure("GLOBAL_TIMESTAMP", {"timestamp": "yesterday"}),
        _measure("PARKING_BRAKE", "not a dict"),
        {"key": 42},
        "junk",
        modelType=[],
        connect="maybe",
        commands=[{"no": "key"}],
        timestamp="2026-11-05T20:00:00",
    )
    with caplog.at_level(logging.WARNING):
        ov = Overview.from_json(data)
        Overview.from_json(data)
    assert ov.battery_level is None
    assert ov.electric_range_km is None
    assert ov.mileage_km == 1234
    assert ov.locked is None
    assert ov.position is None
    assert ov.charging is not None
    assert ov.charging.status is None
    assert ov.charging.target_soc is None
    assert dict(ov.tyres) == {}
    assert ov.timers is None
    assert ov.departures == ({"id": 1},)
    assert ov.climate is not None
    assert dict(ov.climate.zones) == {}
    assert ov.charging_profiles is not None
    assert ov.charging_profiles.profiles == ()
    assert ov.fuel_level is None
    assert ov.oil_level is None
    assert ov.unavailable["PARKING_BRAKE"] == "NO_VALUE"
    assert ov.vehicle.connected is True
    assert ov.vehicle.model_year is None
    assert ov.commands == {}
    # Naive timestamps are taken as UTC.
    assert ov.data_updated_at == datetime(2026, 11, 5, 20, tzinfo=UTC)
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == len(set(messages))  # once each
    assert any("BATTERY_LEVEL" in m for m in messages)
    assert not any("lots" in m or "somewhere" in m for m in messages)


def test_not_connected_vehicle() -> None:
    data = _car(
        _measure("BATTERY_LEVEL", isEnabled=False, cause="NOT_CONNECTED"),
        _measure("E_RANGE", isEnabled=False),
        connect=False,
    )
    ov = Overview.from_json(data)
    assert ov.vehicle.connected is False
    assert ov.unavailable == {"BATTERY_LEVEL": "NOT_CONNECTED", "E_RANGE": "UNKNOWN"}


def test_disabled_after_enabled_wins() -> None:
    data = _car(
        _measure("BATTERY_LEVEL", {"percent": 1}),
        _measure("BATTERY_LEVEL", isEnabled=False, cause="NOT_SUPPORTED"),
    )
    ov = Overview.from_json(data)
    assert not ov.available("BATTERY_LEVEL")
    assert ov.battery_level is None


def test_not_a_vehicle() -> None:
    with pytest.raises(ValueError, match="VIN"):
        Overview.from_json({"modelName": "no vin"})
    with pytest.raises(TypeError):
        Overview.from_json([])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Capabilities.from_json("x")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        parse_vehicles({})


def test_vehicle_list() -> None:
    cars = parse_vehicles(
        [
            {"vin": "A1", "modelName": "Taycan", "customName": "  "},
            {"vin": "B2", "modelType": {"model": "MACAN", "year": 2026}},
            {"vin": "C3"},
            {"no": "vin"},
            "junk",
        ]
    )
    assert [c.vin for c in cars] == ["A1", "B2", "C3"]
    assert cars[0].name == "Taycan"
    assert cars[0].custom_name is None
    assert cars[1].model_name == "MACAN"
    assert cars[1].model_year == 2026
    assert cars[2].name == "Porsche"
    assert Vehicle.from_json({"vin": "X", "connect": False}).connected is False


def test_capabilities() -> None:
    caps = Capabilities.from_json(load_fixture("overview_full.json"))
    assert caps.enabled("LOCK")
    assert not caps.enabled("UNLOCK")
    assert not caps.enabled("HONK_FLASH")
    assert caps.climatisation_min_celsius == 15.0
    assert caps.climatisation_max_celsius == 30.0
    assert caps.vehicle is not None
    no_vin = Capabilities.from_json({"commands": []})
    assert no_vin.vehicle is None
    assert no_vin.climatisation_min_celsius is None


def test_pictures() -> None:
    pics = Picture.list_from_json(
        [
            {"view": "frontView", "url": "https://picserv.example/1", "size": 2},
            {"view": "sideView"},
            {"view": "rearView", "url": "https://picserv.example/3"},
        ]
    )
    assert pics == [
        Picture("frontView", "https://picserv.example/1", 2),
        Picture("rearView", "https://picserv.example/3", None),
    ]
    assert Picture.list_from_json({"not": "a list"}) == []


def test_trips_both_firmwares() -> None:
    data = _car(
        _measure(
            "TRIP_STATISTICS_CYCLIC",
            {
                "list": [
                    {
                        "distanceKm": 42.7,
                        "avgKwhPerHundredKm": 21.4,
                        "drivingTimeMinutes": 38,
                        "avgSpeedKmh": 67,
                        "tripEndTime": "2026-11-05T17:42:00Z",
                    },
                    {
                        "tripMileage": {"valueInKilometers": 88.3},
                        "averageElectricEngineConsumption": {"valueKwhPer100Km": 18.2},
                        "drivingTimeMinutes": 61,
                        "tripEndTime": "2026-11-05T16:10:00Z",
                    },
                ]
            },
        )
    )
    trips = Trip.list_from_overview(data)
    assert [t.distance_km for t in trips] == [42.7, 88.3]
    assert [t.avg_kwh_per_100km for t in trips] == [21.4, 18.2]
    assert trips[0].avg_speed_kmh == 67
    assert trips[1].avg_speed_kmh is None
    assert trips[1].driving_minutes == 61
    assert trips[0].ended_at == datetime(2026, 11, 5, 17, 42, tzinfo=UTC)
    disabled = _car(_measure("TRIP_STATISTICS_CYCLIC", isEnabled=False))
    assert Trip.list_from_overview(disabled) == []
    other = _car(_measure("TRIP_STATISTICS_LONG_TERM", {"list": [{"distanceKm": 1}]}))
    assert [t.distance_km for t in Trip.list_from_overview(other)] == [1]


@pytest.mark.parametrize(
    "body",
    [
        {"data": {"challenge": "AB"}},
        {"challenge": "AB"},
        {"status": {"challenge": "AB"}},
        {"status": {"details": {"challenge": "AB"}}},
    ],
)
def test_find_challenge(body: dict[str, Any]) -> None:
    assert find_challenge(body) == "AB"


def test_command_status() -> None:
    status = CommandStatus.from_json(
        {
            "status": {
                "result": "ERROR",
                "details": {"code": "DOOR_OPEN", "message": "x"},
            }
        }
    )
    assert status.result == "ERROR"
    assert status.details == "DOOR_OPEN: x"
    assert status.done
    assert CommandStatus.from_json({"status": {"result": "accepted"}}).result == (
        "ACCEPTED"
    )
    challenge = CommandStatus.from_json(
        {"status": {"result": "PERFORMED", "details": {"challenge": "AB"}}}
    )
    assert challenge.challenge == "AB"
    assert challenge.details is None
    listed = CommandStatus.from_json(
        {"status": {"result": "ERROR", "details": ["a", {"reason": "b"}, 3]}}
    )
    assert listed.details == "a; b; 3"
    other = CommandStatus.from_json(
        {"status": {"result": "ERROR", "details": {"foo": 1, "hash": "H"}}}
    )
    assert other.details == '{"foo": 1}'
    with pytest.raises(ValueError, match="result"):
        CommandStatus.from_json({"status": {}})
    with pytest.raises(ValueError, match="result"):
        CommandStatus.from_json("junk")


def test_models_are_frozen() -> None:
    ov = Overview.from_json(load_fixture("overview_full.json"))
    with pytest.raises(AttributeError):
        ov.battery_level = 1  # type: ignore[misc]
    with pytest.raises(TypeError):
        ov.openings["top"] = True  # type: ignore[index]
    copied = copy.deepcopy(load_fixture("overview_full.json"))
    assert Overview.from_json(copied) == ov
