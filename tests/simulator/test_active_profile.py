"""The invented active-profile fields, switchable with ``active_profile_fields``."""

from __future__ import annotations

from typing import Any

import pytest

from simulator import DEMO_EMAIL, DEMO_PASSWORD, MACAN_VIN, TAYCAN_VIN, Simulator

from .refclient import RefClient

KEYS = ("CHARGING_PROFILES", "CHARGING_SUMMARY")


async def _values(client: RefClient, vin: str) -> tuple[dict[str, Any], ...]:
    entries = await client.measurements(vin, *KEYS)
    return tuple(entries[key]["value"] for key in KEYS)


@pytest.mark.parametrize(
    ("fields", "current", "summary_id"),
    [("both", True, True), ("summary_id", False, True), ("none", False, False)],
)
async def test_fields_follow_the_option(
    simulator: Simulator,
    client: RefClient,
    fields: Any,
    current: bool,
    summary_id: bool,
) -> None:
    simulator.options.active_profile_fields = fields
    await client.login(DEMO_EMAIL, DEMO_PASSWORD)
    profiles, summary = await _values(client, MACAN_VIN)
    assert ("currentProfileId" in profiles) is current
    assert ("id" in summary["chargingProfile"]) is summary_id
    assert summary["chargingProfile"]["minSoC"] == 25  # "Home", id 3
    assert [p["id"] for p in profiles["list"]] == [0, 3, 5]


async def test_active_profile_kept_internally_with_none(
    simulator: Simulator, client: RefClient
) -> None:
    simulator.options.active_profile_fields = "none"
    await client.login(DEMO_EMAIL, DEMO_PASSWORD)
    profiles, _ = await _values(client, MACAN_VIN)
    edited = [{**p, "targetSoc": 95} if p["id"] == 3 else p for p in profiles["list"]]
    result = await client.command(MACAN_VIN, "CHARGING_PROFILES_EDIT", {"list": edited})
    assert result["status"]["result"] == "PERFORMED"
    profiles, summary = await _values(client, MACAN_VIN)
    assert "currentProfileId" not in profiles
    assert summary["targetSoC"] == 95  # still profile 3, now charging to 95 %
    assert summary["chargingProfile"] == {"minSoC": 25, "targetSoC": 95}
    assert (
        simulator.measurement(MACAN_VIN, "CHARGING_PROFILES")["currentProfileId"] == 3
    )
    _, taycan = await _values(client, TAYCAN_VIN)
    assert taycan["chargingProfile"] == {"minSoC": 30, "targetSoC": 85}
