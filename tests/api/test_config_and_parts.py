"""Config, errors, secrets in repr, and the login flow's page parsing."""

from __future__ import annotations

import base64
import json

import pytest

from custom_components.porsche_connect.api import (
    CaptchaRequired,
    CommandError,
    Config,
    LoginContinuation,
    RateLimited,
    ServerError,
)
from custom_components.porsche_connect.api._http import (
    Cookies,
    backoff,
    decode_json,
    error_for_status,
    parse_retry_after,
)
from custom_components.porsche_connect.api.auth import pkce_challenge, pkce_pair
from custom_components.porsche_connect.api.errors import (
    AccountLocked,
    BadRequest,
    Forbidden,
    InvalidResponse,
    MobileAccessDisabled,
    Unauthorized,
    VehicleNotFound,
    VehicleUnavailable,
)
from custom_components.porsche_connect.api.pages import find_captcha, passkey_form
from custom_components.porsche_connect.api.remote import spin_hash

SVG = "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4="


def test_config_defaults_and_derived() -> None:
    config = Config()
    assert config.api_url == "https://api.ppa.porsche.com/app"
    assert config.identity_url == "https://identity.porsche.com"
    assert config.locale == "de_DE"
    assert config.accept_language == "de-DE"
    assert config.ui_locales == "de-DE"
    assert config.timeout == 30.0
    assert config.max_retries == 3
    assert config.backoff_cap == 30.0
    assert config.resume_delay == 2.5
    assert config.user_agent.startswith("de.porsche.one/")


def test_config_build() -> None:
    assert Config.build() == Config()
    built = Config.build({"language": "EN", "country": "gb"}, timeout=5)
    assert built.locale == "en_GB"
    assert built.timeout == 5
    again = Config.build(built, api_url="http://127.0.0.1:1/app/")
    assert again.api_url == "http://127.0.0.1:1/app"
    assert again.language == "en"
    assert Config.build(again) == again
    with pytest.raises(ValueError, match="unknown configuration key"):
        Config.build({"langauge": "de"})
    with pytest.raises(ValueError, match="unknown"):
        Config.build(nope=1)
    with pytest.raises(TypeError):
        Config.build(42)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="timeout"):
        Config(timeout=0)
    with pytest.raises(ValueError, match="max_retries"):
        Config(max_retries=-1)
    with pytest.raises(ValueError, match="delays"):
        Config(resume_delay=-1)
    with pytest.raises(ValueError, match="empty"):
        Config(language="")


def test_backoff_and_retry_after() -> None:
    config = Config()
    assert [backoff(config, n) for n in range(6)] == [2, 4, 8, 16, 30, 30]
    assert parse_retry_after("7") == 7
    assert parse_retry_after(" 1.5 ") == 1.5
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") is None
    assert parse_retry_after("-1") is None
    assert parse_retry_after("nan") is None
    assert parse_retry_after(None) is None


def test_status_mapping() -> None:
    assert isinstance(error_for_status(400, "x"), BadRequest)
    assert isinstance(error_for_status(401, "x"), Unauthorized)
    assert isinstance(error_for_status(403, "x"), Forbidden)
    assert isinstance(error_for_status(404, "x"), VehicleNotFound)
    assert isinstance(error_for_status(405, "x"), MobileAccessDisabled)
    assert isinstance(error_for_status(408, "x"), VehicleUnavailable)
    assert isinstance(error_for_status(423, "x"), AccountLocked)
    limited = error_for_status(429, "x", 3)
    assert isinstance(limited, RateLimited)
    assert limited.retry_after == 3
    server = error_for_status(503, "x")
    assert isinstance(server, ServerError)
    assert server.status == 503
    teapot = error_for_status(418, "x")
    assert isinstance(teapot, BadRequest)
    assert teapot.status == 418
    assert isinstance(error_for_status(302, "x"), InvalidResponse)


def test_decode_json() -> None:
    assert decode_json(b'{"a": 1}') == {"a": 1}
    with pytest.raises(InvalidResponse, match="empty"):
        decode_json(b"  ")
    with pytest.raises(InvalidResponse, match="not JSON"):
        decode_json(b"<html>maintenance</html>")


def test_cookies() -> None:
    from http.cookies import SimpleCookie

    cookies = Cookies()
    assert cookies.header() is None
    jar: SimpleCookie = SimpleCookie()
    jar.load("a=1; Path=/, b=2; Max-Age=60")
    cookies.update(jar)
    assert cookies.header() == "a=1; b=2"
    gone: SimpleCookie = SimpleCookie()
    gone.load("a=; Max-Age=0")
    cookies.update(gone)
    assert cookies.as_dict() == {"b": "2"}
    assert "2" not in repr(cookies)
    assert len(cookies.copy()) == 1


def test_pkce() -> None:
    verifier, challenge = pkce_pair()
    assert len(verifier) >= 43
    assert "=" not in verifier
    assert challenge == pkce_challenge(verifier)
    # RFC 7636 appendix B.
    assert (
        pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
        == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    )


def _atob(context: dict[str, object]) -> str:
    blob = base64.b64encode(json.dumps(context).encode()).decode()
    return f'<script>x = JSON.parse(atob("{blob}"));</script>'


def test_find_captcha_in_order() -> None:
    in_context = _atob({"screen": {"captcha": {"image": SVG}}})
    assert find_captcha(in_context) == SVG
    img = f'<div><img src="{SVG}" alt="captcha"></div>'
    assert find_captcha(img) == SVG
    img2 = f"<img alt='CAPTCHA' src='{SVG}'/>"
    assert find_captcha(img2) == SVG
    bare = f"<p>{SVG}</p>"
    assert find_captcha(bare) == SVG
    assert find_captcha(_atob({"screen": {"name": "login-id"}})) is None
    assert find_captcha('<img alt="logo" src="/logo.png">') is None
    assert find_captcha('atob("!!!")') is None


def test_passkey_form() -> None:
    page = _atob(
        {
            "transaction": {"state": "S1"},
            "untrustedData": {
                "submittedFormData": {"username": "u", "js-available": "true", "n": 1}
            },
        }
    )
    assert passkey_form(page) == {
        "username": "u",
        "js-available": "true",
        "n": "1",
        "state": "S1",
        "action": "abort-passkey-enrollment",
        "acul-sdk": "@auth0/auth0-acul-js@1.2.0",
    }
    assert passkey_form("<html></html>") is None
    assert passkey_form(_atob({"transaction": {}})) is None


def test_spin_hash() -> None:
    # sha512 of bytes 0x12 0x34 0xAB.
    import hashlib

    expected = hashlib.sha512(bytes([0x12, 0x34, 0xAB])).hexdigest().upper()
    assert spin_hash("1234", "AB") == expected
    with pytest.raises(ValueError, match="digits") as err:
        spin_hash("12a4", "AB")
    assert "12a4" not in str(err.value)
    with pytest.raises(InvalidResponse):
        spin_hash("1234", "XYZ")


def test_secret_free_errors() -> None:
    continuation = LoginContinuation(
        username="demo@example.com",
        state="STATE",
        oauth_state="OSTATE",
        verifier="VERIFIER",
        cookies={"auth0": "COOKIE"},
    )
    captcha = CaptchaRequired(SVG, continuation)
    for text in (repr(captcha), str(captcha), repr(continuation)):
        for secret in ("VERIFIER", "COOKIE", "STATE", "demo@example.com"):
            assert secret not in text
    assert str(CommandError("LOCK", "DOOR_OPEN")) == "command LOCK failed: DOOR_OPEN"
    assert str(CommandError("LOCK")) == "command LOCK failed"
