"""The cars' pictures: served once fetched, and read again while Porsche failed them."""

from __future__ import annotations

import logging
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_REAUTH
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.porsche_connect.const import DOMAIN
from simulator import MACAN_VIN, Simulator, api as simulator_api

from .conftest import DEMO_USER
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


def _picture_logs(caplog: pytest.LogCaptureFixture, level: int) -> int:
    return sum(
        1
        for record in caplog.records
        if record.levelno == level and record.getMessage().startswith("No pictures")
    )


async def test_pictures_read_again_hourly_while_the_picture_service_fails(
    hass: HomeAssistant,
    server: Simulator,
    config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="custom_components.porsche_connect")
    server.faults.status(502, path=PICTURES, times=None)
    config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()
    assert _front_view(hass) is None
    # The first failure is told at info.
    assert _picture_logs(caplog, logging.INFO) == 1
    assert _picture_logs(caplog, logging.DEBUG) == 0
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
    # Later failures only at debug.
    assert _picture_logs(caplog, logging.INFO) == 1
    assert _picture_logs(caplog, logging.DEBUG) == 1

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


async def test_empty_picture_list_is_not_asked_again(
    hass: HomeAssistant,
    server: Simulator,
    config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Porsche has no pictures of the cars: a real answer, not a failure to retry."""
    monkeypatch.setattr(simulator_api, "PICTURE_VIEWS", ())
    config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()
    assert _front_view(hass) is None
    assert server.log.count(method="GET", path=PICTURES) == 1

    for _ in range(8):
        await _poll(hass, freezer)
    assert server.log.count(method="GET", path=PICTURES) == 1
    assert _front_view(hass) is None


async def test_picture_retry_keeps_the_poll_when_the_sign_in_fails(
    hass: HomeAssistant,
    server: Simulator,
    config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """The hourly picture retry finds the sign-in dead: the overview read stays."""
    server.options.token_lifetime = 4 * 3600  # no token renewal within the test
    server.faults.status(502, path=PICTURES, times=None)
    config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()
    coordinator = config_entry.runtime_data.vehicles[MACAN_VIN]
    for _ in range(3):
        await _poll(hass, freezer)

    # Porsche refuses the token for the pictures; renewing it and signing in fail.
    server.faults.clear()
    server.faults.status(401, path=PICTURES, times=None)
    server.revoke_refresh_tokens()
    server.change_password(DEMO_USER, "changed elsewhere")
    mileage = _entity_id(hass, MACAN_VIN, "mileage", "sensor")
    before = _state(hass, mileage)
    asked = server.log.count(method="GET", path=PICTURES)
    await _poll(hass, freezer)
    assert server.log.count(method="GET", path=PICTURES) == asked + 1

    assert coordinator.last_update_success
    assert _state(hass, mileage) == before != STATE_UNAVAILABLE
    assert [
        flow["context"]["source"]
        for flow in hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    ] == [SOURCE_REAUTH]
