"""The Porsche Connect API under ``/app/connect/v1`` and the picture server."""

from __future__ import annotations

import asyncio
from typing import Any
import uuid

from aiohttp import web

from . import commands, overview
from .constants import (
    API_PREFIX,
    APP_USER_AGENT_PREFIX,
    PICTURE_PREFIX,
    PICTURE_VIEWS,
    X_CLIENT_ID,
)
from .context import SimContext
from .faults import Faults
from .pictures import car_png
from .state import Account, Car

V1 = f"{API_PREFIX}/connect/v1"


def error(status: int, message: str) -> web.Response:
    """Return the API's JSON error answer."""
    return web.json_response({"status": status, "message": message}, status=status)


class ApiServer:
    """Request handlers of the data and command API."""

    def __init__(self, ctx: SimContext, faults: Faults) -> None:
        """Serve on the given context."""
        self.ctx = ctx
        self.faults = faults

    def routes(self) -> list[web.RouteDef]:
        """Return the API and picture routes."""
        return [
            web.get(f"{V1}/vehicles", self.vehicles),
            web.get(f"{V1}/vehicles/{{vin}}", self.vehicle),
            web.get(f"{V1}/vehicles/{{vin}}/pictures", self.pictures),
            web.post(f"{V1}/vehicles/{{vin}}/commands", self.send_command),
            web.get(f"{V1}/vehicles/{{vin}}/commands/{{id}}", self.command_status),
            web.get(f"{PICTURE_PREFIX}/{{vin}}/{{view}}.png", self.picture),
        ]

    def _account(self, request: web.Request) -> Account | web.Response:
        """Return the caller's account, or the error answer to send."""
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token:
            return error(401, "Unauthorized")
        grant = self.ctx.identity.access_tokens.get(token.strip())
        if (
            grant is None
            or not grant.for_api
            or grant.expires_at <= self.ctx.clock.now()
        ):
            return error(401, "Unauthorized")
        if request.headers.get("X-Client-ID") != X_CLIENT_ID:
            return error(403, "Forbidden")
        account = self.ctx.world.account(grant.email)
        if account is None:
            return error(401, "Unauthorized")
        if account.locked:
            return error(423, "Account locked")
        commands.settle(self.ctx)
        return account

    def _car(self, account: Account, vin: str) -> Car | web.Response:
        car = self.ctx.world.cars.get(vin)
        if car is None or vin not in account.vins:
            return error(404, "Vehicle not found")
        return car

    async def vehicles(self, request: web.Request) -> web.Response:
        """``GET /connect/v1/vehicles``: the account's cars."""
        account = self._account(request)
        if isinstance(account, web.Response):
            return account
        cars = [self.ctx.world.cars[vin] for vin in account.vins]
        return web.json_response([overview.list_entry(car) for car in cars])

    async def vehicle(self, request: web.Request) -> web.Response:
        """``GET /connect/v1/vehicles/{vin}``: the overview (``mf``, ``cf``, wake-up)."""
        account = self._account(request)
        if isinstance(account, web.Response):
            return account
        car = self._car(account, request.match_info["vin"])
        if isinstance(car, web.Response):
            return car
        wake = request.query.get("wakeUpJob")
        if wake is not None:
            try:
                uuid.UUID(wake)
            except ValueError:
                return error(400, "wakeUpJob must be a UUID")
            if self.ctx.options.wake_latency_ms > 0:
                await asyncio.sleep(self.ctx.options.wake_latency_ms / 1000)
            commands.settle(self.ctx)
            app = request.headers.get("User-Agent", "").startswith(
                APP_USER_AGENT_PREFIX
            )
            if (
                car.connected
                and not car.privacy_mode
                and (app or not self.ctx.options.wake_needs_app_user_agent)
            ):
                car.wake(self.ctx.clock.now())
        body = overview.overview(
            self.ctx,
            car,
            request.query.getall("mf", []),
            request.query.getall("cf", []),
            self.faults,
        )
        return web.json_response(body)

    async def pictures(self, request: web.Request) -> web.Response:
        """``GET /connect/v1/vehicles/{vin}/pictures``: picture URLs of the car."""
        account = self._account(request)
        if isinstance(account, web.Response):
            return account
        car = self._car(account, request.match_info["vin"])
        if isinstance(car, web.Response):
            return car
        base = f"{self.ctx.base_url}{PICTURE_PREFIX}/{car.vin}"
        return web.json_response(
            [
                {"view": view, "url": f"{base}/{view}.png", "size": 2}
                for view in PICTURE_VIEWS
            ]
        )

    async def picture(self, request: web.Request) -> web.Response:
        """Serve a picture (no authentication, like Porsche's picture server)."""
        car = self.ctx.world.cars.get(request.match_info["vin"])
        view = request.match_info["view"]
        if car is None or view not in PICTURE_VIEWS:
            return web.Response(status=404)
        color = str(car.vehicle.get("color", {}).get("primaryExteriorColor", "808080"))
        return web.Response(
            body=car_png(color, PICTURE_VIEWS.index(view)), content_type="image/png"
        )

    async def send_command(self, request: web.Request) -> web.Response:
        """``POST /connect/v1/vehicles/{vin}/commands``: 201 ``ACCEPTED``."""
        account = self._account(request)
        if isinstance(account, web.Response):
            return account
        car = self._car(account, request.match_info["vin"])
        if isinstance(car, web.Response):
            return car
        try:
            body: Any = await request.json()
        except ValueError:
            return error(400, "Body must be JSON")
        if not isinstance(body, dict) or not isinstance(body.get("key"), str):
            return error(400, "Field 'key' is required")
        payload = body.get("payload", {})
        if payload is None:
            payload = {}
        if not isinstance(payload, dict):
            return error(400, "Field 'payload' must be an object")
        command = commands.accept(self.ctx, account, car, body["key"], payload)
        status: dict[str, Any] = {"id": command.id, "result": "ACCEPTED"}
        answer: dict[str, Any] = {"status": status}
        place = self.ctx.options.challenge_place
        if command.challenge is not None:
            if place == "response_status":
                status["challenge"] = command.challenge
            elif place == "data":
                answer["data"] = {"challenge": command.challenge}
            elif place == "response":
                answer["challenge"] = command.challenge
        return web.json_response(answer, status=201)

    async def command_status(self, request: web.Request) -> web.Response:
        """``GET /connect/v1/vehicles/{vin}/commands/{id}``: the command's result."""
        account = self._account(request)
        if isinstance(account, web.Response):
            return account
        vin = request.match_info["vin"]
        command = self.ctx.world.commands.get(request.match_info["id"])
        if command is None or command.vin != vin or command.email != account.email:
            return error(404, "Command not found")
        status: dict[str, Any] = {"id": command.id, "result": command.result}
        if command.details is not None:
            details = dict(command.details)
            if self.ctx.options.challenge_place == "status" and "challenge" in details:
                status["challenge"] = details.pop("challenge")
            if details:
                status["details"] = details
        return web.json_response({"status": status})
