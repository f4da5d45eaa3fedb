"""A pytest plugin with a ``simulator`` fixture.

Load it with ``pytest_plugins = ["simulator.pytest_plugin"]`` in the top-level
``conftest.py`` (or import the fixture into a ``conftest.py``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
import contextlib

import pytest
import pytest_asyncio

from .server import Simulator


@pytest_asyncio.fixture
async def simulator(request: pytest.FixtureRequest) -> AsyncIterator[Simulator]:
    """Yield a started simulator (no delays, tokens for an hour), stopped afterwards.

    When pytest-socket is active (as under pytest-homeassistant-custom-component), its
    ``socket_enabled`` fixture is requested so the server can open its socket on
    127.0.0.1; connections elsewhere stay blocked.
    """
    with contextlib.suppress(pytest.FixtureLookupError):
        request.getfixturevalue("socket_enabled")
    sim = Simulator(latency_ms=0, token_lifetime=3600, command_delay=0)
    await sim.start()
    try:
        yield sim
    finally:
        await sim.stop()
