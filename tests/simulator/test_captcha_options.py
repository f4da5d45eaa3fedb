"""Captcha options: where the image appears (``captcha_layout``) and rounds in a row."""

from __future__ import annotations

from typing import Any

import pytest

from simulator import DEMO_EMAIL, DEMO_PASSWORD, Simulator

from .refclient import (
    IMG,
    CaptchaRequiredError,
    RefClient,
    captcha_image,
    page_context,
    read_svg_captcha,
)


@pytest.mark.parametrize(
    ("layout", "in_context", "in_img"),
    [
        ("both", True, True),
        ("context", True, False),
        ("img", False, True),
        ("bare", False, False),
    ],
)
async def test_captcha_layout(
    simulator: Simulator,
    client: RefClient,
    layout: Any,
    in_context: bool,
    in_img: bool,
) -> None:
    simulator.options.captcha_layout = layout
    simulator.set_captcha(DEMO_EMAIL)
    pending = client.new_login()
    await client.authorize(pending)
    response = await client.identifier(pending, DEMO_EMAIL)
    assert response.status == 400
    page = await response.text()
    image = captcha_image(page)
    assert image.startswith("data:image/svg+xml;base64,")
    assert read_svg_captcha(image) == simulator.captcha_answer(pending.state)
    context_image = page_context(page)["screen"]["captcha"].get("image")
    assert (context_image == image) is in_context
    assert (context_image is None) is not in_context
    assert bool(IMG.search(page)) is in_img
    assert page.count(image) == (0 if layout == "context" else 1)
    response = await client.identifier(
        pending, DEMO_EMAIL, captcha=read_svg_captcha(image)
    )
    assert response.status == 302


async def test_captcha_follows_a_captcha(
    simulator: Simulator, client: RefClient
) -> None:
    simulator.options.captcha_rounds = 2
    simulator.set_captcha(DEMO_EMAIL)
    pending = client.new_login()
    await client.authorize(pending)
    first = await client.identifier(pending, DEMO_EMAIL)
    first_image = captcha_image(await first.text())
    second = await client.identifier(
        pending, DEMO_EMAIL, captcha=read_svg_captcha(first_image)
    )
    assert second.status == 400  # right, but another one follows...
    page = await second.text()
    assert page_context(page)["transaction"]["errors"] == []  # ...without an error
    second_image = captcha_image(page)
    assert second_image != first_image
    # The first answer does not count twice; a wrong one brings a third captcha.
    wrong = await client.identifier(
        pending, DEMO_EMAIL, captcha=read_svg_captcha(first_image)
    )
    assert wrong.status == 400
    third = await wrong.text()
    assert page_context(third)["transaction"]["errors"] == [{"code": "invalid-captcha"}]
    right = await client.identifier(
        pending, DEMO_EMAIL, captcha=read_svg_captcha(captcha_image(third))
    )
    assert right.status == 302


async def test_login_solves_two_rounds(simulator: Simulator, client: RefClient) -> None:
    simulator.options.captcha_rounds = 2
    simulator.set_captcha(DEMO_EMAIL)
    solved: list[str] = []

    def solver(image: str) -> str:
        solved.append(image)
        return read_svg_captcha(image)

    tokens = await client.login(DEMO_EMAIL, DEMO_PASSWORD, solver=solver)
    assert tokens["access_token"]
    assert len(solved) == 2
    client.session.cookie_jar.clear()
    with pytest.raises(CaptchaRequiredError):  # the switch stays on for new logins
        await client.login(DEMO_EMAIL, DEMO_PASSWORD)
