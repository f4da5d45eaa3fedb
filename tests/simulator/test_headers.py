"""Request headers: recorded in the log; the app User-Agent is needed to wake a car."""

from __future__ import annotations

import uuid

from simulator import DEMO_EMAIL, DEMO_PASSWORD, MACAN_VIN, Simulator

from .refclient import USER_AGENT, X_CLIENT_ID, RefClient

KEYS = ["GLOBAL_TIMESTAMP", "MILEAGE"]


async def _overview(
    client: RefClient, user_agent: str | None, wake: bool
) -> dict[str, object]:
    headers = dict(client.api_headers)
    headers.pop("User-Agent")
    if user_agent is not None:
        headers["User-Agent"] = user_agent
    params = [("mf", key) for key in KEYS]
    if wake:
        params.append(("wakeUpJob", str(uuid.uuid4())))
    async with client.session.get(
        f"{client.api_url}/connect/v1/vehicles/{MACAN_VIN}",
        params=params,
        headers=headers,
        skip_auto_headers=["User-Agent"],
    ) as response:
        assert response.status == 200
        body: dict[str, object] = await response.json()
        return body


async def test_log_records_user_agent_and_client_id(
    simulator: Simulator, client: RefClient
) -> None:
    await client.login(DEMO_EMAIL, DEMO_PASSWORD)
    await client.vehicles()
    await _overview(client, None, wake=False)
    records = simulator.log.records
    assert {record.path for record in records} >= {"/authorize", "/oauth/token"}
    for record in records[:-1]:
        assert (record.user_agent, record.client_id) == (USER_AGENT, X_CLIENT_ID)
    assert records[-1].user_agent is None
    assert records[-1].client_id == X_CLIENT_ID


async def test_wake_up_needs_the_app_user_agent(
    simulator: Simulator, client: RefClient
) -> None:
    await client.login(DEMO_EMAIL, DEMO_PASSWORD)
    stored = await _overview(client, USER_AGENT, wake=False)
    simulator.advance(600)
    for agent in (None, "Python/3.14 aiohttp/3.13", "Mozilla/5.0 de.porsche.one/1"):
        assert await _overview(client, agent, wake=True) == stored
    woken = await _overview(client, USER_AGENT, wake=True)
    assert str(woken["timestamp"]) > str(stored["timestamp"])


async def test_wake_up_without_app_user_agent_when_switched_off(
    simulator: Simulator, client: RefClient
) -> None:
    simulator.options.wake_needs_app_user_agent = False
    await client.login(DEMO_EMAIL, DEMO_PASSWORD)
    stored = await _overview(client, None, wake=False)
    simulator.advance(600)
    woken = await _overview(client, "curl/8", wake=True)
    assert str(woken["timestamp"]) > str(stored["timestamp"])
