"""The identity server: login flow, PKCE, captcha, passkey offer, tokens."""

from __future__ import annotations

import base64
import json

import aiohttp
import pytest
from yarl import URL

from simulator import DEMO_EMAIL, DEMO_PASSWORD, Simulator

from .refclient import (
    CLIENT_ID,
    REDIRECT_URI,
    CaptchaRequiredError,
    LoginError,
    RefClient,
    page_context,
    read_svg_captcha,
)


def claims(token: str) -> dict[str, object]:
    payload = token.split(".")[1]
    loaded: dict[str, object] = json.loads(
        base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    )
    return loaded


async def test_full_login_declines_passkey_and_issues_tokens(
    simulator: Simulator, client: RefClient
) -> None:
    pending = client.new_login()
    tokens = await client.login(DEMO_EMAIL, DEMO_PASSWORD, pending=pending)
    assert set(tokens) >= {
        "access_token",
        "refresh_token",
        "expires_in",
        "id_token",
        "scope",
        "token_type",
    }
    assert tokens["token_type"] == "Bearer"
    assert "/u/passkey-enrollment" in pending.history
    jwt = claims(tokens["access_token"])
    assert jwt["exp"] - jwt["iat"] == 3600  # type: ignore[operator]
    assert "https://api.porsche.com" in jwt["aud"]  # type: ignore[operator]
    assert jwt["iss"] == f"{simulator.identity_url}/"
    assert jwt["sub"]
    assert simulator.log.logins == 1
    assert simulator.log.count(path="/oauth/token", grant="authorization_code") == 1


async def test_login_without_passkey_offer(
    simulator: Simulator, client: RefClient
) -> None:
    simulator.set_passkey_enrollment(DEMO_EMAIL, enabled=False)
    pending = client.new_login()
    await client.login(DEMO_EMAIL, DEMO_PASSWORD, pending=pending)
    assert "/u/passkey-enrollment" not in pending.history


async def test_live_session_cookie_answers_with_a_code(
    simulator: Simulator, client: RefClient
) -> None:
    await client.login(DEMO_EMAIL, DEMO_PASSWORD)
    pending = client.new_login()
    await client.authorize(pending)
    assert pending.location is not None
    assert pending.state is None
    await client.exchange(pending)
    assert simulator.log.logins == 2
    assert simulator.log.count(path="/u/login/identifier") == 1


async def test_session_ends_with_password_change(
    simulator: Simulator, client: RefClient
) -> None:
    await client.login(DEMO_EMAIL, DEMO_PASSWORD)
    simulator.change_password(DEMO_EMAIL, "new-secret")
    pending = client.new_login()
    await client.authorize(pending)
    assert pending.location is None
    with pytest.raises(LoginError) as err:
        await client.login(DEMO_EMAIL, DEMO_PASSWORD)
    assert (err.value.step, err.value.status) == ("password", 400)
    await client.login(DEMO_EMAIL, "new-secret")


async def test_unknown_user_gets_401_and_wrong_password_400(
    simulator: Simulator, client: RefClient
) -> None:
    with pytest.raises(LoginError) as err:
        await client.login("nobody@example.com", "x")
    assert (err.value.step, err.value.status) == ("identifier", 401)
    with pytest.raises(LoginError) as err:
        await client.login(DEMO_EMAIL, "wrong")
    assert (err.value.step, err.value.status) == ("password", 400)


async def test_authorize_requires_pkce(
    simulator: Simulator, session: aiohttp.ClientSession
) -> None:
    async with session.get(
        f"{simulator.identity_url}/authorize",
        params={
            "response_type": "code",
            "client_id": CLIENT_ID,
            "redirect_uri": REDIRECT_URI,
            "state": "s",
        },
        allow_redirects=False,
    ) as response:
        assert response.status == 400


async def test_captcha_switch_and_answer(
    simulator: Simulator, client: RefClient
) -> None:
    simulator.set_captcha(DEMO_EMAIL)
    with pytest.raises(CaptchaRequiredError) as err:
        await client.login(DEMO_EMAIL, DEMO_PASSWORD)
    assert err.value.image.startswith("data:image/svg+xml;base64,")
    assert simulator.captcha_answer(err.value.state) == read_svg_captcha(
        err.value.image
    )
    tokens = await client.login(DEMO_EMAIL, DEMO_PASSWORD, solver=read_svg_captcha)
    assert tokens["access_token"]


async def test_captcha_page_carries_image_twice_and_rate_headers(
    simulator: Simulator, client: RefClient
) -> None:
    simulator.set_captcha(DEMO_EMAIL)
    pending = client.new_login()
    await client.authorize(pending)
    response = await client.identifier(pending, DEMO_EMAIL)
    body = await response.text()
    assert response.status == 400
    image = page_context(body)["screen"]["captcha"]["image"]
    assert f'<img alt="captcha" src="{image}">' in body
    assert response.headers["X-Ratelimit-Limit"] == "10"
    assert response.headers["X-Ratelimit-Remaining"] == "9"
    assert int(response.headers["X-Ratelimit-Reset"]) > 0


async def test_wrong_captcha_brings_a_new_one(
    simulator: Simulator, client: RefClient
) -> None:
    simulator.set_captcha(DEMO_EMAIL)
    pending = client.new_login()
    await client.authorize(pending)
    await client.identifier(pending, DEMO_EMAIL)
    first = simulator.captcha_answer(pending.state)
    response = await client.identifier(pending, DEMO_EMAIL, captcha="wrong!")
    assert response.status == 400
    assert "invalid-captcha" in json.dumps(page_context(await response.text()))
    second = simulator.captcha_answer(pending.state)
    assert second
    assert second != first
    # The old answer no longer counts; the new one does.
    response = await client.identifier(pending, DEMO_EMAIL, captcha=first)
    assert response.status == 400
    third = simulator.captcha_answer(pending.state)
    response = await client.identifier(pending, DEMO_EMAIL, captcha=third)
    assert response.status == 302


async def test_captcha_answer_counts_only_with_same_state_and_verifier(
    simulator: Simulator, client: RefClient
) -> None:
    simulator.set_captcha(DEMO_EMAIL)
    simulator.set_passkey_enrollment(DEMO_EMAIL, enabled=False)
    first = client.new_login()
    await client.authorize(first)
    await client.identifier(first, DEMO_EMAIL)
    answer = simulator.captcha_answer(first.state)
    # Posting the answer in a new login (new state, new verifier) does not count.
    second = client.new_login()
    await client.authorize(second)
    response = await client.identifier(second, DEMO_EMAIL, captcha=answer)
    assert response.status == 400
    # In the original login it does; the code then needs the original verifier.
    response = await client.identifier(first, DEMO_EMAIL, captcha=answer)
    assert response.status == 302
    async with client.session.post(
        f"{simulator.identity_url}/u/login/password",
        params={"state": first.state or ""},
        data={
            "state": first.state or "",
            "username": DEMO_EMAIL,
            "password": DEMO_PASSWORD,
            "action": "default",
        },
        allow_redirects=False,
    ) as response:
        first.location = response.headers["Location"]
    await client.resume(first)
    with pytest.raises(LoginError):
        await client.exchange(first, verifier=second.verifier)


async def test_captcha_comes_after_too_many_logins(
    simulator: Simulator, client: RefClient
) -> None:
    simulator.set_passkey_enrollment(DEMO_EMAIL, enabled=False)
    for _ in range(10):
        client.session.cookie_jar.clear()
        await client.login(DEMO_EMAIL, DEMO_PASSWORD)
    client.session.cookie_jar.clear()
    with pytest.raises(CaptchaRequiredError):
        await client.login(DEMO_EMAIL, DEMO_PASSWORD)
    last = simulator.log.records[-1]
    assert (last.path, last.status) == ("/u/login/identifier", 400)
    # It stays for about 72 hours, even once the window has passed...
    simulator.advance(2 * 3600)
    client.session.cookie_jar.clear()
    with pytest.raises(CaptchaRequiredError):
        await client.login(DEMO_EMAIL, DEMO_PASSWORD)
    # ...and then goes away.
    simulator.advance(72 * 3600)
    client.session.cookie_jar.clear()
    await client.login(DEMO_EMAIL, DEMO_PASSWORD)


async def test_passkey_decline_needs_every_field(
    simulator: Simulator, client: RefClient, session: aiohttp.ClientSession
) -> None:
    pending = client.new_login()
    await client.authorize(pending)
    await client.identifier(pending, DEMO_EMAIL)
    async with session.post(
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
        resume = URL(simulator.identity_url).join(URL(response.headers["Location"]))
    async with session.get(resume, allow_redirects=False) as response:
        assert response.status == 302
        offer = resume.join(URL(response.headers["Location"]))
    assert offer.path == "/u/passkey-enrollment"
    async with session.get(offer) as response:
        context = page_context(await response.text())
    base = {
        **context["untrustedData"]["submittedFormData"],
        "state": context["transaction"]["state"],
        "action": "abort-passkey-enrollment",
        "acul-sdk": "@auth0/auth0-acul-js@1.2.0",
    }
    for missing in ("action", "acul-sdk", "state", "username"):
        form = {k: v for k, v in base.items() if k != missing}
        async with session.post(offer, data=form, allow_redirects=False) as response:
            assert response.status == 400, missing
    async with session.post(offer, data=base, allow_redirects=False) as response:
        assert response.status in {302, 303}


async def test_state_in_the_form_is_enough_and_forms_carry_rate_headers(
    simulator: Simulator, client: RefClient, session: aiohttp.ClientSession
) -> None:
    pending = client.new_login()
    await client.authorize(pending)
    async with session.get(
        f"{simulator.identity_url}/u/login/identifier", params={"state": pending.state}
    ) as response:
        assert response.status == 200
        assert response.headers["X-Ratelimit-Limit"] == "10"
    async with session.post(
        f"{simulator.identity_url}/u/login/identifier",
        data={
            "state": pending.state or "",
            "username": DEMO_EMAIL,
            "js-available": "true",
            "webauthn-available": "false",
            "is-brave": "false",
            "webauthn-platform-available": "false",
            "action": "default",
        },
        allow_redirects=False,
    ) as response:
        assert response.status == 302
        assert response.headers["X-Ratelimit-Remaining"] == "9"
    async with session.get(
        f"{simulator.identity_url}/u/login/password", params={"state": pending.state}
    ) as response:
        assert response.status == 200
    async with session.post(
        f"{simulator.identity_url}/u/login/identifier",
        data={"state": "unknown", "username": DEMO_EMAIL},
        allow_redirects=False,
    ) as response:
        assert response.status == 400


async def test_force_captcha_for_an_address(
    simulator: Simulator, client: RefClient
) -> None:
    simulator.force_captcha("127.0.0.1", seconds=600)
    with pytest.raises(CaptchaRequiredError) as err:
        await client.login(DEMO_EMAIL, DEMO_PASSWORD)
    assert simulator.captcha_answer() == simulator.captcha_answer(err.value.state)
    simulator.advance(601)
    await client.login(DEMO_EMAIL, DEMO_PASSWORD)
