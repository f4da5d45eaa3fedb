"""A small client written from the API reference, independent of the integration.

It follows ``porsche-connect-api.md`` sections 2-4 literally, so the simulator is
checked against the reference rather than against the project's own client.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass, field
import hashlib
import json
import re
import secrets
from typing import Any

import aiohttp
from yarl import URL

CLIENT_ID = "XhygisuebbrqQ80byOuU5VncxLIm8E6H"
X_CLIENT_ID = "41843fb4-691d-4970-85c7-2673e8ecef40"
REDIRECT_URI = "my-porsche-app://auth0/callback"
AUDIENCE = "https://api.porsche.com"
SCOPE = "openid profile email offline_access mbb ssodb badge vin dealers cars charging"
USER_AGENT = "de.porsche.one/20.26.36-row+186611 (android)"

ATOB = re.compile(r'atob\("([A-Za-z0-9+/=]+)"\)')
IMG = re.compile(r'<img[^>]*alt="captcha"[^>]*src="([^"]+)"')


class LoginError(Exception):
    """The login stopped; ``status`` says where (401, 400, 423...)."""

    def __init__(self, step: str, status: int, body: str = "") -> None:
        super().__init__(f"{step}: HTTP {status}")
        self.step = step
        self.status = status
        self.body = body


class CaptchaRequiredError(LoginError):
    """A captcha was shown and no solver was given (or the solver gave up)."""

    def __init__(self, image: str, state: str) -> None:
        super().__init__("captcha", 400)
        self.image = image
        self.state = state


def page_context(html: str) -> dict[str, Any]:
    """Decode the base64 JSON context of a Universal Login page."""
    match = ATOB.search(html)
    assert match is not None, "no atob() context on the page"
    loaded: dict[str, Any] = json.loads(base64.b64decode(match.group(1)))
    return loaded


def captcha_image(html: str) -> str:
    """Find the captcha image, in the order the reference gives."""
    match = ATOB.search(html)
    if match:
        image = json.loads(base64.b64decode(match.group(1)))
        image = image.get("screen", {}).get("captcha", {}).get("image")
        if image:
            return str(image)
    img = IMG.search(html)
    if img:
        return img.group(1)
    bare = re.search(r"data:image/svg[^\"' ]+", html)
    assert bare is not None, "no captcha image"
    return bare.group(0)


def read_svg_captcha(image: str) -> str:
    """'Solve' a simulator captcha by reading its glyphs (left to right)."""
    svg = base64.b64decode(image.split(",", 1)[1]).decode()
    glyphs = re.findall(r'<text x="(\d+)"[^>]*>([^<])</text>', svg)
    return "".join(char for _, char in sorted(glyphs, key=lambda g: int(g[0])))


def spin_hash(pin: str, challenge: str) -> str:
    """Return H = uppercase hex of sha512(bytes.fromhex(pin + challenge))."""
    return hashlib.sha512(bytes.fromhex(pin + challenge)).hexdigest().upper()


def find_challenge(*bodies: dict[str, Any]) -> str | None:
    """Look for the S-PIN challenge everywhere the reference says it may be."""
    for body in bodies:
        status = body.get("status") or {}
        details = status.get("details") if isinstance(status, dict) else None
        for candidate in (
            (body.get("data") or {}).get("challenge"),
            body.get("challenge"),
            status.get("challenge") if isinstance(status, dict) else None,
            details.get("challenge") if isinstance(details, dict) else None,
        ):
            if candidate:
                return str(candidate)
    return None


@dataclass
class PendingLogin:
    """The PKCE verifier and login state of a login in progress."""

    verifier: str
    client_state: str
    state: str | None = None
    location: str | None = None
    history: list[str] = field(default_factory=list)


class RefClient:
    """Login, data and commands as the reference describes them."""

    def __init__(
        self, session: aiohttp.ClientSession, identity_url: str, api_url: str
    ) -> None:
        self.session = session
        self.identity_url = identity_url
        self.api_url = api_url
        self.tokens: dict[str, Any] = {}

    # -- login ---------------------------------------------------------------

    @property
    def headers(self) -> dict[str, str]:
        return {"User-Agent": USER_AGENT, "X-Client-ID": X_CLIENT_ID}

    def new_login(self) -> PendingLogin:
        return PendingLogin(
            verifier=secrets.token_urlsafe(64), client_state=secrets.token_urlsafe(16)
        )

    async def authorize(self, pending: PendingLogin) -> None:
        """Step 1: ``/authorize``; sets ``pending.state`` or ``pending.location``."""
        challenge = (
            base64.urlsafe_b64encode(hashlib.sha256(pending.verifier.encode()).digest())
            .rstrip(b"=")
            .decode()
        )
        params = {
            "response_type": "code",
            "client_id": CLIENT_ID,
            "redirect_uri": REDIRECT_URI,
            "audience": AUDIENCE,
            "scope": SCOPE,
            "code_challenge": challenge,
            "code_challenge_method": "S256",
            "state": pending.client_state,
        }
        async with self.session.get(
            f"{self.identity_url}/authorize",
            params=params,
            headers=self.headers,
            allow_redirects=False,
        ) as response:
            assert response.status == 302, response.status
            location = URL(response.headers["Location"])
        if "code" in location.query:
            pending.location = str(location)
        else:
            pending.state = location.query["state"]

    async def identifier(
        self, pending: PendingLogin, username: str, captcha: str | None = None
    ) -> aiohttp.ClientResponse:
        form = {
            "state": pending.state or "",
            "username": username,
            "js-available": "true",
            "webauthn-available": "false",
            "is-brave": "false",
            "webauthn-platform-available": "false",
            "action": "default",
        }
        if captcha is not None:
            form["captcha"] = captcha
        response = await self.session.post(
            f"{self.identity_url}/u/login/identifier",
            params={"state": pending.state or ""},
            data=form,
            headers=self.headers,
            allow_redirects=False,
        )
        await response.read()
        return response

    async def login(
        self,
        username: str,
        password: str,
        solver: Callable[[str], str | None] | None = None,
        pending: PendingLogin | None = None,
    ) -> dict[str, Any]:
        """The whole flow of section 2; returns the token answer."""
        pending = pending or self.new_login()
        await self.authorize(pending)
        if pending.location is None:
            captcha: str | None = None
            while True:
                response = await self.identifier(pending, username, captcha)
                body = await response.text()
                if response.status == 400:
                    image = captcha_image(body)
                    captcha = solver(image) if solver else None
                    if captcha is None:
                        raise CaptchaRequiredError(image, pending.state or "")
                    continue
                if response.status == 401:
                    raise LoginError("identifier", 401, body)
                break
            async with self.session.post(
                f"{self.identity_url}/u/login/password",
                params={"state": pending.state or ""},
                data={
                    "state": pending.state or "",
                    "username": username,
                    "password": password,
                    "action": "default",
                },
                headers=self.headers,
                allow_redirects=False,
            ) as response:
                if response.status >= 400:
                    raise LoginError("password", response.status, await response.text())
                pending.location = response.headers["Location"]
            await self.resume(pending)
        return await self.exchange(pending)

    async def resume(self, pending: PendingLogin) -> None:
        """Step 4: follow the resume chain, declining a passkey offer."""
        url = URL(self.identity_url).join(URL(pending.location or ""))
        for _ in range(10):
            pending.history.append(url.path)
            if "code" in url.query:
                pending.location = str(url)
                return
            async with self.session.get(
                url, headers=self.headers, allow_redirects=False
            ) as response:
                body = await response.text()
                if response.status in {302, 303, 307, 308}:
                    url = url.join(URL(response.headers["Location"]))
                    continue
                if response.status == 200 and "/u/passkey-enrollment" in url.path:
                    context = page_context(body)
                    form = dict(context["untrustedData"]["submittedFormData"])
                    form["state"] = context["transaction"]["state"]
                    form["action"] = "abort-passkey-enrollment"
                    form["acul-sdk"] = "@auth0/auth0-acul-js@1.2.0"
                    async with self.session.post(
                        url, data=form, headers=self.headers, allow_redirects=False
                    ) as declined:
                        if declined.status not in {302, 303}:
                            raise LoginError("passkey", declined.status)
                        url = url.join(URL(declined.headers["Location"]))
                    continue
                raise LoginError("resume", response.status, body)
        raise LoginError("resume", 0, "too many hops")

    async def exchange(
        self, pending: PendingLogin, verifier: str | None = None
    ) -> dict[str, Any]:
        """Step 5: trade the code for tokens."""
        location = URL(pending.location or "")
        assert location.query.get("state") == pending.client_state
        status, body = await self.token(
            {
                "client_id": CLIENT_ID,
                "grant_type": "authorization_code",
                "code": location.query["code"],
                "redirect_uri": REDIRECT_URI,
                "code_verifier": verifier or pending.verifier,
            }
        )
        if status != 200:
            raise LoginError("token", status, json.dumps(body))
        self.tokens = body
        return body

    async def token(
        self, form: dict[str, str], headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, Any]]:
        async with self.session.post(
            f"{self.identity_url}/oauth/token",
            data=form,
            headers=self.headers if headers is None else headers,
        ) as response:
            return response.status, await response.json(content_type=None)

    async def refresh(self) -> tuple[int, dict[str, Any]]:
        status, body = await self.token(
            {
                "client_id": CLIENT_ID,
                "grant_type": "refresh_token",
                "refresh_token": self.tokens["refresh_token"],
            }
        )
        if status == 200:
            # An answer without a new refresh token keeps the old one.
            self.tokens = {
                **body,
                "refresh_token": body.get(
                    "refresh_token", self.tokens["refresh_token"]
                ),
            }
        return status, body

    # -- data and commands ---------------------------------------------------

    @property
    def api_headers(self) -> dict[str, str]:
        return {
            **self.headers,
            "Authorization": f"Bearer {self.tokens.get('access_token', '')}",
            "Accept": "application/json",
            "Accept-Language": "de-DE",
        }

    async def get(
        self, path: str, params: list[tuple[str, str]] | None = None
    ) -> tuple[int, Any]:
        async with self.session.get(
            f"{self.api_url}{path}", params=params, headers=self.api_headers
        ) as response:
            text = await response.text()
            try:
                return response.status, json.loads(text) if text else None
            except ValueError:
                return response.status, text

    async def vehicles(self) -> list[dict[str, Any]]:
        status, body = await self.get("/connect/v1/vehicles")
        assert status == 200, (status, body)
        assert isinstance(body, list)
        return body

    async def overview(
        self,
        vin: str,
        mf: list[str] = (),  # type: ignore[assignment]
        cf: list[str] = (),  # type: ignore[assignment]
        wake: str | None = None,
    ) -> dict[str, Any]:
        params = [("mf", key) for key in mf] + [("cf", key) for key in cf]
        if wake:
            params.append(("wakeUpJob", wake))
        status, body = await self.get(f"/connect/v1/vehicles/{vin}", params)
        assert status == 200, (status, body)
        assert isinstance(body, dict)
        return body

    async def measurements(self, vin: str, *keys: str) -> dict[str, dict[str, Any]]:
        body = await self.overview(vin, list(keys))
        return {entry["key"]: entry for entry in body["measurements"]}

    async def send(
        self, vin: str, key: str, payload: dict[str, Any] | None = None
    ) -> tuple[int, dict[str, Any]]:
        async with self.session.post(
            f"{self.api_url}/connect/v1/vehicles/{vin}/commands",
            json={"key": key, "payload": payload if payload is not None else {}},
            headers={**self.api_headers, "Content-Type": "application/json"},
        ) as response:
            return response.status, await response.json(content_type=None)

    async def poll(self, vin: str, command_id: str) -> tuple[int, dict[str, Any]]:
        status, body = await self.get(
            f"/connect/v1/vehicles/{vin}/commands/{command_id}"
        )
        return status, body if isinstance(body, dict) else {}

    async def command(
        self, vin: str, key: str, payload: dict[str, Any] | None = None, polls: int = 5
    ) -> dict[str, Any]:
        """Send a command and poll it until it is no longer ACCEPTED."""
        status, sent = await self.send(vin, key, payload)
        assert status == 201, (status, sent)
        assert sent["status"]["result"] == "ACCEPTED"
        body: dict[str, Any] = {}
        for _ in range(polls):
            status, body = await self.poll(vin, sent["status"]["id"])
            if status == 200 and body["status"]["result"] != "ACCEPTED":
                break
        return {"sent": sent, **body}

    async def unlock(self, vin: str, pin: str) -> dict[str, Any]:
        """Unlock with the S-PIN: challenge first, then the hash."""
        first = await self.command(vin, "SPIN_CHALLENGE", {"spin": None})
        challenge = find_challenge(first["sent"], first)
        assert challenge, first
        return await self.command(
            vin,
            "UNLOCK",
            {"spin": {"challenge": challenge, "hash": spin_hash(pin, challenge)}},
        )
