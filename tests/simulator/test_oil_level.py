"""``OIL_LEVEL_*``: no shape in the reference, so disabled (``UNKNOWN``) unless asked for."""

from __future__ import annotations

import pytest

from simulator import (
    CARRERA_VIN,
    DEMO_EMAIL,
    DEMO_PASSWORD,
    MACAN_VIN,
    UNPAIRED_VIN,
    Simulator,
)

from .refclient import RefClient

OIL_KEYS = ("OIL_LEVEL_CURRENT", "OIL_LEVEL_MAX", "OIL_LEVEL_MIN_WARNING")


@pytest.fixture
async def logged_in(simulator: Simulator, client: RefClient) -> RefClient:
    await client.login(DEMO_EMAIL, DEMO_PASSWORD)
    return client


async def test_disabled_with_cause_unknown_by_default(
    simulator: Simulator, logged_in: RefClient
) -> None:
    assert simulator.options.oil_level_shape is False
    entries = await logged_in.measurements(CARRERA_VIN, *OIL_KEYS, "OIL_SERVICE_RANGE")
    for key in OIL_KEYS:
        assert entries[key] == {
            "key": key,
            "status": {"isEnabled": False, "cause": "UNKNOWN"},
        }
    assert entries["OIL_SERVICE_RANGE"]["status"] == {"isEnabled": True}
    assert simulator.measurement(CARRERA_VIN, "OIL_LEVEL_CURRENT") == {"liters": 7.1}


async def test_invented_shape_behind_the_option(
    simulator: Simulator, logged_in: RefClient
) -> None:
    simulator.options.oil_level_shape = True
    entries = await logged_in.measurements(CARRERA_VIN, *OIL_KEYS)
    liters = [entries[key]["value"]["liters"] for key in OIL_KEYS]
    assert liters == [7.1, 8.0, 6.0]
    for key in OIL_KEYS:
        assert entries[key]["status"] == {"isEnabled": True}
        assert "lastModified" in entries[key]["value"]


@pytest.mark.parametrize("shape", [False, True])
async def test_cars_without_oil_keep_their_cause(
    simulator: Simulator, logged_in: RefClient, shape: bool
) -> None:
    simulator.options.oil_level_shape = shape
    macan = await logged_in.measurements(MACAN_VIN, *OIL_KEYS)
    unpaired = await logged_in.measurements(UNPAIRED_VIN, *OIL_KEYS)
    for key in OIL_KEYS:
        assert macan[key]["status"]["cause"] == "NOT_SUPPORTED"
        assert unpaired[key]["status"]["cause"] == "NOT_CONNECTED"


def test_option_is_a_constructor_keyword() -> None:
    assert Simulator(oil_level_shape=True).options.oil_level_shape is True
