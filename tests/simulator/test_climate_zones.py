"""``climateZonesEnabled`` always has the reference's four keys; zones a car lacks are false."""

from __future__ import annotations

from typing import Any

import pytest

from simulator import (
    CAYENNE_VIN,
    DEMO_EMAIL,
    DEMO_PASSWORD,
    MACAN_VIN,
    TAYCAN_VIN,
    Simulator,
)

from .refclient import RefClient

ALL_ON = {"frontLeft": True, "frontRight": True, "rearLeft": True, "rearRight": True}
CLIMATE_KEY = {
    MACAN_VIN: "HVAC_SUMMARY",
    TAYCAN_VIN: "CLIMATIZER_STATE",
    CAYENNE_VIN: "CLIMATIZER_STATE",
}


@pytest.fixture
async def logged_in(simulator: Simulator, client: RefClient) -> RefClient:
    await client.login(DEMO_EMAIL, DEMO_PASSWORD)
    return client


async def _zones(client: RefClient, vin: str) -> dict[str, Any]:
    key = CLIMATE_KEY[vin]
    zones: dict[str, Any] = (await client.measurements(vin, key))[key]["value"][
        "climateZonesEnabled"
    ]
    return zones


@pytest.mark.parametrize("vin", list(CLIMATE_KEY))
async def test_all_four_zones_are_reported(logged_in: RefClient, vin: str) -> None:
    assert await _zones(logged_in, vin) == dict.fromkeys(ALL_ON, False)


@pytest.mark.parametrize(
    ("vin", "expected"),
    [
        (MACAN_VIN, {**ALL_ON, "rearLeft": False, "rearRight": False}),
        (TAYCAN_VIN, {**ALL_ON, "rearLeft": False, "rearRight": False}),
        (CAYENNE_VIN, ALL_ON),
    ],
)
async def test_zones_the_car_lacks_are_ignored(
    simulator: Simulator, logged_in: RefClient, vin: str, expected: dict[str, bool]
) -> None:
    result = await logged_in.command(
        vin,
        "REMOTE_CLIMATIZER_START",
        {"targetTemperature": 293.15, "climateZonesEnabled": ALL_ON, "spin": None},
    )
    assert result["status"]["result"] == "PERFORMED", result
    assert await _zones(logged_in, vin) == expected
    stored = simulator.measurement(vin, CLIMATE_KEY[vin])
    assert stored is not None
    assert stored["climateZonesEnabled"] == expected


async def test_only_a_missing_zone_on_is_accepted(logged_in: RefClient) -> None:
    result = await logged_in.command(
        MACAN_VIN,
        "REMOTE_CLIMATIZER_START",
        {
            "targetTemperature": 293.15,
            "climateZonesEnabled": {"rearLeft": True},
            "spin": None,
        },
    )
    assert result["status"]["result"] == "PERFORMED", result
    assert await _zones(logged_in, MACAN_VIN) == dict.fromkeys(ALL_ON, False)


async def test_a_value_set_with_fewer_zones_is_filled_up(
    simulator: Simulator, logged_in: RefClient
) -> None:
    value = simulator.measurement(MACAN_VIN, "HVAC_SUMMARY")
    assert value is not None
    value["climateZonesEnabled"] = {"frontLeft": True}
    simulator.set_measurement(MACAN_VIN, "HVAC_SUMMARY", value)
    assert await _zones(logged_in, MACAN_VIN) == {
        **dict.fromkeys(ALL_ON, False),
        "frontLeft": True,
    }
