"""``CHARGING_SETTINGS_EDIT``: the reference gives ``targetSoc`` 25..100 without a type."""

from __future__ import annotations

from typing import Any

import pytest

from simulator import CAYENNE_VIN, DEMO_EMAIL, DEMO_PASSWORD, Simulator

from .refclient import RefClient


@pytest.fixture
async def logged_in(simulator: Simulator, client: RefClient) -> RefClient:
    await client.login(DEMO_EMAIL, DEMO_PASSWORD)
    return client


async def _edit(client: RefClient, target: Any) -> dict[str, Any]:
    return await client.command(
        CAYENNE_VIN, "CHARGING_SETTINGS_EDIT", {"targetSoc": target, "spin": None}
    )


@pytest.mark.parametrize("target", [70.0, 25.0, 100.0])
async def test_whole_number_float_is_accepted(
    logged_in: RefClient, target: float
) -> None:
    result = await _edit(logged_in, target)
    assert result["status"]["result"] == "PERFORMED", result
    entries = await logged_in.measurements(
        CAYENNE_VIN, "CHARGING_SETTINGS", "CHARGING_SUMMARY"
    )
    stored = entries["CHARGING_SETTINGS"]["value"]["targetSoc"]
    assert stored == int(target)
    assert isinstance(stored, int)
    assert entries["CHARGING_SUMMARY"]["value"]["targetSoC"] == int(target)


@pytest.mark.parametrize(
    "target", [70.5, 24.0, 100.5, 101.0, float("nan"), float("inf"), True, None, "70"]
)
async def test_other_values_end_in_error(logged_in: RefClient, target: Any) -> None:
    before = await logged_in.measurements(CAYENNE_VIN, "CHARGING_SETTINGS")
    result = await _edit(logged_in, target)
    assert result["status"]["result"] == "ERROR", result
    assert result["status"]["details"]["code"] == "INVALID_PAYLOAD"
    after = await logged_in.measurements(CAYENNE_VIN, "CHARGING_SETTINGS")
    assert after["CHARGING_SETTINGS"]["value"] == before["CHARGING_SETTINGS"]["value"]
