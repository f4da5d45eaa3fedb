"""The identity server: Universal Login with PKCE, captcha, passkey offer and tokens."""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from urllib.parse import urlencode

from aiohttp import web

from . import pages
from .constants import ACUL_SDK, CLIENT_ID, REDIRECT_URI, SESSION_COOKIE
from .context import SimContext
from .login_support import (
    IDENTIFIER_FIELDS,
    PASSWORD_FIELDS,
    missing_fields,
    rate_headers,
    recent_attempts,
)
from .oauth import TokenEndpoint
from .state import Account
from .tokens import AuthCode, LoginTransaction


class IdentityServer:
    """Request handlers of the identity paths (mounted at the root)."""

    def __init__(self, ctx: SimContext) -> None:
        """Serve on the given context."""
        self.ctx = ctx

    def routes(self) -> list[web.RouteDef]:
        """Return the identity routes."""
        return [
            web.get("/authorize", self.authorize),
            web.get("/authorize/resume", self.resume),
            web.get("/u/login/identifier", self.identifier_form),
            web.post("/u/login/identifier", self.identifier),
            web.get("/u/login/password", self.password_form),
            web.post("/u/login/password", self.password),
            web.get("/u/passkey-enrollment", self.passkey_form),
            web.post("/u/passkey-enrollment", self.passkey),
            *TokenEndpoint(self.ctx).routes(),
        ]

    # -- helpers -------------------------------------------------------------

    def _now(self) -> dt.datetime:
        return self.ctx.clock.now()

    def _transaction(self, request: web.Request) -> LoginTransaction | None:
        """Return the login named by ``state`` in the query."""
        state = request.query.get("state", "")
        return self.ctx.identity.transactions.get(state)

    async def _posted_transaction(
        self, request: web.Request
    ) -> tuple[LoginTransaction | None, dict[str, str]]:
        """Return the login of a POST (query ``state``, else form ``state``) and the form."""
        form = {
            key: value
            for key, value in (await request.post()).items()
            if isinstance(value, str)
        }
        state = request.query.get("state") or form.get("state", "")
        return self.ctx.identity.transactions.get(state), form

    def _rate_headers(self, address: str) -> dict[str, str]:
        return rate_headers(self.ctx, address)

    def _html(
        self, text: str, status: int, headers: dict[str, str] | None = None
    ) -> web.Response:
        return web.Response(
            text=text, status=status, content_type="text/html", headers=headers
        )

    def _unknown_state(self, request: web.Request) -> web.Response:
        """Answer 400 to a ``/u/login/*`` request naming no live login."""
        page = pages.message_page("Bad request", "unknown state")
        return self._html(page, 400, self._rate_headers(request.remote or "unknown"))

    def _missing(self, names: list[str], address: str) -> web.Response:
        page = pages.message_page("Bad request", "missing fields: " + ", ".join(names))
        return self._html(page, 400, self._rate_headers(address))

    def _redirect(
        self, location: str, headers: dict[str, str] | None = None
    ) -> web.Response:
        response = web.Response(status=302, headers=headers)
        response.headers["Location"] = location
        return response

    def _finish(self, tx: LoginTransaction, account: Account) -> web.Response:
        """Hand out a code for a finished login and open an identity session."""
        code = self._new_code(
            account, tx.redirect_uri, tx.code_challenge, tx.scope, tx.audience
        )
        self.ctx.identity.transactions.pop(tx.state, None)
        session = secrets.token_urlsafe(24)
        expires = self._now() + dt.timedelta(seconds=self.ctx.options.session_lifetime)
        self.ctx.identity.sessions[session] = (account.email, expires)
        response = self._redirect(
            f"{tx.redirect_uri}?{urlencode({'code': code, 'state': tx.client_state})}"
        )
        response.set_cookie(
            SESSION_COOKIE,
            session,
            path="/",
            httponly=True,
            max_age=self.ctx.options.session_lifetime,
        )
        return response

    def _new_code(
        self,
        account: Account,
        redirect_uri: str,
        challenge: str,
        scope: str,
        audience: str,
    ) -> str:
        code = secrets.token_urlsafe(32)
        self.ctx.identity.codes[code] = AuthCode(
            email=account.email,
            client_id=CLIENT_ID,
            redirect_uri=redirect_uri,
            code_challenge=challenge,
            scope=scope,
            expires_at=self._now()
            + dt.timedelta(seconds=self.ctx.options.code_lifetime),
            audience=audience,
        )
        return code

    def _session_account(self, request: web.Request) -> Account | None:
        session = request.cookies.get(SESSION_COOKIE)
        if not session:
            return None
        entry = self.ctx.identity.sessions.get(session)
        if entry is None or entry[1] <= self._now():
            return None
        account = self.ctx.world.account(entry[0])
        if account is None or account.locked:
            return None
        return account

    # -- authorize -----------------------------------------------------------

    async def authorize(self, request: web.Request) -> web.Response:
        """Start a login, or answer with a code at once when a session is live."""
        query = request.query
        problem = None
        if query.get("response_type") != "code":
            problem = "response_type must be code"
        elif query.get("client_id") != CLIENT_ID:
            problem = "unknown client_id"
        elif not query.get("redirect_uri"):
            problem = "redirect_uri missing"
        elif query.get("code_challenge_method") != "S256" or not query.get(
            "code_challenge"
        ):
            problem = "PKCE with code_challenge_method=S256 is required"
        elif query["redirect_uri"] != REDIRECT_URI:
            problem = "Callback URL mismatch. The provided redirect_uri is not allowed."
        if problem is not None:
            return self._html(pages.message_page("Bad request", problem), 400)
        redirect_uri = query["redirect_uri"]
        audience = query.get("audience", "")
        challenge = query["code_challenge"]
        scope = query.get("scope", "openid")
        client_state = query.get("state", "")
        account = self._session_account(request)
        if account is not None:
            code = self._new_code(account, redirect_uri, challenge, scope, audience)
            return self._redirect(
                f"{redirect_uri}?{urlencode({'code': code, 'state': client_state})}"
            )
        state = secrets.token_urlsafe(24)
        self.ctx.identity.transactions[state] = LoginTransaction(
            state=state,
            client_state=client_state,
            redirect_uri=redirect_uri,
            code_challenge=challenge,
            scope=scope,
            address=request.remote or "unknown",
            audience=audience,
        )
        return self._redirect(f"/u/login/identifier?state={state}")

    # -- identifier ----------------------------------------------------------

    async def identifier_form(self, request: web.Request) -> web.Response:
        """Show the identifier step."""
        tx = self._transaction(request)
        if tx is None:
            return self._unknown_state(request)
        return self._html(
            pages.identifier_page(tx.state), 200, self._rate_headers(tx.address)
        )

    def _captcha_needed(self, tx: LoginTransaction, account: Account | None) -> bool:
        if tx.captcha_passed:
            return False
        if account is not None and account.captcha_required:
            return True
        until = self.ctx.identity.captcha_until.get(tx.address)
        return until is not None and until > self._now()

    async def identifier(self, request: web.Request) -> web.Response:
        """Check the login name (and a captcha answer)."""
        tx, form = await self._posted_transaction(request)
        if tx is None or form.get("state", tx.state) != tx.state:
            return self._unknown_state(request)
        missing = missing_fields(self.ctx, form, IDENTIFIER_FIELDS)
        if missing:
            return self._missing(missing, tx.address)
        now = self._now()
        if not tx.counted:
            tx.counted = True
            attempts = recent_attempts(self.ctx, tx.address)
            attempts.append(now)
            if len(attempts) > self.ctx.options.login_rate_limit:
                self.ctx.identity.captcha_until[tx.address] = now + dt.timedelta(
                    seconds=self.ctx.options.captcha_duration
                )
        headers = self._rate_headers(tx.address)
        username = str(form.get("username", "")).strip()
        account = self.ctx.world.account(username) if username else None
        if self._captcha_needed(tx, account):
            answer = str(form.get("captcha", "")).strip().lower()
            expected = tx.captcha_answer
            if (
                expected is not None
                and answer
                and hmac.compare_digest(answer, expected)
            ):
                tx.captcha_rounds += 1
                tx.captcha_answer = None
                tx.captcha_passed = tx.captcha_rounds >= self.ctx.options.captcha_rounds
                answer = ""  # right: a next round comes without an error
            if not tx.captcha_passed:
                # A new captcha: none shown yet, a wrong answer, or the next round.
                error = "invalid-captcha" if answer else None
                tx.captcha_answer, image = pages.new_captcha()
                page = pages.identifier_page(
                    tx.state,
                    username=username,
                    captcha_image=image,
                    captcha_layout=self.ctx.options.captcha_layout,
                    error=error,
                )
                return self._html(page, 400, headers)
        if account is None:
            page = pages.identifier_page(
                tx.state, username=username, error="no-account"
            )
            return self._html(page, 401, headers)
        tx.username = account.email
        tx.identified = True
        return self._redirect(f"/u/login/password?state={tx.state}", headers)

    # -- password ------------------------------------------------------------

    async def password_form(self, request: web.Request) -> web.Response:
        """Show the password step."""
        tx = self._transaction(request)
        if tx is None or not tx.identified or tx.username is None:
            return self._unknown_state(request)
        return self._html(
            pages.password_page(tx.state, tx.username),
            200,
            self._rate_headers(tx.address),
        )

    async def password(self, request: web.Request) -> web.Response:
        """Check the password; on success point at the resume chain."""
        tx, form = await self._posted_transaction(request)
        if (
            tx is None
            or not tx.identified
            or tx.username is None
            or form.get("state", tx.state) != tx.state
        ):
            return self._unknown_state(request)
        missing = missing_fields(self.ctx, form, PASSWORD_FIELDS)
        if missing:
            return self._missing(missing, tx.address)
        headers = self._rate_headers(tx.address)
        account = self.ctx.world.account(tx.username)
        username = str(form.get("username", tx.username)).strip().lower()
        if account is None or username != account.email:
            return self._html(pages.password_page(tx.state, tx.username), 400, headers)
        if account.locked:
            page = pages.message_page(
                "Account blocked",
                "Your account has been blocked after suspicious activity. "
                "Reset your password to unblock it.",
            )
            return self._html(page, 423, headers)
        password = str(form.get("password", ""))
        if not hmac.compare_digest(password.encode(), account.password.encode()):
            page = pages.password_page(
                tx.state, tx.username, error="wrong-email-credentials"
            )
            return self._html(page, 400, headers)
        tx.authenticated = True
        return self._redirect(f"/authorize/resume?state={tx.state}", headers)

    # -- resume chain and passkey offer --------------------------------------

    async def resume(self, request: web.Request) -> web.Response:
        """Continue a login after the password: passkey offer or the code."""
        tx = self._transaction(request)
        if tx is None or not tx.authenticated or tx.username is None:
            return self._html(pages.message_page("Bad request", "unknown state"), 400)
        account = self.ctx.world.account(tx.username)
        if account is None or account.locked:
            return self._html(pages.message_page("Forbidden", "login refused"), 403)
        if account.passkey_enrollment and not tx.passkey_declined:
            return self._redirect(f"/u/passkey-enrollment?state={tx.state}")
        return self._finish(tx, account)

    async def passkey_form(self, request: web.Request) -> web.Response:
        """Offer a passkey."""
        tx = self._transaction(request)
        if tx is None or not tx.authenticated or tx.username is None:
            return self._html(pages.message_page("Bad request", "unknown state"), 400)
        return self._html(pages.passkey_page(tx.state, tx.username), 200)

    async def passkey(self, request: web.Request) -> web.Response:
        """Accept only a decline that carries every field the page asked for."""
        tx, form = await self._posted_transaction(request)
        if tx is None or not tx.authenticated or tx.username is None:
            return self._html(pages.message_page("Bad request", "unknown state"), 400)
        expected = {
            **pages.passkey_fields(tx.username),
            "state": tx.state,
            "action": "abort-passkey-enrollment",
            "acul-sdk": ACUL_SDK,
        }
        missing = [name for name, value in expected.items() if form.get(name) != value]
        if missing:
            page = pages.message_page(
                "Bad request", "missing or wrong fields: " + ", ".join(missing)
            )
            return self._html(page, 400)
        tx.passkey_declined = True
        response = web.Response(status=303)
        response.headers["Location"] = f"/authorize/resume?state={tx.state}"
        return response
