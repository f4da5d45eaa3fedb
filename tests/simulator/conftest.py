"""Fixtures of the simulator's own tests (no Home Assistant needed)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from simulator import Simulator
from simulator.pytest_plugin import simulator

from .refclient import RefClient

__all__ = ["simulator"]


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """Override the project-wide fixture: these tests do not start Home Assistant."""


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    """Yield a client session with a cookie jar that accepts 127.0.0.1 cookies."""
    async with aiohttp.ClientSession(
        cookie_jar=aiohttp.CookieJar(unsafe=True)
    ) as client_session:
        yield client_session


@pytest.fixture
def client(simulator: Simulator, session: aiohttp.ClientSession) -> RefClient:
    """Return a reference-following client for the simulator."""
    return RefClient(session, simulator.identity_url, simulator.api_url)
