"""The login flow against Porsche's identity server (Auth0); tokens in tokens.py.

Authorization code with PKCE (S256) through the identifier-first Universal Login, as in
section 2 of the reference:

1. ``GET /authorize`` (302; a ``code`` right away when an identity cookie is still valid);
2. ``POST /u/login/identifier`` (400 with an image = captcha, 401 = unknown user);
3. ``POST /u/login/password`` (400 = wrong password), then a pause (``Config.resume_delay``);
4. the resume chain, at most 10 hops, declining a passkey enrollment offer on the way;
5. ``POST /oauth/token`` (authorization code → tokens).

One call is one attempt: nothing here ever loops a login. A captcha raises
:class:`~.errors.CaptchaRequired` carrying a :class:`LoginContinuation` (the transaction
``state``, the PKCE verifier, the cookies); :func:`answer_captcha` resumes exactly that
login, and may meet another captcha. The continuation never holds the password.

Cookies of the flow are kept by the flow itself (:class:`~._http.Cookies`), not in the
caller's cookie jar; the session keeps them between logins so that a still valid identity
cookie short-cuts the next login as it does in the app.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass, field
import hashlib
import logging
import secrets
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import aiohttp

from . import _http
from .config import AUDIENCE, CLIENT_ID, REDIRECT_URI, SCOPE, X_CLIENT_ID, Config
from .errors import (
    AccountLocked,
    CaptchaRequired,
    InvalidCredentials,
    InvalidResponse,
    PorscheAuthError,
    PorscheConnectionError,
    ServerError,
    TooManyLogins,
)
from .pages import find_captcha, passkey_form
from .tokens import token_request

_LOGGER = logging.getLogger(__name__)

MAX_RESUME_HOPS = 10
PASSKEY_PATH = "/u/passkey-enrollment"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_LOCKED_WORDS = ("suspicious", "blocked", "locked")


@dataclass(frozen=True, slots=True, repr=False)
class LoginContinuation:
    """A login paused at a captcha: everything needed to resume it, except the password.

    Attributes:
        username: The Porsche ID being logged in.
        state: The identity server's transaction state (``/u/login/...?state=``).
        oauth_state: The ``state`` sent to ``/authorize``; checked on the callback.
        verifier: The PKCE code verifier of this login.
        cookies: The flow's cookies so far.
        stage: Which form the answer goes to: ``"identifier"`` or ``"password"``.
    """

    username: str
    state: str
    oauth_state: str
    verifier: str
    cookies: Mapping[str, str] = field(default_factory=dict)
    stage: str = "identifier"

    def __repr__(self) -> str:
        """Show nothing secret."""
        return f"LoginContinuation(stage={self.stage!r}, <pending login>)"


def pkce_pair() -> tuple[str, str]:
    """Return a new PKCE ``(verifier, challenge)``: 64 random bytes, S256."""
    verifier = base64.urlsafe_b64encode(secrets.token_bytes(64)).rstrip(b"=").decode()
    return verifier, pkce_challenge(verifier)


def pkce_challenge(verifier: str) -> str:
    """Return base64url(sha256(verifier)) without padding."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def _first(url: str, name: str) -> str | None:
    values = _query(url).get(name)
    return values[0] if values else None


@dataclass(slots=True)
class _Reply:
    status: int
    location: str | None
    text: str


class _Flow:
    """One login attempt (or its resumption after a captcha)."""

    def __init__(
        self,
        http: aiohttp.ClientSession,
        config: Config,
        cookies: _http.Cookies,
        *,
        username: str,
        verifier: str,
        oauth_state: str,
    ) -> None:
        self.http = http
        self.config = config
        self.cookies = cookies
        self.username = username
        self.verifier = verifier
        self.oauth_state = oauth_state

    def url(self, path: str) -> str:
        return urljoin(self.config.identity_url + "/", path)

    def continuation(self, state: str, stage: str) -> LoginContinuation:
        return LoginContinuation(
            username=self.username,
            state=state,
            oauth_state=self.oauth_state,
            verifier=self.verifier,
            cookies=self.cookies.as_dict(),
            stage=stage,
        )

    async def send(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        form: Mapping[str, str] | None = None,
    ) -> _Reply:
        headers = {
            "User-Agent": self.config.user_agent,
            "X-Client-ID": X_CLIENT_ID,
            "Accept-Language": self.config.accept_language,
        }
        cookie = self.cookies.header()
        if cookie:
            headers["Cookie"] = cookie
        try:
            async with self.http.request(
                method,
                url,
                params=params,
                data=form,
                headers=headers,
                allow_redirects=False,
                timeout=aiohttp.ClientTimeout(total=self.config.timeout),
            ) as resp:
                body = await resp.read()
                self.cookies.update(resp.cookies)
                return _Reply(
                    resp.status,
                    resp.headers.get("Location"),
                    body.decode("utf-8", errors="replace"),
                )
        except (aiohttp.ClientError, TimeoutError) as err:
            raise PorscheConnectionError("identity server not reachable") from err

    @staticmethod
    def common_errors(reply: _Reply, what: str) -> None:
        """Raise for the statuses every login step answers the same way."""
        if reply.status == 423:
            raise AccountLocked(f"{what}: account locked")
        if reply.status == 429:
            raise TooManyLogins(f"{what}: too many logins")
        if reply.status >= 500:
            raise ServerError(f"{what}: HTTP {reply.status}", reply.status)

    @staticmethod
    def locked(reply: _Reply) -> bool:
        text = reply.text.lower()
        return any(word in text for word in _LOCKED_WORDS)

    async def authorize(self) -> str:
        """Step 1: return the ``Location`` of ``/authorize``."""
        reply = await self.send(
            "GET",
            self.url("/authorize"),
            params={
                "response_type": "code",
                "client_id": CLIENT_ID,
                "redirect_uri": REDIRECT_URI,
                "audience": AUDIENCE,
                "scope": SCOPE,
                "code_challenge": pkce_challenge(self.verifier),
                "code_challenge_method": "S256",
                "state": self.oauth_state,
                "ui_locales": self.config.ui_locales,
            },
        )
        self.common_errors(reply, "authorize")
        if reply.status not in _REDIRECTS or not reply.location:
            raise InvalidResponse(f"authorize: unexpected HTTP {reply.status}")
        return self.url(reply.location)

    async def identifier(self, state: str, captcha: str | None = None) -> None:
        """Step 2: send the username (and a captcha answer)."""
        form = {
            "state": state,
            "username": self.username,
            "js-available": "true",
            "webauthn-available": "false",
            "is-brave": "false",
            "webauthn-platform-available": "false",
            "action": "default",
        }
        if captcha is not None:
            form["captcha"] = captcha
        reply = await self.send(
            "POST", self.url("/u/login/identifier"), params={"state": state}, form=form
        )
        self.common_errors(reply, "login")
        if reply.status == 400:
            image = find_captcha(reply.text)
            if image:
                raise CaptchaRequired(image, self.continuation(state, "identifier"))
            if self.locked(reply):
                raise AccountLocked("login: account locked")
            raise InvalidCredentials("login: username refused")
        if reply.status in (401, 403):
            if self.locked(reply):
                raise AccountLocked("login: account locked")
            raise InvalidCredentials("login: unknown user or wrong credentials")
        if reply.status >= 400:
            raise InvalidResponse(f"login: unexpected HTTP {reply.status}")

    async def password(
        self, state: str, password: str, captcha: str | None = None
    ) -> str:
        """Step 3: send the password; return the resume location."""
        form = {
            "state": state,
            "username": self.username,
            "password": password,
            "action": "default",
        }
        if captcha is not None:
            form["captcha"] = captcha
        reply = await self.send(
            "POST", self.url("/u/login/password"), params={"state": state}, form=form
        )
        self.common_errors(reply, "login")
        if reply.status in (400, 401, 403):
            image = find_captcha(reply.text) if reply.status == 400 else None
            if image:
                raise CaptchaRequired(image, self.continuation(state, "password"))
            if self.locked(reply):
                raise AccountLocked("login: account locked")
            raise InvalidCredentials("login: wrong password")
        if reply.status not in _REDIRECTS or not reply.location:
            raise InvalidResponse(f"login: unexpected HTTP {reply.status}")
        return self.url(reply.location)

    def code_of(self, url: str) -> str | None:
        """Return the authorization code in ``url``, checking the OAuth state."""
        query = _query(url)
        if "error" in query:
            raise PorscheAuthError("login: the identity server refused the login")
        code = query.get("code")
        if not code:
            return None
        state = query.get("state")
        if state and state[0] != self.oauth_state:
            raise InvalidResponse("login: callback state does not match")
        return code[0]

    async def resume(self, url: str) -> str:
        """Step 4: follow the resume chain; return the authorization code."""
        for _hop in range(MAX_RESUME_HOPS + 1):
            code = self.code_of(url)
            if code:
                return code
            if urlsplit(url).scheme not in ("http", "https"):
                raise InvalidResponse("login: callback without a code")
            reply = await self.send("GET", url)
            self.common_errors(reply, "login")
            if reply.status in _REDIRECTS and reply.location:
                url = urljoin(url, reply.location)
                continue
            if reply.status == 200 and PASSKEY_PATH in urlsplit(url).path:
                url = await self.decline_passkey(url, reply)
                continue
            raise InvalidResponse(f"login: unexpected HTTP {reply.status} on resume")
        raise InvalidResponse("login: too many redirects")

    async def decline_passkey(self, url: str, page: _Reply) -> str:
        """Decline the passkey offer; return where to go on."""
        form = passkey_form(page.text)
        if form is None:
            raise InvalidResponse("login: passkey page without a context")
        _LOGGER.debug("Declining the passkey enrollment offer")
        reply = await self.send("POST", url, form=form)
        self.common_errors(reply, "login")
        if reply.status not in _REDIRECTS or not reply.location:
            raise InvalidResponse(f"login: passkey decline answered {reply.status}")
        return urljoin(url, reply.location)

    async def exchange(self, code: str) -> dict[str, Any]:
        """Step 5: trade the authorization code for tokens."""
        return await token_request(
            self.http,
            self.config,
            {
                "client_id": CLIENT_ID,
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": REDIRECT_URI,
                "code_verifier": self.verifier,
            },
        )

    async def after_identifier(self, state: str, password: str) -> dict[str, Any]:
        location = await self.password(state, password)
        return await self.after_password(location)

    async def after_password(self, location: str) -> dict[str, Any]:
        await _http.sleep(self.config.resume_delay)
        code = await self.resume(location)
        return await self.exchange(code)


async def login(
    http: aiohttp.ClientSession,
    config: Config,
    username: str,
    password: str,
    cookies: _http.Cookies,
) -> dict[str, Any]:
    """Run one full login; return the token response.

    ``cookies`` are used and updated in place (identity cookies of earlier logins may
    short-cut this one).

    Raises:
        CaptchaRequired: A person must answer a captcha (see :func:`answer_captcha`).
        InvalidCredentials: Unknown user or wrong password.
        AccountLocked: The account is locked.
        TooManyLogins: Logins are rate-limited.
        PorscheConnectionError: Transport error or timeout.
        InvalidResponse: The server did something the flow does not know.
    """
    verifier, _challenge = pkce_pair()
    flow = _Flow(
        http,
        config,
        cookies,
        username=username,
        verifier=verifier,
        oauth_state=secrets.token_urlsafe(24),
    )
    location = await flow.authorize()
    code = flow.code_of(location)
    if code:
        return await flow.exchange(code)
    state = _first(location, "state")
    if not state:
        raise InvalidResponse("authorize: no state in the login location")
    await flow.identifier(state)
    return await flow.after_identifier(state, password)


async def answer_captcha(
    http: aiohttp.ClientSession,
    config: Config,
    continuation: LoginContinuation,
    password: str,
    text: str,
) -> tuple[dict[str, Any], _http.Cookies]:
    """Resume a login paused at a captcha with its answer ``text``.

    Returns:
        The token response and the flow's cookies.

    Raises:
        CaptchaRequired: Another captcha (wrong answer, or a second one).
        Otherwise as :func:`login`.
    """
    cookies = _http.Cookies(continuation.cookies)
    flow = _Flow(
        http,
        config,
        cookies,
        username=continuation.username,
        verifier=continuation.verifier,
        oauth_state=continuation.oauth_state,
    )
    if continuation.stage == "password":
        location = await flow.password(continuation.state, password, captcha=text)
        return await flow.after_password(location), cookies
    await flow.identifier(continuation.state, captcha=text)
    return await flow.after_identifier(continuation.state, password), cookies
