"""How entity values read an overview when parts of it are missing or odd."""

from __future__ import annotations

from typing import Any

from custom_components.porsche_connect.api import Overview
from custom_components.porsche_connect.binary_sensor import BINARY_SENSORS
from custom_components.porsche_connect.sensor import SENSORS


def _overview(*measurements: dict[str, Any]) -> Overview:
    return Overview.from_json(
        {
            "vin": "WP0ZZZ00000000000",
            "modelName": "Test",
            "measurements": list(measurements),
        }
    )


def _value(descriptions: Any, key: str, overview: Overview) -> Any:
    return next(d for d in descriptions if d.key == key).value_fn(overview)


def test_empty_overview_reads_as_unknown() -> None:
    overview = _overview()
    for description in (*SENSORS, *BINARY_SENSORS):
        assert description.value_fn(overview) is None, description.key


def test_unknown_charging_status_is_unknown() -> None:
    overview = _overview(
        {
            "key": "CHARGING_SUMMARY",
            "status": {"isEnabled": True},
            "value": {"status": "WARP_SPEED"},
        }
    )
    assert _value(SENSORS, "charging_status", overview) is None
    assert _value(BINARY_SENSORS, "charging", overview) is False


def test_tyre_warning_from_the_deviation() -> None:
    def tyre(difference: float) -> dict[str, Any]:
        return {
            "key": "TIRE_PRESSURE_FRONT_LEFT",
            "status": {"isEnabled": True},
            "value": {"actualPressureBar": 2.5, "differenceBar": difference},
        }

    assert (
        _value(BINARY_SENSORS, "tyre_pressure_warning", _overview(tyre(-0.1))) is False
    )
    assert (
        _value(BINARY_SENSORS, "tyre_pressure_warning", _overview(tyre(-0.4))) is True
    )


def test_charging_rate_in_km_per_hour() -> None:
    overview = _overview(
        {
            "key": "CHARGING_RATE",
            "status": {"isEnabled": True},
            "value": {"chargingRate": 1.5},
        }
    )
    assert _value(SENSORS, "charging_rate", overview) == 90.0


def test_climatisation_remaining_time_is_zero_when_off() -> None:
    overview = _overview(
        {
            "key": "HVAC_SUMMARY",
            "status": {"isEnabled": True},
            "value": {
                "status": "OFF",
                "targetTemperature": 293.15,
                "remainingTime": 12,
            },
        }
    )
    assert _value(SENSORS, "climatisation_remaining_time", overview) == 0
