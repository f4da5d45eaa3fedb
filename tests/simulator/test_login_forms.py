"""Login forms: the fields the reference posts are required (``strict_login_forms``)."""

from __future__ import annotations

import aiohttp
import pytest

from simulator import DEMO_EMAIL, DEMO_PASSWORD, Simulator

from .refclient import RefClient

IDENTIFIER = {
    "username": DEMO_EMAIL,
    "js-available": "true",
    "webauthn-available": "false",
    "is-brave": "false",
    "webauthn-platform-available": "false",
    "action": "default",
}
PASSWORD = {"username": DEMO_EMAIL, "password": DEMO_PASSWORD, "action": "default"}


async def _post(
    session: aiohttp.ClientSession,
    simulator: Simulator,
    step: str,
    form: dict[str, str],
) -> aiohttp.ClientResponse:
    response = await session.post(
        f"{simulator.identity_url}/u/login/{step}",
        params={"state": form.get("state", "")},
        data=form,
        allow_redirects=False,
    )
    await response.read()
    return response


async def _started(client: RefClient) -> str:
    pending = client.new_login()
    await client.authorize(pending)
    assert pending.state
    return pending.state


@pytest.mark.parametrize("missing", ["state", *IDENTIFIER])
async def test_identifier_needs_every_field(
    simulator: Simulator,
    client: RefClient,
    session: aiohttp.ClientSession,
    missing: str,
) -> None:
    state = await _started(client)
    form = {"state": state, **IDENTIFIER}
    del form[missing]
    response = await session.post(
        f"{simulator.identity_url}/u/login/identifier",
        params={"state": state},
        data=form,
        allow_redirects=False,
    )
    assert response.status == 400
    if missing != "state":
        assert missing in await response.text()
    assert response.headers["X-Ratelimit-Limit"] == "10"
    # The whole form still works afterwards.
    response = await _post(
        session, simulator, "identifier", {"state": state, **IDENTIFIER}
    )
    assert response.status == 302


@pytest.mark.parametrize("missing", ["state", *PASSWORD])
async def test_password_needs_every_field(
    simulator: Simulator,
    client: RefClient,
    session: aiohttp.ClientSession,
    missing: str,
) -> None:
    state = await _started(client)
    response = await _post(
        session, simulator, "identifier", {"state": state, **IDENTIFIER}
    )
    assert response.status == 302
    form = {"state": state, **PASSWORD}
    del form[missing]
    response = await session.post(
        f"{simulator.identity_url}/u/login/password",
        params={"state": state},
        data=form,
        allow_redirects=False,
    )
    assert response.status == 400
    response = await _post(session, simulator, "password", {"state": state, **PASSWORD})
    assert response.status == 302


async def test_lenient_forms_when_switched_off(
    simulator: Simulator, client: RefClient, session: aiohttp.ClientSession
) -> None:
    simulator.options.strict_login_forms = False
    state = await _started(client)
    form = {"state": state, "username": DEMO_EMAIL}
    assert (await _post(session, simulator, "identifier", form)).status == 302
    form = {"state": state, "password": DEMO_PASSWORD}
    assert (await _post(session, simulator, "password", form)).status == 302
