"""Login, captcha, passkey, refresh and token handling against the simulator."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import aiohttp
import pytest

from custom_components.porsche_connect.api import (
    AccountLocked,
    CaptchaRequired,
    InvalidCredentials,
    RefreshTokenInvalid,
    Session,
    TooManyLogins,
    Unauthorized,
    overview,
    request_data,
    vehicles,
)
from simulator import DEMO_EMAIL, DEMO_PASSWORD, TAYCAN_VIN, Simulator

from .conftest import new_session, sim_config


async def test_login_declines_passkey(
    simulator: Simulator, http: aiohttp.ClientSession, sleeps: list[float]
) -> None:
    session = new_session(
        simulator, http, config=sim_config(simulator, resume_delay=2.5)
    )
    assert session.token is None
    await session.login()
    assert simulator.log.logins == 1
    assert simulator.log.count(method="POST", path="/u/passkey-enrollment") == 1
    assert simulator.log.count(method="GET", path="/authorize") == 1
    assert sleeps == [2.5]  # the pause before the resume chain
    token = session.token
    assert token is not None
    assert set(token) >= {"access_token", "refresh_token", "expires_at"}
    assert session.expires_at is not None
    assert session.refresh_at == session.expires_at - timedelta(minutes=10)
    assert session.expires_at - simulator.clock.now() > timedelta(minutes=59)
    assert (await vehicles(session))[0].vin == TAYCAN_VIN


async def test_login_without_passkey_offer(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    simulator.set_passkey_enrollment(DEMO_EMAIL, enabled=False)
    session = new_session(simulator, http)
    await session.login()
    assert simulator.log.count(path="/u/passkey-enrollment") == 0
    assert simulator.log.logins == 1


async def test_second_login_uses_identity_cookie(
    session: Session, simulator: Simulator
) -> None:
    await session.login()
    assert simulator.log.logins == 2
    assert simulator.log.count(method="POST", path="/u/login/identifier") == 1


async def test_captcha_repeated_then_answered(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    simulator.set_captcha(DEMO_EMAIL)
    session = new_session(simulator, http)
    with pytest.raises(CaptchaRequired) as first:
        await session.login()
    assert first.value.image.startswith("data:image/svg+xml;base64,")
    assert session.token is None
    # A wrong answer brings another captcha, for the same pending login.
    with pytest.raises(CaptchaRequired) as second:
        await session.answer_captcha(first.value, "wrong!")
    assert second.value.image != first.value.image
    answer = simulator.captcha_answer()
    assert answer is not None
    await session.answer_captcha(second.value, answer)
    assert session.token is not None
    assert simulator.log.logins == 1
    assert simulator.log.count(path="/authorize") == 1  # never a second login
    assert simulator.log.count(method="POST", path="/u/login/identifier") == 3
    await vehicles(session)


async def test_captcha_answered_by_a_new_session(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    simulator.force_captcha()
    with pytest.raises(CaptchaRequired) as challenge:
        await new_session(simulator, http).login()
    other = new_session(simulator, http)
    await other.answer_captcha(
        challenge.value.continuation, simulator.captcha_answer() or ""
    )
    assert other.token is not None


async def test_wrong_password(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    session = new_session(simulator, http, password="nope")
    with pytest.raises(InvalidCredentials) as err:
        await session.login()
    assert "nope" not in str(err.value)
    assert simulator.log.count(path="/u/login/password", status=400) == 1
    assert simulator.log.logins == 0


async def test_unknown_user(simulator: Simulator, http: aiohttp.ClientSession) -> None:
    session = new_session(simulator, http, username="who@example.com")
    with pytest.raises(InvalidCredentials):
        await session.login()
    assert simulator.log.count(path="/u/login/identifier", status=401) == 1


async def test_account_locked(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    simulator.lock_account(DEMO_EMAIL)
    with pytest.raises(AccountLocked):
        await new_session(simulator, http).login()


async def test_locked_while_logged_in(session: Session, simulator: Simulator) -> None:
    simulator.lock_account(DEMO_EMAIL)
    with pytest.raises(AccountLocked):
        await vehicles(session)


async def test_too_many_logins(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    simulator.faults.status(429, path="/u/login/identifier")
    with pytest.raises(TooManyLogins):
        await new_session(simulator, http).login()


async def test_refresh(session: Session, simulator: Simulator) -> None:
    before = session.token
    assert before is not None
    simulator.clock.advance(1800)
    await session.refresh()
    after = session.token
    assert after is not None
    assert simulator.log.refreshes == 1
    assert simulator.log.logins == 1
    assert after["access_token"] != before["access_token"]
    assert after["refresh_token"] != before["refresh_token"]  # rotated
    assert session.expires_at is not None
    assert session.expires_at - simulator.clock.now() > timedelta(minutes=59)


async def test_refresh_without_rotation_keeps_refresh_token(
    session: Session, simulator: Simulator
) -> None:
    simulator.options.rotate_refresh_tokens = False
    before = session.token
    assert before is not None
    await session.refresh()
    await session.refresh()
    assert session.token is not None
    assert session.token["refresh_token"] == before["refresh_token"]
    assert simulator.log.refreshes == 2


async def test_concurrent_refreshes_share_one(
    session: Session, simulator: Simulator
) -> None:
    await asyncio.gather(*(session.refresh() for _ in range(5)))
    assert simulator.log.refreshes == 1


@pytest.mark.parametrize("status", [403, 400, 401])
async def test_revoked_refresh_token_logs_in_once(
    session: Session, simulator: Simulator, status: int
) -> None:
    simulator.options.invalid_grant_status = status
    simulator.revoke_refresh_tokens()
    await session.refresh()
    assert (
        simulator.log.count(path="/oauth/token", grant="refresh_token", status=status)
        == 1
    )
    assert simulator.log.logins == 2
    await vehicles(session)


async def test_revoked_refresh_token_meets_captcha(
    session: Session, simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    simulator.revoke_refresh_tokens()
    simulator.change_password(DEMO_EMAIL, DEMO_PASSWORD)  # ends the identity session
    simulator.set_captcha(DEMO_EMAIL)
    with pytest.raises(CaptchaRequired):
        await session.refresh()
    assert simulator.log.count(path="/authorize") == 2  # one attempt, no loop


async def test_revoked_without_password(
    session: Session, simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    stored = Session(http, DEMO_EMAIL, "", sim_config(simulator), token=session.token)
    simulator.revoke_refresh_tokens()
    with pytest.raises(RefreshTokenInvalid):
        await stored.refresh()
    empty = Session(http, DEMO_EMAIL, "", sim_config(simulator))
    with pytest.raises(RefreshTokenInvalid):
        await empty.request_data()


async def test_token_expired_during_a_call(
    session: Session, simulator: Simulator
) -> None:
    simulator.expire_access_tokens()
    cars = await vehicles(session)
    assert len(cars) == 5
    assert simulator.log.count(path="/app/connect/v1/vehicles", status=401) == 1
    assert simulator.log.refreshes == 1


async def test_concurrent_401s_share_one_refresh(
    session: Session, simulator: Simulator
) -> None:
    simulator.expire_access_tokens()
    await asyncio.gather(*(vehicles(session) for _ in range(4)))
    assert simulator.log.refreshes == 1


async def test_request_data_refreshes_an_expired_token(
    session: Session, simulator: Simulator
) -> None:
    simulator.clock.advance(3600)
    await overview(session, TAYCAN_VIN)
    assert simulator.log.refreshes == 1
    assert simulator.log.count(status=401) == 0


async def test_request_data_is_passed_through(
    session: Session, simulator: Simulator
) -> None:
    data = await session.request_data()
    assert await request_data(data) is data
    assert data.headers["X-Client-ID"] == "41843fb4-691d-4970-85c7-2673e8ecef40"
    assert data.headers["Accept-Language"] == "de-DE"
    assert data.headers["Authorization"].startswith("Bearer ")
    assert data.http is session.http
    await vehicles(data)
    simulator.expire_access_tokens()
    with pytest.raises(Unauthorized):
        await vehicles(data)
    assert simulator.log.refreshes == 0


async def test_start_from_stored_token(
    session: Session, simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    updates: list[dict[str, Any]] = []
    stored = new_session(
        simulator, http, token=session.token, on_token_update=updates.append
    )
    assert stored.expires_at == session.expires_at
    await vehicles(stored)
    assert simulator.log.logins == 1
    assert updates == []
    simulator.clock.advance(3600)
    await vehicles(stored)
    assert len(updates) == 1
    assert updates[0] == stored.token


async def test_stored_token_without_expiry(
    session: Session, simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    token = dict(session.token or {})
    token.pop("expires_at")
    stored = new_session(simulator, http, token=token)
    # The simulator's JWT carries exp: it is used when expires_at is missing.
    assert stored.expires_at is not None
    broken = new_session(simulator, http, token={"refresh_token": "x"})
    assert broken.token is None


async def test_week_with_hour_tokens_is_one_login(
    session: Session, simulator: Simulator
) -> None:
    """A caller that refreshes at refresh_at and polls every 30 minutes."""
    end = simulator.clock.now() + timedelta(days=7)
    next_poll = simulator.clock.now()
    while True:
        refresh_at = session.refresh_at
        assert refresh_at is not None
        moment = min(next_poll, refresh_at)
        if moment > end:
            break
        gap = (moment - simulator.clock.now()).total_seconds()
        if gap > 0:
            simulator.clock.advance(gap)
        if moment == refresh_at:
            await session.refresh()
        else:
            await vehicles(session)
            next_poll += timedelta(minutes=30)
    assert simulator.log.logins == 1
    assert simulator.log.refreshes >= 7 * 24 * 60 // 50
    assert simulator.log.count(status=401) == 0


async def test_secrets_never_shown(session: Session, simulator: Simulator) -> None:
    token = session.token
    assert token is not None
    data = await session.request_data()
    secrets = [
        token["access_token"],
        token["refresh_token"],
        DEMO_PASSWORD + "@",
        DEMO_EMAIL,
    ]
    texts = [
        repr(session),
        str(session),
        repr(token),
        str(token),
        repr(data),
        str(data),
    ]
    for text in texts:
        for secret in secrets:
            assert secret not in text
    assert "**REDACTED**" in repr(token)
    # Still a plain JSON-able dict.
    import json

    assert json.loads(json.dumps(token)) == dict(token)
