"""Shared command handling: waiting, timeouts, 504 and 429, queueing, missing commands."""

from __future__ import annotations

import asyncio

from homeassistant.components.button import DOMAIN as BUTTON_DOMAIN, SERVICE_PRESS
from homeassistant.components.switch import DOMAIN as SWITCH_DOMAIN
from homeassistant.const import (
    ATTR_ENTITY_ID,
    SERVICE_TURN_ON,
    STATE_ON,
    STATE_UNAVAILABLE,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.porsche_connect import commands
from custom_components.porsche_connect.api import _http
from simulator import CARRERA_VIN, MACAN_VIN, TAYCAN_VIN, Simulator

from .conftest import entity_id, has_entity

COMMANDS_PATH = "/app/connect/v1/vehicles/*/commands"
STATUS_PATH = "/app/connect/v1/vehicles/*/commands/*"


async def _flash(hass: HomeAssistant, vin: str = TAYCAN_VIN) -> None:
    await hass.services.async_call(
        BUTTON_DOMAIN,
        SERVICE_PRESS,
        {ATTR_ENTITY_ID: entity_id(hass, "button", vin, "flash")},
        blocking=True,
    )


def _flashes(server: Simulator, vin: str = TAYCAN_VIN) -> int:
    return sum(event.kind == "FLASH" for event in server.events(vin))


@pytest.fixture
def car_time(server: Simulator, monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Each wait between two polls moves the simulated car's clock by a second."""
    waits: list[float] = []

    async def sleep(delay: float) -> None:
        waits.append(delay)
        server.advance(1)

    monkeypatch.setattr(_http, "sleep", sleep)
    return waits


async def test_command_waits_until_performed(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    server: Simulator,
    car_time: list[float],
) -> None:
    """Commands poll their status until the car has acted."""
    server.options.command_delay = 5
    await _flash(hass)
    assert _flashes(server) == 1
    polls = [r for r in server.log.records if "/commands/" in r.path]
    assert len(polls) == 5
    assert len(car_time) == 5


async def test_command_timeout(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    server: Simulator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(commands, "POLL_ATTEMPTS", 3)
    server.options.command_delay = 3600
    with pytest.raises(HomeAssistantError) as err:
        await _flash(hass)
    assert err.value.translation_key == "command_timeout"
    assert err.value.translation_placeholders == {"command": "HONK_FLASH"}


async def test_504_while_polling_does_not_fail(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: Simulator
) -> None:
    server.faults.command_poll_504(times=3)
    await _flash(hass)
    assert _flashes(server) == 1
    assert not server.faults.http  # all three 504s were met


async def test_429_on_the_command_backs_off_and_sends_again(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: Simulator
) -> None:
    server.faults.rate_limit(retry_after=0, path=COMMANDS_PATH, method="POST")
    await _flash(hass)
    assert _flashes(server) == 1
    posts = [
        r
        for r in server.log.records
        if r.method == "POST" and r.path.endswith("/commands")
    ]
    assert [r.status for r in posts] == [429, 201]


async def test_429_while_polling_keeps_polling(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: Simulator
) -> None:
    server.faults.rate_limit(retry_after=0, path=STATUS_PATH, method="GET", times=2)
    await _flash(hass)
    assert _flashes(server) == 1


async def test_429_asking_for_a_long_pause_fails(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: Simulator
) -> None:
    server.faults.rate_limit(retry_after=600, path=COMMANDS_PATH, method="POST")
    with pytest.raises(HomeAssistantError) as err:
        await _flash(hass)
    assert err.value.translation_key == "rate_limited"
    assert _flashes(server) == 0


async def test_401_while_polling_never_sends_the_command_again(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: Simulator
) -> None:
    """A refused token between two polls is renewed; the same command is polled on."""
    server.faults.status(401, path=STATUS_PATH, method="GET")
    await _flash(hass)
    assert _flashes(server) == 1
    assert not server.faults.http  # the 401 was met
    posts = [
        r
        for r in server.log.records
        if r.method == "POST" and r.path.endswith("/commands")
    ]
    assert len(posts) == 1


async def test_401_on_the_command_is_sent_once_more(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: Simulator
) -> None:
    """A command refused for its token was not carried out: sent again, once."""
    server.faults.status(401, path=COMMANDS_PATH, method="POST")
    await _flash(hass)
    assert _flashes(server) == 1
    posts = [
        r
        for r in server.log.records
        if r.method == "POST" and r.path.endswith("/commands")
    ]
    assert [r.status for r in posts] == [401, 201]


async def test_server_error_on_the_command(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: Simulator
) -> None:
    """A failed command POST is never retried blindly."""
    server.faults.status(503, path=COMMANDS_PATH, method="POST")
    with pytest.raises(HomeAssistantError) as err:
        await _flash(hass)
    assert err.value.translation_key == "server_error"
    assert _flashes(server) == 0


async def test_commands_to_one_car_are_queued(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    server: Simulator,
    car_time: list[float],
) -> None:
    server.options.command_delay = 3
    switch = entity_id(hass, "switch", TAYCAN_VIN, "direct_charging")
    await asyncio.gather(
        _flash(hass),
        hass.services.async_call(
            SWITCH_DOMAIN, SERVICE_TURN_ON, {ATTR_ENTITY_ID: switch}, blocking=True
        ),
    )
    assert _flashes(server) == 1
    assert hass.states.get(switch).state == STATE_ON
    # The second command was sent only once the first was done.
    requests = [r for r in server.log.records if "/commands" in r.path]
    posts = [i for i, r in enumerate(requests) if r.method == "POST"]
    assert len(posts) == 2
    first_polls = [i for i, r in enumerate(requests[: posts[1]]) if r.method == "GET"]
    assert len(first_polls) == 3
    assert all(posts[0] < i < posts[1] for i in first_polls)


async def test_controls_only_for_enabled_commands(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: Simulator
) -> None:
    """The 911 has lock and honk/flash only; the Macan has everything but settings."""
    assert has_entity(hass, "lock", CARRERA_VIN, "lock")
    assert has_entity(hass, "button", CARRERA_VIN, "flash")
    for platform, key in (
        ("climate", "climatisation"),
        ("switch", "direct_charging"),
        ("number", "charge_target"),
        ("select", "charging_profile"),
    ):
        assert not has_entity(hass, platform, CARRERA_VIN, key)
        assert has_entity(hass, platform, MACAN_VIN, key)


async def test_remote_access_off_makes_controls_unavailable(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: Simulator
) -> None:
    server.set_remote_access(MACAN_VIN, False)
    await loaded_entry.runtime_data.vehicles[MACAN_VIN].async_refresh()
    await hass.async_block_till_done()
    for platform, key in (
        ("lock", "lock"),
        ("climate", "climatisation"),
        ("switch", "direct_charging"),
        ("number", "charge_target"),
        ("select", "charging_profile"),
        ("button", "flash"),
        ("button", "honk_flash"),
    ):
        state = hass.states.get(entity_id(hass, platform, MACAN_VIN, key))
        assert state.state == STATE_UNAVAILABLE, (platform, key)
    # Reading still works: "update from car" stays.
    update = hass.states.get(entity_id(hass, "button", MACAN_VIN, "update_from_car"))
    assert update.state != STATE_UNAVAILABLE


async def test_command_refused_twice_is_an_error_not_a_reauth(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: Simulator
) -> None:
    """401 even after the client renewed the token: this command fails, the sign-in
    stays (commands never sign in, so the credentials are not in question)."""
    server.faults.status(401, path=COMMANDS_PATH, method="POST", times=2)
    with pytest.raises(HomeAssistantError) as err:
        await _flash(hass)
    assert err.value.translation_key == "command_unauthorized"
    await hass.async_block_till_done()
    assert not [
        flow
        for flow in hass.config_entries.flow.async_progress_by_handler(
            "porsche_connect"
        )
        if flow["context"]["source"] == "reauth"
    ]
    await _flash(hass)
    assert _flashes(server) == 1
