"""Fixtures of the client tests: no Home Assistant, the simulator over 127.0.0.1."""

from __future__ import annotations

from collections.abc import AsyncIterator
import json
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from custom_components.porsche_connect.api import Config, Session, _http
from simulator import DEMO_EMAIL, DEMO_PASSWORD, Simulator
from simulator.pytest_plugin import simulator  # noqa: F401  (the fixture)

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLES = Path(__file__).parents[3] / "shared" / "api-samples"


def load_fixture(name: str) -> Any:
    """Return a JSON fixture of tests/api/fixtures."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def load_sample(name: str) -> Any:
    """Return one of ../shared/api-samples."""
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """Override the root conftest's fixture: these tests need no Home Assistant."""


@pytest.fixture(autouse=True)
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Never really sleep; record every non-zero delay the client asked for."""
    recorded: list[float] = []

    async def fake_sleep(delay: float) -> None:
        if delay > 0:
            recorded.append(delay)

    monkeypatch.setattr(_http, "sleep", fake_sleep)
    return recorded


def sim_config(sim: Simulator, **overrides: Any) -> Config:
    """Return a configuration pointing at the simulator, with no delays."""
    values: dict[str, Any] = {
        "api_url": sim.api_url,
        "identity_url": sim.identity_url,
        "resume_delay": 0,
    }
    values.update(overrides)
    return Config.build(values)


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    """The caller's aiohttp session."""
    async with aiohttp.ClientSession() as client:
        yield client


def new_session(sim: Simulator, http: aiohttp.ClientSession, **kwargs: Any) -> Session:
    """Return a session of the demo account on the simulator's clock."""
    config = kwargs.pop("config", None) or sim_config(sim)
    return Session(
        http,
        kwargs.pop("username", DEMO_EMAIL),
        kwargs.pop("password", DEMO_PASSWORD),
        config,
        clock=sim.clock.now,
        **kwargs,
    )


@pytest.fixture
async def session(simulator: Simulator, http: aiohttp.ClientSession) -> Session:  # noqa: F811
    """A logged-in session of the demo account."""
    logged_in = new_session(simulator, http)
    await logged_in.login()
    return logged_in
