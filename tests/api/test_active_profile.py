"""Which charging profile is active when no id field names it (``parse_profiles``)."""

from __future__ import annotations

from typing import Any

import pytest

from custom_components.porsche_connect.api import Session, overview
from custom_components.porsche_connect.api.parts import parse_charging, parse_profiles
from simulator import MACAN_VIN, TAYCAN_VIN, Simulator

LIST = [
    {"id": 0, "name": "Standard", "isEnabled": True, "minSoc": 20},
    {"id": 3, "name": "Home", "isEnabled": True, "minSoc": 25},
    {"id": 5, "name": "Office", "isEnabled": False, "minSoc": 25},
]


def _active(
    summary_profile: dict[str, Any] | None,
    profiles: list[dict[str, Any]] = LIST,
    **extra: Any,
) -> int | None:
    summary = {"status": "CHARGING"}
    if summary_profile is not None:
        summary["chargingProfile"] = summary_profile  # type: ignore[assignment]
    parsed = parse_profiles({"list": profiles, **extra}, parse_charging(summary))
    assert parsed is not None
    return parsed.active_id


@pytest.mark.parametrize(
    ("summary_profile", "profiles", "expected"),
    [
        ({"id": 5, "minSoC": 20}, LIST, 5),  # an id wins
        ({"profileName": "Office", "minSoC": 20}, LIST, 5),  # then the name
        ({"name": "Home"}, LIST, 3),
        ({"minSoC": 20}, LIST, 0),  # then a unique minSoC
        ({"minSoc": 20}, LIST, 0),
        ({"minSoC": 25}, LIST, None),  # two profiles at 25 %, two enabled
        ({"profileName": "Gone", "minSoC": 99}, LIST, None),
        ({"minSoC": 25}, [{**p, "isEnabled": p["id"] == 3} for p in LIST], 3),
        (None, [{**p, "isEnabled": p["id"] == 0} for p in LIST], 0),  # only enabled
        (None, LIST, None),
        (None, [], None),
    ],
)
def test_active_profile_without_ids(
    summary_profile: dict[str, Any] | None,
    profiles: list[dict[str, Any]],
    expected: int | None,
) -> None:
    assert _active(summary_profile, profiles) == expected


def test_current_profile_id_before_guessing() -> None:
    assert _active({"minSoC": 20}, currentProfileId=3) == 3


@pytest.mark.parametrize("fields", ["both", "summary_id", "none"])
async def test_active_profile_from_the_simulator(
    session: Session, simulator: Simulator, fields: Any
) -> None:
    simulator.options.active_profile_fields = fields
    for vin, active, name in ((MACAN_VIN, 3, "Home"), (TAYCAN_VIN, 4, "Home")):
        ov = await overview(session, vin)
        assert ov.charging_profiles is not None
        assert ov.charging_profiles.active_id == active
        assert ov.charging_profiles.active is not None
        assert ov.charging_profiles.active.name == name
        assert ov.charging is not None
        assert ov.charging.active_profile_id == (None if fields == "none" else active)
