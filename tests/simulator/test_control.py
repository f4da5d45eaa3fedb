"""Scenario switches of the control handle: S-PIN lockout, pairing, state of charge."""

from __future__ import annotations

import pytest

from simulator import (
    CARRERA_VIN,
    DEMO_EMAIL,
    DEMO_PASSWORD,
    DEMO_SPIN,
    TAYCAN_VIN,
    Simulator,
)

from .refclient import RefClient
from .test_commands import details


@pytest.fixture
async def logged_in(simulator: Simulator, client: RefClient) -> RefClient:
    await client.login(DEMO_EMAIL, DEMO_PASSWORD)
    return client


async def test_reset_spin_lockout_and_unpairing(
    simulator: Simulator, logged_in: RefClient
) -> None:
    for _ in range(3):
        await logged_in.unlock(CARRERA_VIN, "9999")
    assert simulator.account(DEMO_EMAIL).spin_locked_until is not None
    simulator.reset_spin_lockout(DEMO_EMAIL)
    result = await logged_in.unlock(CARRERA_VIN, DEMO_SPIN)
    assert result["status"]["result"] == "PERFORMED"
    simulator.set_connected(CARRERA_VIN, connected=False)
    entries = await logged_in.measurements(CARRERA_VIN, "FUEL_LEVEL")
    assert entries["FUEL_LEVEL"]["status"]["cause"] == "NOT_CONNECTED"
    result = await logged_in.command(CARRERA_VIN, "LOCK", {"spin": None})
    assert details(result)["code"] == "VEHICLE_NOT_CONNECTED"


async def test_set_soc(simulator: Simulator, logged_in: RefClient) -> None:
    simulator.set_soc(TAYCAN_VIN, 84.5)
    simulator.advance(10 * 60)
    assert simulator.measurement(TAYCAN_VIN, "BATTERY_LEVEL") == {"percent": 85}
    assert simulator.measurement(TAYCAN_VIN, "CHARGING_SUMMARY")["status"] == (  # type: ignore[index]
        "CHARGING_COMPLETED"
    )
