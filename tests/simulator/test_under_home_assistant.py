"""The fixture leaves nothing behind under Home Assistant's test harness."""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant

from simulator import DEMO_EMAIL, DEMO_PASSWORD, TAYCAN_VIN, Simulator

from .refclient import RefClient


async def test_fixture_is_clean_with_hass_and_freezer(
    hass: HomeAssistant,
    simulator: Simulator,
    client: RefClient,
    freezer: FrozenDateTimeFactory,
) -> None:
    freezer.move_to("2026-11-05T20:00:00+00:00")
    await client.login(DEMO_EMAIL, DEMO_PASSWORD)
    result = await client.command(TAYCAN_VIN, "LOCK", {"spin": None})
    assert result["status"]["result"] == "PERFORMED"
    freezer.tick(3601)
    status, _ = await client.get("/connect/v1/vehicles")
    assert status == 401
