"""The Simulator: one aiohttp server for identity and API, plus its control handle."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
import time
from typing import Any, TypedDict, Unpack

from aiohttp import web

from .api import ApiServer
from .constants import API_PREFIX, CONTROL_PREFIX
from .context import (
    ActiveProfileFields,
    CaptchaLayout,
    ChallengePlace,
    SimContext,
    SimOptions,
)
from .control import ControlMixin, control_routes
from .faults import Faults
from .fleet import DEMO_EMAIL, DEMO_PASSWORD, DEMO_SPIN, DEMO_VINS
from .identity import IdentityServer
from .log import RequestRecord

type Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class OptionOverrides(TypedDict, total=False):
    """Further :class:`~simulator.context.SimOptions` fields the constructor takes."""

    wake_latency_ms: int
    refresh_token_lifetime: int
    rotate_refresh_tokens: bool
    invalid_grant_status: int
    login_rate_limit: int
    login_rate_window: int
    captcha_duration: int
    session_lifetime: int
    code_lifetime: int
    challenge_place: ChallengePlace
    challenge_lifetime: int
    spin_max_attempts: int
    spin_lockout: int
    privacy_cause: str
    wake_needs_app_user_agent: bool
    active_profile_fields: ActiveProfileFields
    strict_login_forms: bool
    captcha_layout: CaptchaLayout
    captcha_rounds: int
    oil_level_shape: bool


class Simulator(ControlMixin):
    """A stateful stand-in for Porsche's identity server and Connect API.

    Attributes:
        ctx: Shared state (options, clock, log, world, identity).
        options: Behaviour switches (changeable while running).
        clock: The simulated clock (``now()``, ``advance(seconds)``).
        log: The request log.
        faults: Armed faults (see :class:`~simulator.faults.Faults`).
        base_url: ``http://HOST:PORT`` once started.
        identity_url: Where the identity paths live (== ``base_url``).
        api_url: API base (``base_url + "/app"``).
    """

    def __init__(
        self,
        *,
        latency_ms: int = 0,
        token_lifetime: int = 3600,
        command_delay: float = 2.0,
        demo_account: bool = True,
        **options: Unpack[OptionOverrides],
    ) -> None:
        """Build the simulator (not started).

        Args:
            latency_ms: Delay added to every answer.
            token_lifetime: Access-token lifetime, seconds.
            command_delay: Seconds from ``ACCEPTED`` to ``PERFORMED``/``ERROR``.
            demo_account: Create ``demo@example.com`` with the whole fleet.
            **options: Any other :class:`~simulator.context.SimOptions` field.
        """
        self.options = SimOptions(
            latency_ms=latency_ms,
            token_lifetime=token_lifetime,
            command_delay=command_delay,
            **options,
        )
        self.ctx = SimContext(options=self.options)
        self.clock = self.ctx.clock
        self.log = self.ctx.log
        self.faults = Faults()
        self.base_url = ""
        self._runner: web.AppRunner | None = None
        self._stopping = asyncio.Event()
        if demo_account:
            self.add_account(
                DEMO_EMAIL,
                DEMO_PASSWORD,
                spin=DEMO_SPIN,
                vins=DEMO_VINS,
                passkey_enrollment=True,
            )

    @property
    def identity_url(self) -> str:
        """Return the identity server's base URL (the root of the simulator)."""
        return self.base_url

    @property
    def api_url(self) -> str:
        """Return the API base URL (paths ``/connect/v1/...`` go under it)."""
        return f"{self.base_url}{API_PREFIX}"

    def build_app(self) -> web.Application:
        """Return the aiohttp application serving everything."""
        app = web.Application(
            middlewares=[self._log_middleware, self._fault_middleware]
        )
        app.add_routes(IdentityServer(self.ctx).routes())
        app.add_routes(ApiServer(self.ctx, self.faults).routes())
        app.add_routes(control_routes(self))
        return app

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Start serving; return the base URL."""
        if self._runner is not None:
            return self.base_url
        self._stopping.clear()
        runner = web.AppRunner(self.build_app(), access_log=None, shutdown_timeout=1)
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        await site.start()
        self._runner = runner
        bound = runner.addresses[0]
        self.base_url = f"http://{host}:{bound[1]}"
        self.ctx.base_url = self.base_url
        return self.base_url

    async def stop(self) -> None:
        """Stop serving; requests left hanging by a timeout fault are let go."""
        self._stopping.set()
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    # -- middlewares ---------------------------------------------------------

    @web.middleware
    async def _log_middleware(
        self, request: web.Request, handler: Handler
    ) -> web.StreamResponse:
        if request.path.startswith(CONTROL_PREFIX):
            return await handler(request)
        started = time.perf_counter()
        at = self.clock.now()
        grant = await _grant_of(request)
        status = 500
        try:
            response = await handler(request)
        except web.HTTPException as exc:
            status = exc.status
            raise
        else:
            status = response.status
            return response
        finally:
            if not request.get("sim_logged"):
                self.log.add(
                    RequestRecord(
                        method=request.method,
                        path=request.path,
                        query=_query(request),
                        status=status,
                        latency_ms=(time.perf_counter() - started) * 1000,
                        grant=grant,
                        at=at,
                        user_agent=request.headers.get("User-Agent"),
                        client_id=request.headers.get("X-Client-ID"),
                    )
                )

    @web.middleware
    async def _fault_middleware(
        self, request: web.Request, handler: Handler
    ) -> web.StreamResponse:
        if request.path.startswith(CONTROL_PREFIX):
            return await handler(request)
        if self.options.latency_ms > 0:
            await asyncio.sleep(self.options.latency_ms / 1000)
        fault = self.faults.take_http(request.method, request.path)
        if fault is None:
            return await handler(request)
        if fault.kind == "timeout":
            request["sim_logged"] = True
            self.log.add(
                RequestRecord(
                    request.method,
                    request.path,
                    _query(request),
                    0,
                    0.0,
                    None,
                    self.clock.now(),
                    request.headers.get("User-Agent"),
                    request.headers.get("X-Client-ID"),
                )
            )
            await self._stopping.wait()
            return web.Response(status=504)
        headers = {"Retry-After": fault.retry_after} if fault.retry_after else None
        if fault.kind == "html":
            text = (
                "<html><head><title>Bad Gateway</title></head>"
                "<body><h1>Bad Gateway</h1></body></html>"
            )
        elif fault.kind == "malformed":
            text = '{"vin": "WP0ZZZ", "measurements": [{"key": "BATT'
        elif fault.kind == "empty":
            text = ""
        else:
            text = f'{{"status": {fault.status}, "message": "simulated fault"}}'
        return web.Response(
            text=text,
            status=fault.status,
            headers=headers,
            content_type="application/json",
        )


def _query(request: web.Request) -> dict[str, list[str]]:
    query: dict[str, list[str]] = {}
    for key, value in request.query.items():
        query.setdefault(key, []).append(value)
    return query


async def _grant_of(request: web.Request) -> str | None:
    if request.path != "/oauth/token" or request.method != "POST":
        return None
    try:
        if request.content_type == "application/json":
            body: Any = await request.json()
            grant = body.get("grant_type") if isinstance(body, dict) else None
        else:
            grant = (await request.post()).get("grant_type")
    except ValueError:
        return None
    return grant if isinstance(grant, str) else None


@asynccontextmanager
async def start_simulator(
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    latency_ms: int = 0,
    token_lifetime: int = 3600,
    command_delay: float = 2.0,
    demo_account: bool = True,
    **options: Unpack[OptionOverrides],
) -> AsyncIterator[Simulator]:
    """Run a simulator for the duration of the ``async with`` block."""
    simulator = Simulator(
        latency_ms=latency_ms,
        token_lifetime=token_lifetime,
        command_delay=command_delay,
        demo_account=demo_account,
        **options,
    )
    await simulator.start(host, port)
    try:
        yield simulator
    finally:
        await simulator.stop()
