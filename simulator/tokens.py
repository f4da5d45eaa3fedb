"""The identity server's memory: login transactions, codes, sessions and tokens."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
import datetime as dt
import hashlib
import hmac
import json
import secrets
from typing import Any

from .constants import AUDIENCE, CLIENT_ID


@dataclass(slots=True)
class LoginTransaction:
    """A pending Universal Login (one ``/authorize`` without a live session).

    Attributes:
        state: The transaction's own ``state`` (in ``/u/login/...?state=``).
        client_state: The ``state`` the client sent to ``/authorize``.
        redirect_uri: Where the code goes.
        code_challenge: PKCE S256 challenge the code is bound to.
        scope: Scope asked for.
        address: Client address that started it.
        audience: The ``audience`` asked for ("" when none).
        username: Login name given at the identifier step.
        captcha_answer: Answer of the captcha currently shown, if any.
        identified: The identifier step passed.
        authenticated: The password step passed.
        passkey_declined: The passkey offer was declined.
        captcha_passed: Every captcha round was answered right in this transaction.
        captcha_rounds: How many captchas were answered right so far.
        counted: The transaction counted as a login towards the rate limit.
    """

    state: str
    client_state: str
    redirect_uri: str
    code_challenge: str
    scope: str
    address: str
    audience: str = ""
    username: str | None = None
    captcha_answer: str | None = None
    identified: bool = False
    authenticated: bool = False
    passkey_declined: bool = False
    captcha_passed: bool = False
    captcha_rounds: int = 0
    counted: bool = False


@dataclass(slots=True)
class AuthCode:
    """A single-use authorization code."""

    email: str
    client_id: str
    redirect_uri: str
    code_challenge: str
    scope: str
    expires_at: dt.datetime
    audience: str = ""
    used: bool = False


@dataclass(slots=True)
class RefreshToken:
    """A refresh token; rotation kills it and reuse kills its whole family."""

    email: str
    family: str
    scope: str
    expires_at: dt.datetime
    audience: str = ""
    used: bool = False
    revoked: bool = False


@dataclass(slots=True)
class AccessToken:
    """An access token; the API accepts it until it expires if it is for the API."""

    email: str
    expires_at: dt.datetime
    for_api: bool = True


@dataclass(slots=True)
class IdentityState:
    """All identity data, keyed by the opaque strings handed out."""

    transactions: dict[str, LoginTransaction] = field(default_factory=dict)
    codes: dict[str, AuthCode] = field(default_factory=dict)
    sessions: dict[str, tuple[str, dt.datetime]] = field(default_factory=dict)
    refresh_tokens: dict[str, RefreshToken] = field(default_factory=dict)
    access_tokens: dict[str, AccessToken] = field(default_factory=dict)
    login_attempts: dict[str, list[dt.datetime]] = field(default_factory=dict)
    captcha_until: dict[str, dt.datetime] = field(default_factory=dict)
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))

    def revoke_refresh_tokens(self, email: str | None = None) -> int:
        """Revoke the refresh tokens of one account (all when ``email`` is None).

        Returns:
            How many live tokens were revoked.
        """
        count = 0
        for token in self.refresh_tokens.values():
            if (email is None or token.email == email) and not token.revoked:
                token.revoked = True
                count += 1
        return count

    def end_sessions(self, email: str) -> None:
        """Forget the identity sessions (cookies) of an account."""
        for key in [k for k, (mail, _) in self.sessions.items() if mail == email]:
            del self.sessions[key]

    def issue(
        self,
        *,
        email: str,
        sub: str,
        scope: str,
        audience: str,
        issuer: str,
        now: dt.datetime,
        lifetime: int,
        refresh_lifetime: int,
        family: str | None = None,
        with_refresh: bool = True,
    ) -> dict[str, Any]:
        """Create an access token (and a refresh token) and return the token answer.

        ``aud`` holds the API audience only when it was asked for (``audience``); a
        refresh token comes only with ``with_refresh`` and ``offline_access`` in scope.
        """
        expires = now + dt.timedelta(seconds=lifetime)
        iat = int(now.timestamp())
        claims = {
            "iss": issuer,
            "sub": sub,
            "aud": [audience, f"{issuer}userinfo"] if audience else f"{issuer}userinfo",
            "iat": iat,
            "exp": iat + lifetime,
            "scope": scope,
            "azp": CLIENT_ID,
            "jti": secrets.token_hex(8),
        }
        access = self.jwt(claims)
        self.access_tokens[access] = AccessToken(
            email=email, expires_at=expires, for_api=audience == AUDIENCE
        )
        answer: dict[str, Any] = {
            "access_token": access,
            "id_token": self.jwt(
                {
                    "iss": issuer,
                    "sub": sub,
                    "aud": CLIENT_ID,
                    "iat": iat,
                    "exp": iat + 36000,
                    "email": email,
                }
            ),
            "scope": scope,
            "expires_in": lifetime,
            "token_type": "Bearer",
        }
        if with_refresh and "offline_access" in scope.split():
            refresh = "v1." + secrets.token_urlsafe(48)
            self.refresh_tokens[refresh] = RefreshToken(
                email=email,
                family=family or secrets.token_hex(8),
                scope=scope,
                expires_at=now + dt.timedelta(seconds=refresh_lifetime),
                audience=audience,
            )
            answer["refresh_token"] = refresh
        return answer

    def jwt(self, claims: dict[str, Any]) -> str:
        """Encode claims as an HS256 JWT signed with this server's secret."""
        header = {"alg": "HS256", "typ": "JWT", "kid": "simulator"}
        signing_input = f"{_b64(header)}.{_b64(claims)}"
        signature = hmac.new(
            self.secret, signing_input.encode("ascii"), hashlib.sha256
        ).digest()
        return f"{signing_input}.{base64.urlsafe_b64encode(signature).rstrip(b'=').decode('ascii')}"


def _b64(data: dict[str, Any]) -> str:
    raw = json.dumps(data, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def pkce_challenge(verifier: str) -> str:
    """Return the S256 code challenge of a PKCE verifier."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
