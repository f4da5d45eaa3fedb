"""The OAuth token endpoint: authorization-code and refresh-token grants."""

from __future__ import annotations

import datetime as dt
from typing import Any

from aiohttp import web

from .constants import CLIENT_ID, X_CLIENT_ID
from .context import SimContext
from .state import Account
from .tokens import pkce_challenge


class TokenEndpoint:
    """``POST /oauth/token``."""

    def __init__(self, ctx: SimContext) -> None:
        """Serve on the given context."""
        self.ctx = ctx

    def routes(self) -> list[web.RouteDef]:
        """Return the token route."""
        return [web.post("/oauth/token", self.token)]

    def _now(self) -> dt.datetime:
        return self.ctx.clock.now()

    def _error(self, status: int, error: str, description: str) -> web.Response:
        return web.json_response(
            {"error": error, "error_description": description}, status=status
        )

    def _invalid_grant(self, description: str) -> web.Response:
        return self._error(
            self.ctx.options.invalid_grant_status, "invalid_grant", description
        )

    async def token(self, request: web.Request) -> web.Response:
        """The OAuth token endpoint (form or JSON body)."""
        if request.headers.get("X-Client-ID") != X_CLIENT_ID:
            return self._error(400, "invalid_request", "X-Client-ID header required")
        body: dict[str, Any]
        if request.content_type == "application/json":
            try:
                loaded = await request.json()
            except ValueError:
                return self._error(400, "invalid_request", "malformed body")
            body = loaded if isinstance(loaded, dict) else {}
        else:
            body = {key: str(value) for key, value in (await request.post()).items()}
        if body.get("client_id") != CLIENT_ID:
            return self._error(401, "access_denied", "unknown client")
        grant = body.get("grant_type")
        if grant == "authorization_code":
            return self._code_grant(body)
        if grant == "refresh_token":
            return self._refresh_grant(body)
        return self._error(400, "unsupported_grant_type", "unsupported grant type")

    def _issue(
        self, account: Account, scope: str, audience: str, family: str | None
    ) -> dict[str, Any]:
        options = self.ctx.options
        return self.ctx.identity.issue(
            email=account.email,
            sub=account.sub,
            scope=scope,
            audience=audience,
            issuer=f"{self.ctx.base_url}/",
            now=self._now(),
            lifetime=options.token_lifetime,
            refresh_lifetime=options.refresh_token_lifetime,
            family=family,
            with_refresh=family is None or options.rotate_refresh_tokens,
        )

    def _code_grant(self, body: dict[str, Any]) -> web.Response:
        code = self.ctx.identity.codes.get(str(body.get("code", "")))
        verifier = str(body.get("code_verifier", ""))
        if code is None:
            return self._invalid_grant("Invalid authorization code")
        if code.used:
            return self._invalid_grant("Invalid authorization code")
        code.used = True
        if code.expires_at <= self._now():
            return self._invalid_grant("Invalid authorization code")
        if body.get("redirect_uri") != code.redirect_uri:
            return self._invalid_grant("redirect_uri does not match")
        if not verifier or pkce_challenge(verifier) != code.code_challenge:
            return self._invalid_grant("Failed to verify code verifier")
        account = self.ctx.world.account(code.email)
        if account is None:
            return self._invalid_grant("unknown user")
        if account.locked:
            return self._error(423, "access_denied", "account locked")
        return web.json_response(self._issue(account, code.scope, code.audience, None))

    def _refresh_grant(self, body: dict[str, Any]) -> web.Response:
        identity = self.ctx.identity
        token = identity.refresh_tokens.get(str(body.get("refresh_token", "")))
        if token is None or token.revoked:
            return self._invalid_grant("Unknown or invalid refresh token.")
        if token.expires_at <= self._now():
            return self._invalid_grant("Expired refresh token.")
        if token.used:
            # Reuse of a rotated token: the whole family dies (reuse detection).
            for other in identity.refresh_tokens.values():
                if other.family == token.family:
                    other.revoked = True
            return self._invalid_grant("Unknown or invalid refresh token.")
        account = self.ctx.world.account(token.email)
        if account is None:
            return self._invalid_grant("unknown user")
        if account.locked:
            return self._error(423, "access_denied", "account locked")
        if self.ctx.options.rotate_refresh_tokens:
            token.used = True
        return web.json_response(
            self._issue(account, token.scope, token.audience, token.family)
        )
