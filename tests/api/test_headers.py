"""Our client sends ``User-Agent`` and ``X-Client-ID`` on every identity and API call."""

from __future__ import annotations

import aiohttp
import pytest

from custom_components.porsche_connect.api import (
    CaptchaRequired,
    capabilities,
    overview,
    pictures,
    vehicles,
)
from custom_components.porsche_connect.api.client import send_command, wait
from custom_components.porsche_connect.api.config import DEFAULT_USER_AGENT, X_CLIENT_ID
from simulator import DEMO_EMAIL, MACAN_VIN, Simulator

from .conftest import new_session


async def test_every_call_carries_user_agent_and_client_id(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    simulator.set_captcha(DEMO_EMAIL)  # the captcha page and its answer too
    session = new_session(simulator, http)
    with pytest.raises(CaptchaRequired) as challenge:
        await session.login()
    await session.answer_captcha(challenge.value, simulator.captcha_answer() or "")
    simulator.set_captcha(DEMO_EMAIL, required=False)
    await session.refresh()
    await vehicles(session)
    await overview(session, MACAN_VIN, wake=True)
    await capabilities(session, MACAN_VIN)
    await pictures(session, MACAN_VIN)
    await wait(session, await send_command(session, MACAN_VIN, "LOCK", {"spin": None}))
    records = simulator.log.records
    paths = {record.path for record in records}
    assert {"/authorize", "/u/login/identifier", "/u/login/password"} <= paths
    assert {"/authorize/resume", "/u/passkey-enrollment", "/oauth/token"} <= paths
    assert any(path.startswith("/app/connect/v1/") for path in paths)
    assert simulator.log.refreshes == 1
    for record in records:
        assert record.user_agent == DEFAULT_USER_AGENT, record
        assert record.user_agent.startswith("de.porsche.one/")
        assert record.client_id == X_CLIENT_ID, record
