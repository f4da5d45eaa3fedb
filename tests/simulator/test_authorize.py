"""``/authorize`` as the reference gives it: redirect_uri, scope and audience."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

import aiohttp
import pytest
from yarl import URL

from simulator import DEMO_EMAIL, DEMO_PASSWORD, Simulator

from .refclient import AUDIENCE, CLIENT_ID, REDIRECT_URI, SCOPE, RefClient


def claims(token: str) -> dict[str, Any]:
    payload = token.split(".")[1]
    loaded: dict[str, Any] = json.loads(
        base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    )
    return loaded


def authorize_params(client: RefClient, **changes: str | None) -> dict[str, str]:
    verifier = "v" * 64
    challenge = (
        base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
        .rstrip(b"=")
        .decode()
    )
    params: dict[str, str | None] = {
        "response_type": "code",
        "client_id": CLIENT_ID,
        "redirect_uri": REDIRECT_URI,
        "audience": AUDIENCE,
        "scope": SCOPE,
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        "state": "client-state",
        **changes,
    }
    return {key: value for key, value in params.items() if value is not None}


async def login_with(client: RefClient, **changes: str | None) -> dict[str, Any]:
    """A whole login whose ``/authorize`` query is changed as given."""
    pending = client.new_login()
    pending.verifier = "v" * 64
    pending.client_state = "client-state"
    async with client.session.get(
        f"{client.identity_url}/authorize",
        params=authorize_params(client, **changes),
        headers=client.headers,
        allow_redirects=False,
    ) as response:
        assert response.status == 302, await response.text()
        location = URL(response.headers["Location"])
    if "code" in location.query:  # a live identity session
        pending.location = str(location)
        return await client.exchange(pending)
    pending.state = location.query["state"]
    await client.identifier(pending, DEMO_EMAIL)
    async with client.session.post(
        f"{client.identity_url}/u/login/password",
        params={"state": pending.state},
        data={
            "state": pending.state,
            "username": DEMO_EMAIL,
            "password": DEMO_PASSWORD,
            "action": "default",
        },
        headers=client.headers,
        allow_redirects=False,
    ) as response:
        pending.location = response.headers["Location"]
    await client.resume(pending)
    return await client.exchange(pending)


@pytest.mark.parametrize(
    "redirect_uri",
    ["https://my.porsche.com/", "my-porsche-app://auth0/callback/x", "http://x/"],
)
async def test_other_redirect_uri_is_a_callback_mismatch(
    simulator: Simulator,
    session: aiohttp.ClientSession,
    client: RefClient,
    redirect_uri: str,
) -> None:
    async with session.get(
        f"{simulator.identity_url}/authorize",
        params=authorize_params(client, redirect_uri=redirect_uri),
        allow_redirects=False,
    ) as response:
        assert response.status == 400
        assert response.content_type == "text/html"
        assert "Callback URL mismatch" in await response.text()


async def test_refresh_token_only_with_offline_access(
    simulator: Simulator, client: RefClient
) -> None:
    scope = " ".join(part for part in SCOPE.split() if part != "offline_access")
    tokens = await login_with(client, scope=scope)
    assert "refresh_token" not in tokens
    assert tokens["access_token"]
    # The full scope brings one, and so does its refresh.
    tokens = await login_with(client)
    assert tokens["refresh_token"]
    status, body = await client.refresh()
    assert status == 200
    assert body["refresh_token"]


async def test_api_audience_only_when_asked(
    simulator: Simulator, client: RefClient
) -> None:
    tokens = await login_with(client, audience=None)
    assert AUDIENCE not in json.dumps(claims(tokens["access_token"])["aud"])
    status, _ = await client.get("/connect/v1/vehicles")
    assert status == 401
    # Another audience is no better.
    tokens = await login_with(client, audience="https://elsewhere.example")
    status, _ = await client.get("/connect/v1/vehicles")
    assert status == 401
    tokens = await login_with(client)
    assert AUDIENCE in claims(tokens["access_token"])["aud"]
    status, _ = await client.get("/connect/v1/vehicles")
    assert status == 200
    # The refreshed token keeps the audience.
    status, body = await client.refresh()
    assert status == 200
    assert AUDIENCE in claims(body["access_token"])["aud"]
    status, _ = await client.get("/connect/v1/vehicles")
    assert status == 200


async def test_refresh_without_audience_stays_without(
    simulator: Simulator, client: RefClient
) -> None:
    await login_with(client, audience=None)
    status, body = await client.refresh()
    assert status == 200
    assert AUDIENCE not in json.dumps(claims(body["access_token"])["aud"])
    status, _ = await client.get("/connect/v1/vehicles")
    assert status == 401
