"""The control handle: accounts, cars and scenario switches, in Python and over HTTP."""

from __future__ import annotations

from collections.abc import Iterable
import dataclasses
import datetime as dt
from typing import TYPE_CHECKING, Any

from aiohttp import web

from . import commands, physics
from .clock import iso_z
from .constants import CONTROL_PREFIX
from .context import SimContext
from .faults import Faults
from .fleet import CarSpec, load_car
from .state import Account, Car, CarEvent

if TYPE_CHECKING:
    from .clock import SimClock


class ControlMixin:
    """Methods that change the simulated world (mixed into ``Simulator``)."""

    ctx: SimContext
    faults: Faults
    clock: SimClock

    # -- accounts ------------------------------------------------------------

    def add_account(
        self,
        email: str,
        password: str,
        spin: str = "1234",
        vins: Iterable[str] = (),
        *,
        captcha_required: bool = False,
        passkey_enrollment: bool = False,
    ) -> Account:
        """Create an account owning the given demo cars (by VIN)."""
        account = Account(
            email=email.strip().lower(),
            password=password,
            spin=spin,
            captcha_required=captcha_required,
            passkey_enrollment=passkey_enrollment,
        )
        self.ctx.world.accounts[account.email] = account
        for vin in vins:
            self.add_car(account.email, vin)
        return account

    def account(self, email: str) -> Account:
        """Return an account (``KeyError`` if unknown)."""
        return self.ctx.world.require_account(email)

    def set_captcha(self, email: str, required: bool = True) -> None:
        """Make every login of an account meet a captcha (or stop it)."""
        self.account(email).captcha_required = required

    def force_captcha(
        self, address: str = "127.0.0.1", seconds: int | None = None
    ) -> None:
        """Bring the captcha to every login from an address, as rate limiting does."""
        duration = self.ctx.options.captcha_duration if seconds is None else seconds
        self.ctx.identity.captcha_until[address] = self.clock.now() + dt.timedelta(
            seconds=duration
        )

    def set_passkey_enrollment(self, email: str, enabled: bool = True) -> None:
        """Offer (or stop offering) a passkey enrollment in the resume chain."""
        self.account(email).passkey_enrollment = enabled

    def lock_account(self, email: str, *, revoke_tokens: bool = False) -> None:
        """Lock an account ("suspicious activity").

        The password step, the token endpoint and the API then answer 423 and identity
        sessions end. With ``revoke_tokens`` its refresh tokens die as well (a refresh
        then gets ``invalid_grant`` rather than 423).
        """
        account = self.account(email)
        account.locked = True
        self.ctx.identity.end_sessions(account.email)
        if revoke_tokens:
            self.ctx.identity.revoke_refresh_tokens(account.email)

    def unlock_account(self, email: str) -> None:
        """Unlock an account (its owner reset the password)."""
        self.account(email).locked = False

    def change_password(
        self, email: str, new_password: str, *, revoke_tokens: bool = True
    ) -> None:
        """Change the password (the old one then fails with 400) and end sessions."""
        account = self.account(email)
        account.password = new_password
        self.ctx.identity.end_sessions(account.email)
        if revoke_tokens:
            self.ctx.identity.revoke_refresh_tokens(account.email)

    def revoke_refresh_tokens(self, email: str | None = None) -> int:
        """Revoke the refresh tokens of an account (of everyone when None)."""
        key = None if email is None else self.account(email).email
        return self.ctx.identity.revoke_refresh_tokens(key)

    def expire_access_tokens(self, email: str | None = None) -> None:
        """Make the access tokens of an account (everyone's when None) expire now."""
        now = self.clock.now()
        key = None if email is None else self.account(email).email
        for token in self.ctx.identity.access_tokens.values():
            if key is None or token.email == key:
                token.expires_at = min(token.expires_at, now)

    def captcha_answer(self, state: str | None = None) -> str | None:
        """Return the answer of the captcha shown to a login (the latest when None)."""
        transactions = self.ctx.identity.transactions
        if state is not None:
            tx = transactions.get(state)
            return None if tx is None else tx.captcha_answer
        answers = [
            tx.captcha_answer for tx in transactions.values() if tx.captcha_answer
        ]
        return answers[-1] if answers else None

    def reset_spin_lockout(self, email: str) -> None:
        """Forget wrong S-PIN attempts and any unlock lockout."""
        account = self.account(email)
        account.spin_failures = 0
        account.spin_locked_until = None

    # -- cars ----------------------------------------------------------------

    def add_car(self, email: str, car: str | CarSpec | dict[str, Any]) -> Car:
        """Give an account a car: a demo VIN, a :class:`CarSpec` or a car file's dict."""
        account = self.account(email)
        if isinstance(car, str):
            spec = load_car(car) if car not in self.ctx.world.cars else None
            vin = car
        else:
            spec = car if isinstance(car, CarSpec) else CarSpec.from_dict(car)
            vin = spec.vin
        if spec is not None and vin not in self.ctx.world.cars:
            state = Car(spec, self.clock.now())
            physics.refresh_charging(state, state.global_timestamp)
            self.ctx.world.cars[vin] = state
        if vin not in account.vins:
            account.vins.append(vin)
        return self.ctx.world.cars[vin]

    def remove_car(self, email: str, vin: str) -> None:
        """Take a car off an account (it then answers 404 there)."""
        account = self.account(email)
        if vin in account.vins:
            account.vins.remove(vin)

    def car(self, vin: str) -> Car:
        """Return a car's live state, brought up to the simulated now."""
        commands.settle(self.ctx)
        return self.ctx.world.require_car(vin)

    def measurement(self, vin: str, key: str) -> dict[str, Any] | None:
        """Return a car's current value of a measurement (None if it has none)."""
        value = self.car(vin).values.get(key)
        return None if value is None else dict(value)

    def set_measurement(self, vin: str, key: str, value: dict[str, Any]) -> None:
        """Set a measurement's value (e.g. open a door); ``lastModified`` is now.

        ``BATTERY_LEVEL`` also sets the state of charge that charging works from.
        """
        car = self.car(vin)
        car.set_value(key, dict(value), self.clock.now())
        if key == "BATTERY_LEVEL" and isinstance(value.get("percent"), int | float):
            self.set_soc(vin, float(value["percent"]))

    def events(self, vin: str) -> list[CarEvent]:
        """Return what a car did that its measurements do not show (honk, flash)."""
        return list(self.car(vin).events)

    def set_privacy_mode(self, vin: str, enabled: bool = True) -> None:
        """Switch a car's privacy mode."""
        self.set_measurement(vin, "GLOBAL_PRIVACY_MODE", {"isEnabled": enabled})

    def set_remote_access(self, vin: str, enabled: bool = True) -> None:
        """Authorise (or stop authorising) remote access to a car."""
        self.set_measurement(vin, "REMOTE_ACCESS_AUTHORIZATION", {"isEnabled": enabled})

    def set_connected(self, vin: str, connected: bool = True) -> None:
        """Pair (or unpair) a car with its account (``connect``)."""
        self.car(vin).vehicle["connect"] = connected

    def set_plugged(self, vin: str, plugged: bool = True) -> None:
        """Plug a charging cable in (charging then starts if below target) or out."""
        car = self.car(vin)
        now = self.clock.now()
        car.update_value(
            "CHARGING_SUMMARY",
            now,
            plugState="CONNECTED" if plugged else "DISCONNECTED",
        )
        if not plugged:
            car.update_value("DIRECT_CHARGING", now, isActive=False)
        physics.refresh_charging(car, now)

    def set_soc(self, vin: str, percent: float) -> None:
        """Set a car's state of charge."""
        car = self.car(vin)
        car.soc = float(percent)
        physics.refresh_charging(car, self.clock.now())

    def advance(self, seconds: float) -> None:
        """Move the simulated clock forward and bring every car up to date."""
        self.clock.advance(seconds)
        commands.settle(self.ctx)


FAULT_TYPES = frozenset(
    {
        "status",
        "rate_limit",
        "server_errors",
        "command_poll_504",
        "timeout",
        "html_body",
        "malformed_json",
        "empty_body",
        "drop_measurement",
        "unexpected_shape",
    }
)
ACTIONS = frozenset(
    {
        "add_account",
        "set_captcha",
        "force_captcha",
        "set_passkey_enrollment",
        "lock_account",
        "unlock_account",
        "change_password",
        "revoke_refresh_tokens",
        "expire_access_tokens",
        "reset_spin_lockout",
        "add_car",
        "remove_car",
        "set_measurement",
        "set_privacy_mode",
        "set_remote_access",
        "set_connected",
        "set_plugged",
        "set_soc",
        "advance",
    }
)


def control_routes(sim: ControlMixin) -> list[web.RouteDef]:
    """Return the ``/_sim/`` routes that expose the control handle over HTTP."""

    async def action(request: web.Request) -> web.Response:
        name = request.match_info["action"]
        if name not in ACTIONS:
            return web.json_response({"error": f"unknown action {name}"}, status=404)
        kwargs = await _json_object(request)
        try:
            result = getattr(sim, name)(**kwargs)
        except (KeyError, TypeError, ValueError) as exc:
            return web.json_response({"error": repr(exc)}, status=400)
        return web.json_response({"ok": True, "result": _plain(result)})

    async def add_fault(request: web.Request) -> web.Response:
        kwargs = await _json_object(request)
        kind = str(kwargs.pop("type", ""))
        if kind not in FAULT_TYPES:
            return web.json_response({"error": f"unknown fault {kind}"}, status=400)
        try:
            fault = getattr(sim.faults, kind)(**kwargs)
        except TypeError as exc:
            return web.json_response({"error": repr(exc)}, status=400)
        return web.json_response({"ok": True, "fault": dataclasses.asdict(fault)})

    async def clear_faults(request: web.Request) -> web.Response:
        sim.faults.clear()
        return web.json_response({"ok": True})

    async def log(request: web.Request) -> web.Response:
        records = [
            {**dataclasses.asdict(record), "at": iso_z(record.at)}
            for record in sim.ctx.log.records
        ]
        return web.json_response(records)

    async def clear_log(request: web.Request) -> web.Response:
        sim.ctx.log.clear()
        return web.json_response({"ok": True})

    async def captcha(request: web.Request) -> web.Response:
        return web.json_response(
            {"answer": sim.captcha_answer(request.query.get("state"))}
        )

    async def state(request: web.Request) -> web.Response:
        commands.settle(sim.ctx)
        world = sim.ctx.world
        return web.json_response(
            {
                "now": iso_z(sim.clock.now()),
                "accounts": {
                    email: {"vins": account.vins, "locked": account.locked}
                    for email, account in world.accounts.items()
                },
                "cars": {vin: car.values for vin, car in world.cars.items()},
            }
        )

    prefix = CONTROL_PREFIX
    return [
        web.get(f"{prefix}/state", state),
        web.get(f"{prefix}/log", log),
        web.delete(f"{prefix}/log", clear_log),
        web.get(f"{prefix}/captcha", captcha),
        web.post(f"{prefix}/faults", add_fault),
        web.delete(f"{prefix}/faults", clear_faults),
        web.post(f"{prefix}/{{action}}", action),
    ]


async def _json_object(request: web.Request) -> dict[str, Any]:
    if not request.can_read_body:
        return {}
    try:
        body = await request.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _plain(value: Any) -> Any:
    if isinstance(value, Account):
        return {"email": value.email, "vins": value.vins}
    if isinstance(value, Car):
        return {"vin": value.vin}
    if isinstance(value, int | float | str | bool) or value is None:
        return value
    return None
