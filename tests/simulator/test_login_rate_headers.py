"""Every ``/u/login/*`` answer carries ``X-Ratelimit-*``, the 400 "unknown state" ones too."""

from __future__ import annotations

import aiohttp
import pytest

from simulator import DEMO_EMAIL, DEMO_PASSWORD, Simulator

from .refclient import RefClient

RATE_HEADERS = ("X-Ratelimit-Limit", "X-Ratelimit-Remaining", "X-Ratelimit-Reset")
FORMS = {
    "identifier": {
        "username": DEMO_EMAIL,
        "js-available": "true",
        "webauthn-available": "false",
        "is-brave": "false",
        "webauthn-platform-available": "false",
        "action": "default",
    },
    "password": {"username": DEMO_EMAIL, "password": "x", "action": "default"},
}


async def _unknown_state(
    simulator: Simulator,
    session: aiohttp.ClientSession,
    method: str,
    step: str,
    state: str | None,
) -> aiohttp.ClientResponse:
    params = {} if state is None else {"state": state}
    data = None if method == "GET" else {**FORMS[step], **params}
    response = await session.request(
        method,
        f"{simulator.identity_url}/u/login/{step}",
        params=params,
        data=data,
        allow_redirects=False,
    )
    await response.read()
    return response


@pytest.mark.parametrize("state", ["no-such-state", None])
@pytest.mark.parametrize("step", ["identifier", "password"])
@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_unknown_state_answer_carries_rate_headers(
    simulator: Simulator,
    session: aiohttp.ClientSession,
    method: str,
    step: str,
    state: str | None,
) -> None:
    response = await _unknown_state(simulator, session, method, step, state)
    assert response.status == 400
    assert "unknown state" in await response.text()
    assert response.headers["X-Ratelimit-Limit"] == "10"
    assert response.headers["X-Ratelimit-Remaining"] == "10"
    assert int(response.headers["X-Ratelimit-Reset"]) > 0


async def test_unknown_state_answer_counts_the_address_logins(
    simulator: Simulator, client: RefClient, session: aiohttp.ClientSession
) -> None:
    simulator.options.login_rate_limit = 5
    pending = client.new_login()
    await client.authorize(pending)
    started = await client.identifier(pending, DEMO_EMAIL)
    assert started.status == 302
    response = await _unknown_state(simulator, session, "POST", "password", "gone")
    assert response.status == 400
    assert response.headers["X-Ratelimit-Limit"] == "5"
    assert response.headers["X-Ratelimit-Remaining"] == "4"
    assert response.headers["X-Ratelimit-Reset"] == started.headers["X-Ratelimit-Reset"]


async def test_every_login_answer_of_a_login_carries_rate_headers(
    simulator: Simulator,
) -> None:
    seen: list[tuple[str, int]] = []

    async def record(
        _session: aiohttp.ClientSession,
        context: object,
        params: aiohttp.TraceRequestEndParams,
    ) -> None:
        if params.url.path.startswith("/u/login/"):
            assert all(name in params.response.headers for name in RATE_HEADERS)
            seen.append((params.url.path, params.response.status))

    trace = aiohttp.TraceConfig()
    trace.on_request_end.append(record)
    async with aiohttp.ClientSession(
        cookie_jar=aiohttp.CookieJar(unsafe=True), trace_configs=[trace]
    ) as traced:
        traced_client = RefClient(traced, simulator.identity_url, simulator.api_url)
        await traced_client.login(DEMO_EMAIL, DEMO_PASSWORD)
    assert ("/u/login/identifier", 302) in seen
    assert ("/u/login/password", 302) in seen
