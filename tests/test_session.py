"""The session coordinator over simulated weeks: one login, timed refreshes, reauth."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.porsche_connect.const import (
    CONF_CHARGING_SCAN_INTERVAL,
    CONF_SCAN_INTERVAL,
    CONF_TOKEN,
    DOMAIN,
)
from simulator import Simulator

from .conftest import DEMO_PASSWORD, DEMO_USER

# Poll the cars rarely here: these tests are about the token.
QUIET = {CONF_SCAN_INTERVAL: 24 * 60, CONF_CHARGING_SCAN_INTERVAL: 24 * 60}


async def _run_for(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, duration: timedelta
) -> None:
    step = timedelta(minutes=5)
    elapsed = timedelta()
    while elapsed < duration:
        freezer.tick(step)
        async_fire_time_changed(hass)
        await hass.async_block_till_done(wait_background_tasks=True)
        elapsed += step


def _reauth_flows(hass: HomeAssistant) -> list[object]:
    return [
        flow
        for flow in hass.config_entries.flow.async_progress_by_handler(DOMAIN)
        if flow["context"]["source"] == SOURCE_REAUTH
    ]


async def _setup(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(entry, options=QUIET)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)


async def test_a_week_is_one_login_and_timed_refreshes(
    hass: HomeAssistant,
    server: Simulator,
    config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    await _setup(hass, config_entry)
    assert server.log.logins == 1
    first_token = config_entry.data[CONF_TOKEN]

    await _run_for(hass, freezer, timedelta(days=7))

    assert server.log.logins == 1
    # 1-hour tokens refreshed 10 minutes before expiry: one refresh every 50 minutes.
    expected = int(timedelta(days=7) / timedelta(minutes=50))
    assert expected - 1 <= server.log.refreshes <= expected + 1
    assert server.log.count(status=401) == 0
    # The rotated token is kept in the entry, ready for a restart.
    assert config_entry.data[CONF_TOKEN] != first_token
    assert config_entry.state is ConfigEntryState.LOADED


async def test_restart_uses_the_stored_token(
    hass: HomeAssistant,
    server: Simulator,
    config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    await _setup(hass, config_entry)
    await _run_for(hass, freezer, timedelta(minutes=20))
    assert await hass.config_entries.async_reload(config_entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert server.log.logins == 1
    assert server.log.refreshes == 0


async def test_restart_near_expiry_refreshes_instead_of_logging_in(
    hass: HomeAssistant,
    server: Simulator,
    config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    await _setup(hass, config_entry)
    assert await hass.config_entries.async_unload(config_entry.entry_id)
    freezer.tick(timedelta(minutes=55))
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert server.log.logins == 1
    assert server.log.refreshes == 1


async def test_revoked_refresh_token_means_one_login(
    hass: HomeAssistant,
    server: Simulator,
    config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    await _setup(hass, config_entry)
    server.revoke_refresh_tokens(DEMO_USER)
    await _run_for(hass, freezer, timedelta(hours=3))
    assert server.log.logins == 2
    assert not _reauth_flows(hass)


async def test_changed_password_starts_reauth_once(
    hass: HomeAssistant,
    server: Simulator,
    config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    # Normal polling: the polls after the token expired must not sign in either.
    config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()
    server.change_password(DEMO_USER, "changed")
    await _run_for(hass, freezer, timedelta(hours=6))
    assert len(_reauth_flows(hass)) == 1
    # One login attempt with the old password, never a loop of them.
    assert server.log.count(path="/u/login/password") == 2  # setup + the failed one
    assert server.log.logins == 1


async def test_refresh_retried_every_minute_after_network_failure(
    hass: HomeAssistant,
    server: Simulator,
    config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    await _setup(hass, config_entry)
    # The token endpoint fails three times: the timed refresh and two retries.
    server.faults.status(503, path="/oauth/token", method="POST", times=3)
    freezer.tick(timedelta(minutes=50))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert server.log.count(path="/oauth/token", status=503) == 1
    for minute in (1, 2):
        freezer.tick(timedelta(minutes=1))
        async_fire_time_changed(hass)
        await hass.async_block_till_done(wait_background_tasks=True)
        assert server.log.count(path="/oauth/token", status=503) == 1 + minute
    assert server.log.refreshes == 0
    freezer.tick(timedelta(minutes=1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert server.log.refreshes == 1
    assert server.log.logins == 1
    assert not _reauth_flows(hass)


async def test_setup_with_bad_credentials_starts_reauth(
    hass: HomeAssistant, server: Simulator, config_entry: MockConfigEntry
) -> None:
    server.change_password(DEMO_USER, "changed")
    config_entry.add_to_hass(hass)
    assert not await hass.config_entries.async_setup(config_entry.entry_id)
    assert config_entry.state is ConfigEntryState.SETUP_ERROR
    assert len(_reauth_flows(hass)) == 1


async def test_setup_while_porsche_is_down_retries(
    hass: HomeAssistant, server: Simulator, config_entry: MockConfigEntry
) -> None:
    server.faults.status(503, path="/authorize", times=None)
    config_entry.add_to_hass(hass)
    assert not await hass.config_entries.async_setup(config_entry.entry_id)
    assert config_entry.state is ConfigEntryState.SETUP_RETRY


async def test_failing_logins_are_spaced_out(
    hass: HomeAssistant,
    server: Simulator,
    config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()
    # Same password, but every token and identity session is gone: a full login is
    # needed, and Porsche's login page keeps failing.
    server.change_password(DEMO_USER, DEMO_PASSWORD)
    server.faults.status(500, path="/u/login/password", times=None)
    await _run_for(hass, freezer, timedelta(hours=3))
    attempts = server.log.count(path="/u/login/password") - 1  # minus the setup's
    # One at the timed refresh, then at most one every 30 minutes.
    assert 1 <= attempts <= 3 * 2 + 1
    assert not _reauth_flows(hass)

    server.faults.clear()
    await _run_for(hass, freezer, timedelta(minutes=35))
    assert server.log.logins == 2
    assert config_entry.state is ConfigEntryState.LOADED


async def test_setup_retries_do_not_log_in_again_and_again(
    hass: HomeAssistant,
    server: Simulator,
    config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    server.faults.status(503, path="/u/login/password", times=None)
    config_entry.add_to_hass(hass)
    assert not await hass.config_entries.async_setup(config_entry.entry_id)
    assert config_entry.state is ConfigEntryState.SETUP_RETRY
    # Home Assistant retries the setup; the login waits its turn.
    await _run_for(hass, freezer, timedelta(minutes=20))
    assert server.log.count(path="/u/login/password") == 1
    server.faults.clear()
    await _run_for(hass, freezer, timedelta(minutes=15))
    assert config_entry.state is ConfigEntryState.LOADED
    assert server.log.logins == 1


async def test_readers_meeting_a_dead_refresh_token_share_one_login(
    hass: HomeAssistant,
    server: Simulator,
    config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    await _setup(hass, config_entry)
    freezer.tick(timedelta(minutes=35))
    # Same password, but every token and identity session is gone.
    server.change_password(DEMO_USER, DEMO_PASSWORD)
    server.expire_access_tokens(DEMO_USER)
    vehicles = config_entry.runtime_data.vehicles.values()
    await asyncio.gather(*(vehicle.async_refresh() for vehicle in vehicles))
    assert all(vehicle.last_update_success for vehicle in vehicles)
    assert server.log.logins == 2


async def test_login_rate_limit_postpones_instead_of_reauth(
    hass: HomeAssistant,
    server: Simulator,
    config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    await _setup(hass, config_entry)
    server.change_password(DEMO_USER, DEMO_PASSWORD)
    server.faults.status(429, path="/u/login/*", times=None)
    await _run_for(hass, freezer, timedelta(hours=1))
    assert not _reauth_flows(hass)
    server.faults.clear()
    await _run_for(hass, freezer, timedelta(minutes=35))
    assert server.log.logins == 2
    assert not _reauth_flows(hass)
