"""Shared fixtures: Home Assistant with the integration, talking to the simulator."""

from __future__ import annotations

from collections.abc import AsyncIterator

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.porsche_connect.api import _http
from custom_components.porsche_connect.const import DOMAIN, ENV_SERVER
from simulator import Simulator, start_simulator

DEMO_USER = "demo@example.com"
DEMO_PASSWORD = "demo"


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load custom_components/ in every test."""


@pytest.fixture(autouse=True)
def client_sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The client never really waits in tests (retry backoff); record the delays."""
    recorded: list[float] = []

    async def no_sleep(delay: float) -> None:
        recorded.append(delay)

    monkeypatch.setattr(_http, "sleep", no_sleep)
    return recorded


@pytest.fixture
async def simulator(socket_enabled: None) -> AsyncIterator[Simulator]:
    """The simulator on 127.0.0.1 (Home Assistant's harness allows sockets only there)."""
    async with start_simulator(command_delay=0) as sim:
        yield sim


@pytest.fixture
def server(simulator: Simulator, monkeypatch: pytest.MonkeyPatch) -> Simulator:
    """The simulator, with the integration pointed at it as a user's would be at Porsche."""
    monkeypatch.setenv(ENV_SERVER, simulator.base_url)
    return simulator


@pytest.fixture
def config_entry() -> MockConfigEntry:
    """An entry for the demo account, as the config flow would store it (no token yet)."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=DEMO_USER,
        unique_id=DEMO_USER,
        data={"username": DEMO_USER, "password": DEMO_PASSWORD},
    )


@pytest.fixture
async def loaded_entry(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    server: Simulator,
    config_entry: MockConfigEntry,
) -> MockConfigEntry:
    """The demo account set up against the simulator.

    Time is frozen first, so that tests can move it with `freezer` and the timers set up
    during setup follow.
    """
    config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()
    return config_entry
