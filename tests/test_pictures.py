"""The cars' pictures: served once fetched, and read again while Porsche failed them."""

from __future__ import annotations

from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.porsche_connect.const import DOMAIN
from simulator import MACAN_VIN, Simulator

from .test_entities import _entity_id, _poll, _state

PICTURES = f"/app/connect/v1/vehicles/{MACAN_VIN}/pictures"


def _front_view(hass: HomeAssistant) -> str | None:
    return er.async_get(hass).async_get_entity_id(
        "image", DOMAIN, f"{MACAN_VIN}-front_view"
    )


async def test_picture_is_served(
    hass: HomeAssistant,
    server: Simulator,
    loaded_entry: MockConfigEntry,
    hass_client: Any,
) -> None:
    image = _entity_id(hass, MACAN_VIN, "front_view", "image")
    client = await hass_client()
    response = await client.get(f"/api/image_proxy/{image}")
    assert response.status == 200
    assert (await response.read()).startswith(b"\x89PNG")
    # Fetched once, then kept.
    response = await client.get(f"/api/image_proxy/{image}")
    assert response.status == 200
    assert server.log.count(path="/picserv/*") == 1


async def test_pictures_read_again_hourly_while_the_picture_service_fails(
    hass: HomeAssistant,
    server: Simulator,
    config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    server.faults.status(502, path="*/pictures", times=None)
    config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()
    assert _front_view(hass) is None
    mileage = _entity_id(hass, MACAN_VIN, "mileage", "sensor")
    assert _state(hass, mileage) != STATE_UNAVAILABLE
    asked = server.log.count(method="GET", path=PICTURES)
    assert asked

    # Within the hour, polls do not ask again.
    for _ in range(3):
        await _poll(hass, freezer)
    assert server.log.count(method="GET", path=PICTURES) == asked
    # Past the hour the poll asks again; failing again does not fail the poll.
    await _poll(hass, freezer)
    assert server.log.count(method="GET", path=PICTURES) > asked
    assert config_entry.runtime_data.vehicles[MACAN_VIN].last_update_success
    assert _state(hass, mileage) != STATE_UNAVAILABLE
    assert _front_view(hass) is None

    # The picture service is back: the next hourly try brings the images.
    server.faults.clear()
    for _ in range(4):
        await _poll(hass, freezer)
    front_view = _front_view(hass)
    assert front_view is not None
    assert _state(hass, front_view) != STATE_UNAVAILABLE

    # Once the car has pictures, polls never ask for them again.
    asked = server.log.count(method="GET", path=PICTURES)
    for _ in range(8):
        await _poll(hass, freezer)
    assert server.log.count(method="GET", path=PICTURES) == asked
