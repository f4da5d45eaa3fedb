"""The token endpoint: codes, PKCE binding, refresh rotation, revocation, locks."""

from __future__ import annotations

import base64
import json

import aiohttp
import pytest
from yarl import URL

from simulator import DEMO_EMAIL, DEMO_PASSWORD, Simulator

from .refclient import CLIENT_ID, REDIRECT_URI, LoginError, RefClient


def claims(token: str) -> dict[str, object]:
    payload = token.split(".")[1]
    loaded: dict[str, object] = json.loads(
        base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    )
    return loaded


async def _code(simulator: Simulator, client: RefClient) -> tuple[str, str]:
    simulator.set_passkey_enrollment(DEMO_EMAIL, enabled=False)
    pending = client.new_login()
    await client.authorize(pending)
    await client.identifier(pending, DEMO_EMAIL)
    async with client.session.post(
        f"{simulator.identity_url}/u/login/password",
        params={"state": pending.state or ""},
        data={
            "state": pending.state or "",
            "username": DEMO_EMAIL,
            "password": DEMO_PASSWORD,
            "action": "default",
        },
        allow_redirects=False,
    ) as response:
        pending.location = response.headers["Location"]
    await client.resume(pending)
    return URL(pending.location).query["code"], pending.verifier


@pytest.mark.parametrize(
    ("change", "description"),
    [
        ({"code_verifier": ""}, "missing verifier"),
        ({"code_verifier": "A" * 64}, "wrong verifier"),
        ({"redirect_uri": "https://elsewhere.example/cb"}, "other redirect_uri"),
    ],
)
async def test_code_is_bound_to_verifier_and_redirect_uri(
    simulator: Simulator,
    client: RefClient,
    change: dict[str, str],
    description: str,
) -> None:
    code, verifier = await _code(simulator, client)
    form = {
        "client_id": CLIENT_ID,
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": REDIRECT_URI,
        "code_verifier": verifier,
    }
    status, body = await client.token({**form, **change})
    assert (status, body["error"]) == (403, "invalid_grant"), description
    # Single use: even the right request fails afterwards.
    status, body = await client.token(form)
    assert status == 403


async def test_code_is_single_use_and_client_bound(
    simulator: Simulator, client: RefClient
) -> None:
    code, verifier = await _code(simulator, client)
    form = {
        "client_id": CLIENT_ID,
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": REDIRECT_URI,
        "code_verifier": verifier,
    }
    status, _ = await client.token({**form, "client_id": "other"})
    assert status == 401
    status, _ = await client.token(form)
    assert status == 200
    status, body = await client.token(form)
    assert (status, body["error"]) == (403, "invalid_grant")


async def test_token_endpoint_requires_x_client_id(
    simulator: Simulator, client: RefClient
) -> None:
    code, verifier = await _code(simulator, client)
    status, body = await client.token(
        {
            "client_id": CLIENT_ID,
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT_URI,
            "code_verifier": verifier,
        },
        headers={},
    )
    assert (status, body["error"]) == (400, "invalid_request")
    assert simulator.log.count(path="/oauth/token", grant="authorization_code") == 1
    assert simulator.log.logins == 0


async def test_locked_account(simulator: Simulator, client: RefClient) -> None:
    await client.login(DEMO_EMAIL, DEMO_PASSWORD)
    simulator.lock_account(DEMO_EMAIL)
    status, _ = await client.get("/connect/v1/vehicles")
    assert status == 423
    status, body = await client.refresh()
    assert (status, body["error"]) == (423, "access_denied")
    with pytest.raises(LoginError) as err:
        await client.login(DEMO_EMAIL, DEMO_PASSWORD)
    assert (err.value.step, err.value.status) == ("password", 423)
    simulator.unlock_account(DEMO_EMAIL)
    await client.login(DEMO_EMAIL, DEMO_PASSWORD)
    status, _ = await client.refresh()
    assert status == 200


async def test_locked_account_with_revoked_tokens(
    simulator: Simulator, client: RefClient
) -> None:
    await client.login(DEMO_EMAIL, DEMO_PASSWORD)
    simulator.lock_account(DEMO_EMAIL, revoke_tokens=True)
    status, body = await client.refresh()
    assert (status, body["error"]) == (403, "invalid_grant")
    simulator.unlock_account(DEMO_EMAIL)
    status, _ = await client.refresh()
    assert status == 403


async def test_refresh_rotates_and_reuse_kills_the_family(
    simulator: Simulator, client: RefClient
) -> None:
    tokens = await client.login(DEMO_EMAIL, DEMO_PASSWORD)
    first = tokens["refresh_token"]
    status, body = await client.refresh()
    assert status == 200
    second = body["refresh_token"]
    assert second != first
    assert body["access_token"] != tokens["access_token"]
    assert simulator.log.refreshes == 1
    # Reusing the first token fails and revokes the second too.
    client.tokens["refresh_token"] = first
    status, body = await client.refresh()
    assert (status, body["error"]) == (403, "invalid_grant")
    client.tokens["refresh_token"] = second
    status, _ = await client.refresh()
    assert status == 403
    assert simulator.log.count(path="/oauth/token", grant="refresh_token") == 3


async def test_revoked_and_expired_refresh_tokens(
    simulator: Simulator, client: RefClient
) -> None:
    await client.login(DEMO_EMAIL, DEMO_PASSWORD)
    assert simulator.revoke_refresh_tokens(DEMO_EMAIL) == 1
    status, body = await client.refresh()
    assert (status, body["error"]) == (403, "invalid_grant")
    client.session.cookie_jar.clear()
    await client.login(DEMO_EMAIL, DEMO_PASSWORD)
    simulator.advance(simulator.options.refresh_token_lifetime + 1)
    status, body = await client.refresh()
    assert (status, body["error"]) == (403, "invalid_grant")


async def test_invalid_grant_status_and_no_rotation_are_switchable(
    simulator: Simulator, client: RefClient
) -> None:
    simulator.options.rotate_refresh_tokens = False
    simulator.options.invalid_grant_status = 400
    tokens = await client.login(DEMO_EMAIL, DEMO_PASSWORD)
    status, body = await client.refresh()
    assert status == 200
    assert "refresh_token" not in body
    status, _ = await client.refresh()  # the same token keeps working
    assert status == 200
    assert client.tokens["refresh_token"] == tokens["refresh_token"]
    simulator.revoke_refresh_tokens()
    status, body = await client.refresh()
    assert (status, body["error"]) == (400, "invalid_grant")


async def test_token_lifetime_is_configurable(
    simulator: Simulator, client: RefClient
) -> None:
    simulator.options.token_lifetime = 120
    tokens = await client.login(DEMO_EMAIL, DEMO_PASSWORD)
    assert tokens["expires_in"] == 120
    jwt = claims(tokens["access_token"])
    assert jwt["exp"] - jwt["iat"] == 120  # type: ignore[operator]


async def test_token_endpoint_accepts_json(
    simulator: Simulator, client: RefClient, session: aiohttp.ClientSession
) -> None:
    await client.login(DEMO_EMAIL, DEMO_PASSWORD)
    async with session.post(
        f"{simulator.identity_url}/oauth/token",
        json={
            "client_id": CLIENT_ID,
            "grant_type": "refresh_token",
            "refresh_token": client.tokens["refresh_token"],
        },
        headers=client.headers,
    ) as response:
        assert response.status == 200
    assert simulator.log.refreshes == 1
    status, body = await client.token(
        {"client_id": CLIENT_ID, "grant_type": "password"}
    )
    assert (status, body["error"]) == (400, "unsupported_grant_type")
