"""Our client finds the captcha wherever the page puts it, and answers rounds in a row."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from custom_components.porsche_connect.api import CaptchaRequired, vehicles
from simulator import DEMO_EMAIL, Simulator

from .conftest import new_session


@pytest.mark.parametrize("layout", ["both", "context", "img", "bare"])
async def test_captcha_in_each_layout(
    simulator: Simulator, http: aiohttp.ClientSession, layout: Any
) -> None:
    simulator.options.captcha_layout = layout
    simulator.set_captcha(DEMO_EMAIL)
    session = new_session(simulator, http)
    with pytest.raises(CaptchaRequired) as challenge:
        await session.login()
    assert challenge.value.image.startswith("data:image/svg+xml;base64,")
    await session.answer_captcha(challenge.value, simulator.captcha_answer() or "")
    assert session.token is not None
    assert simulator.log.logins == 1
    await vehicles(session)


async def test_captcha_follows_a_captcha(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    simulator.options.captcha_rounds = 2
    simulator.set_captcha(DEMO_EMAIL)
    session = new_session(simulator, http)
    with pytest.raises(CaptchaRequired) as first:
        await session.login()
    with pytest.raises(CaptchaRequired) as second:
        await session.answer_captcha(first.value, simulator.captcha_answer() or "")
    assert second.value.image != first.value.image
    assert session.token is None
    await session.answer_captcha(second.value, simulator.captcha_answer() or "")
    assert session.token is not None
    assert simulator.log.logins == 1
    assert simulator.log.count(path="/authorize") == 1  # one login throughout
    assert simulator.log.count(method="POST", path="/u/login/identifier") == 3
