"""Injected faults, through the control handle and the /_sim/ HTTP prefix."""

from __future__ import annotations

import asyncio
import json

import aiohttp
import pytest

from simulator import DEMO_EMAIL, DEMO_PASSWORD, TAYCAN_VIN, Simulator

from .refclient import CaptchaRequiredError, LoginError, RefClient

VEHICLES = "/connect/v1/vehicles"


@pytest.fixture
async def logged_in(simulator: Simulator, client: RefClient) -> RefClient:
    await client.login(DEMO_EMAIL, DEMO_PASSWORD)
    return client


async def test_latency(simulator: Simulator, logged_in: RefClient) -> None:
    simulator.options.latency_ms = 25
    await logged_in.get(VEHICLES)
    assert simulator.log.records[-1].latency_ms >= 25


@pytest.mark.parametrize("retry_after", [7, None])
async def test_429_with_and_without_retry_after(
    simulator: Simulator,
    logged_in: RefClient,
    session: aiohttp.ClientSession,
    retry_after: int | None,
) -> None:
    simulator.faults.rate_limit(retry_after=retry_after)
    async with session.get(
        f"{simulator.api_url}{VEHICLES}", headers=logged_in.api_headers
    ) as response:
        assert response.status == 429
        assert response.headers.get("Retry-After") == (
            None if retry_after is None else str(retry_after)
        )
    status, _ = await logged_in.get(VEHICLES)
    assert status == 200


@pytest.mark.parametrize("code", [500, 502, 503, 504])
async def test_server_error_bursts(
    simulator: Simulator, logged_in: RefClient, code: int
) -> None:
    simulator.faults.server_errors(code, times=3)
    statuses = [(await logged_in.get(VEHICLES))[0] for _ in range(4)]
    assert statuses == [code, code, code, 200]
    assert simulator.log.count(path=f"/app{VEHICLES}", status=code) == 3


async def test_504_while_polling_a_command(
    simulator: Simulator, logged_in: RefClient
) -> None:
    simulator.faults.command_poll_504(times=2)
    status, sent = await logged_in.send(TAYCAN_VIN, "LOCK", {"spin": None})
    assert status == 201
    command_id = sent["status"]["id"]
    assert (await logged_in.poll(TAYCAN_VIN, command_id))[0] == 504
    assert (await logged_in.poll(TAYCAN_VIN, command_id))[0] == 504
    status, body = await logged_in.poll(TAYCAN_VIN, command_id)
    assert (status, body["status"]["result"]) == (200, "PERFORMED")


async def test_no_answer_at_all(
    simulator: Simulator, logged_in: RefClient, session: aiohttp.ClientSession
) -> None:
    simulator.faults.timeout()
    with pytest.raises(TimeoutError):
        async with session.get(
            f"{simulator.api_url}{VEHICLES}",
            headers=logged_in.api_headers,
            timeout=aiohttp.ClientTimeout(total=0.05),
        ):
            pass
    assert simulator.log.records[-1].status == 0
    status, _ = await logged_in.get(VEHICLES)
    assert status == 200


async def test_hanging_request_is_released_at_stop(
    session: aiohttp.ClientSession, socket_enabled: None
) -> None:
    sim = Simulator(command_delay=0)
    await sim.start()
    sim.faults.timeout(path="*")
    request = asyncio.ensure_future(session.get(f"{sim.api_url}{VEHICLES}"))
    for _ in range(10_000):
        if sim.log.records:
            break
        await asyncio.sleep(0)
    assert sim.log.records[-1].status == 0
    await asyncio.wait_for(sim.stop(), timeout=5)
    done, _ = await asyncio.wait({request}, timeout=5)
    assert request in done
    if request.exception() is None:
        request.result().release()


async def test_html_labelled_json(
    simulator: Simulator, logged_in: RefClient, session: aiohttp.ClientSession
) -> None:
    simulator.faults.html_body(status=502)
    async with session.get(
        f"{simulator.api_url}{VEHICLES}", headers=logged_in.api_headers
    ) as response:
        assert response.status == 502
        assert response.content_type == "application/json"
        assert (await response.text()).startswith("<html>")
    simulator.faults.html_body(status=200)
    status, body = await logged_in.get(VEHICLES)
    assert status == 200
    assert isinstance(body, str)


async def test_malformed_json_and_empty_body(
    simulator: Simulator, logged_in: RefClient, session: aiohttp.ClientSession
) -> None:
    simulator.faults.malformed_json()
    async with session.get(
        f"{simulator.api_url}{VEHICLES}", headers=logged_in.api_headers
    ) as response:
        assert response.status == 200
        with pytest.raises(json.JSONDecodeError):
            await response.json()
    simulator.faults.empty_body(status=503)
    async with session.get(
        f"{simulator.api_url}{VEHICLES}", headers=logged_in.api_headers
    ) as response:
        assert response.status == 503
        assert response.content_type == "application/json"
        assert await response.read() == b""


async def test_charging_summary_missing(
    simulator: Simulator, logged_in: RefClient
) -> None:
    simulator.faults.drop_measurement("CHARGING_SUMMARY", vin=TAYCAN_VIN)
    keys = ("BATTERY_LEVEL", "CHARGING_SUMMARY")
    assert set(await logged_in.measurements(TAYCAN_VIN, *keys)) == {"BATTERY_LEVEL"}
    assert set(await logged_in.measurements(TAYCAN_VIN, *keys)) == set(keys)


async def test_unexpected_shape(simulator: Simulator, logged_in: RefClient) -> None:
    simulator.faults.unexpected_shape("BATTERY_LEVEL", {"percent": "lots"}, times=2)
    simulator.faults.unexpected_shape("GPS_LOCATION")
    entries = await logged_in.measurements(TAYCAN_VIN, "BATTERY_LEVEL", "GPS_LOCATION")
    assert entries["BATTERY_LEVEL"]["value"] == {"percent": "lots"}
    assert entries["GPS_LOCATION"]["value"] == "unexpected"
    simulator.faults.clear()
    entries = await logged_in.measurements(TAYCAN_VIN, "BATTERY_LEVEL")
    assert isinstance(entries["BATTERY_LEVEL"]["value"]["percent"], int)


async def test_faults_can_target_identity(
    simulator: Simulator, client: RefClient
) -> None:
    simulator.faults.status(503, path="/oauth/token")
    with pytest.raises(LoginError) as err:
        await client.login(DEMO_EMAIL, DEMO_PASSWORD)
    assert (err.value.step, err.value.status) == ("token", 503)


async def test_control_over_http(
    simulator: Simulator, client: RefClient, session: aiohttp.ClientSession
) -> None:
    sim = f"{simulator.base_url}/_sim"
    async with session.post(
        f"{sim}/set_captcha", json={"email": DEMO_EMAIL}
    ) as response:
        assert response.status == 200
    with pytest.raises(CaptchaRequiredError) as err:
        await client.login(DEMO_EMAIL, DEMO_PASSWORD)
    async with session.get(
        f"{sim}/captcha", params={"state": err.value.state}
    ) as response:
        assert (await response.json())["answer"] == simulator.captcha_answer(
            err.value.state
        )
    async with session.post(
        f"{sim}/set_captcha", json={"email": DEMO_EMAIL, "required": False}
    ) as response:
        assert response.status == 200
    await client.login(DEMO_EMAIL, DEMO_PASSWORD)
    async with session.post(
        f"{sim}/faults", json={"type": "rate_limit", "retry_after": 3, "times": 1}
    ) as response:
        assert response.status == 200
    assert (await client.get(VEHICLES))[0] == 429
    async with session.post(f"{sim}/faults", json={"type": "nope"}) as response:
        assert response.status == 400
    async with session.post(
        f"{sim}/faults", json={"type": "status", "status": 500, "times": None}
    ) as response:
        assert response.status == 200
    async with session.delete(f"{sim}/faults") as response:
        assert response.status == 200
    assert (await client.get(VEHICLES))[0] == 200
    async with session.post(f"{sim}/advance", json={"seconds": 3601}) as response:
        assert response.status == 200
    assert (await client.get(VEHICLES))[0] == 401
    async with session.post(f"{sim}/revoke_refresh_tokens", json={}) as response:
        assert (await response.json())["result"] == 1
    assert (await client.refresh())[0] == 403
    async with session.post(
        f"{sim}/lock_account", json={"email": DEMO_EMAIL}
    ) as response:
        assert response.status == 200
    async with session.post(f"{sim}/lock_account", json={"email": "x@y"}) as response:
        assert response.status == 400
    async with session.post(f"{sim}/no_such_action", json={}) as response:
        assert response.status == 404
    async with session.get(f"{sim}/log") as response:
        records = await response.json()
    assert records[-1]["path"] == "/oauth/token"
    assert records[-1]["grant"] == "refresh_token"
    assert not any(record["path"].startswith("/_sim") for record in records)
    async with session.get(f"{sim}/state") as response:
        state = await response.json()
    assert state["accounts"][DEMO_EMAIL]["locked"] is True
    async with session.delete(f"{sim}/log") as response:
        assert response.status == 200
    assert simulator.log.records == []
