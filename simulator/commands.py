"""Commands: acceptance, the moment they are carried out, and what they change."""

from __future__ import annotations

from collections.abc import Callable
import datetime as dt
import hashlib
import hmac
import secrets
from typing import Any
import uuid

from . import physics
from .constants import CLIMATE_ZONES, DOOR_KEYS, PRIVACY_FORBIDDEN_COMMANDS
from .context import SimContext
from .state import Account, Car, CarEvent, Challenge, Command


class CommandError(Exception):
    """A command the car refuses; ``code`` and the message go into ``details``."""

    def __init__(self, code: str, message: str) -> None:
        """Keep the code and the message."""
        super().__init__(message)
        self.code = code
        self.message = message


def spin_hash(spin: str, challenge: str) -> str:
    """Return the unlock hash: uppercase hex of sha512(bytes.fromhex(spin + challenge))."""
    return hashlib.sha512(bytes.fromhex(spin + challenge)).hexdigest().upper()


def accept(
    ctx: SimContext, account: Account, car: Car, key: str, payload: dict[str, Any]
) -> Command:
    """Record a command as ``ACCEPTED``; it is carried out after the command delay."""
    now = ctx.clock.now()
    command = Command(
        id=str(uuid.uuid4()),
        vin=car.vin,
        email=account.email,
        key=key,
        payload=payload,
        accepted_at=now,
        due_at=now + dt.timedelta(seconds=ctx.options.command_delay),
    )
    if key == "SPIN_CHALLENGE":
        value = secrets.token_hex(32).upper()
        command.challenge = value
        ctx.world.challenges[value] = Challenge(
            value=value,
            vin=car.vin,
            email=account.email,
            expires_at=now + dt.timedelta(seconds=ctx.options.challenge_lifetime),
        )
    ctx.world.commands[command.id] = command
    return command


def settle(ctx: SimContext) -> None:
    """Carry out every command now due, in order, and bring all cars up to now."""
    now = ctx.clock.now()
    due = sorted(
        (
            command
            for command in ctx.world.commands.values()
            if command.result == "ACCEPTED" and command.due_at <= now
        ),
        key=lambda command: command.due_at,
    )
    for command in due:
        car = ctx.world.cars.get(command.vin)
        if car is None:
            command.result = "ERROR"
            command.details = {"code": "VEHICLE_NOT_FOUND", "message": "no such car"}
            continue
        physics.advance(car, command.due_at)
        execute(ctx, car, command)
    for car in ctx.world.cars.values():
        physics.advance(car, now)


def execute(ctx: SimContext, car: Car, command: Command) -> None:
    """Carry out one command at its due time and record the outcome."""
    try:
        _check(car, command)
        handler = HANDLERS.get(command.key, _record_event)
        handler(ctx, car, command)
    except CommandError as error:
        command.result = "ERROR"
        command.details = {"code": error.code, "message": error.message}
        if command.challenge is not None:
            ctx.world.challenges.pop(command.challenge, None)
        return
    command.result = "PERFORMED"
    if command.challenge is not None and ctx.options.challenge_place.startswith(
        "status"
    ):
        command.details = {"challenge": command.challenge}


def _check(car: Car, command: Command) -> None:
    if not car.connected:
        raise CommandError("VEHICLE_NOT_CONNECTED", "the car is not paired")
    if command.key not in car.capabilities:
        raise CommandError(
            "NOT_SUPPORTED", f"{command.key} is not supported by this car"
        )
    if not car.remote_access:
        raise CommandError("REMOTE_ACCESS_DISABLED", "remote access is not authorised")
    if car.privacy_mode and command.key in PRIVACY_FORBIDDEN_COMMANDS:
        raise CommandError("PRIVACY_MODE", "not available while privacy mode is on")


def _account(ctx: SimContext, command: Command) -> Account:
    account = ctx.world.account(command.email)
    if account is None:
        raise CommandError("ACCOUNT_NOT_FOUND", "no such account")
    return account


def _spin_unlocked(account: Account, moment: dt.datetime) -> None:
    until = account.spin_locked_until
    if until is not None and until > moment:
        raise CommandError(
            "SPIN_LOCKED", "too many wrong S-PINs: unlocking is locked for a while"
        )


def _lock(ctx: SimContext, car: Car, command: Command) -> None:
    if any(car.values.get(key, {}).get("isOpen") for key in DOOR_KEYS):
        raise CommandError("DOOR_OPEN", "a door is open")
    car.update_value("LOCK_STATE_VEHICLE", command.due_at, isLocked=True)


def _spin_challenge(ctx: SimContext, car: Car, command: Command) -> None:
    _spin_unlocked(_account(ctx, command), command.due_at)


def _unlock(ctx: SimContext, car: Car, command: Command) -> None:
    account = _account(ctx, command)
    moment = command.due_at
    _spin_unlocked(account, moment)
    spin = command.payload.get("spin")
    if not isinstance(spin, dict):
        raise CommandError(
            "SPIN_REQUIRED", "unlocking needs an S-PIN challenge and hash"
        )
    challenge = ctx.world.challenges.pop(str(spin.get("challenge", "")), None)
    if (
        challenge is None
        or challenge.vin != car.vin
        or challenge.email != account.email
        or challenge.expires_at <= moment
    ):
        raise CommandError("INVALID_CHALLENGE", "unknown, used or expired challenge")
    given = str(spin.get("hash", ""))
    if not hmac.compare_digest(given, spin_hash(account.spin, challenge.value)):
        account.spin_failures += 1
        if account.spin_failures >= ctx.options.spin_max_attempts:
            account.spin_failures = 0
            account.spin_locked_until = moment + dt.timedelta(
                seconds=ctx.options.spin_lockout
            )
        raise CommandError("WRONG_SPIN", "wrong S-PIN")
    account.spin_failures = 0
    car.update_value("LOCK_STATE_VEHICLE", moment, isLocked=False)


def _honk_flash(ctx: SimContext, car: Car, command: Command) -> None:
    mode = command.payload.get("mode")
    if mode not in {"FLASH", "HONK_AND_FLASH"}:
        raise CommandError("INVALID_PAYLOAD", "mode must be FLASH or HONK_AND_FLASH")
    car.events.append(CarEvent(at=command.due_at, kind=str(mode)))


def _climate_start(ctx: SimContext, car: Car, command: Command) -> None:
    metadata = car.capabilities.get("REMOTE_CLIMATIZER_START") or {}
    low = float(metadata.get("minTemperature", 288.15))
    high = float(metadata.get("maxTemperature", 303.15))
    temperature = command.payload.get("targetTemperature")
    if (
        not isinstance(temperature, int | float)
        or isinstance(temperature, bool)
        or not low <= temperature <= high
    ):
        raise CommandError(
            "INVALID_TEMPERATURE", f"targetTemperature must be within {low}..{high} K"
        )
    car_zones = set(car.sim.get("climateZones", ["frontLeft", "frontRight"]))
    asked = command.payload.get("climateZonesEnabled") or {}
    if not isinstance(asked, dict):
        raise CommandError("INVALID_PAYLOAD", "climateZonesEnabled must be an object")
    # The reference always sends all four zones and says nothing of a car that lacks
    # some: a zone the car lacks is ignored (reported false), not refused.
    zones = {
        zone: zone in car_zones and bool(asked.get(zone, False))
        for zone in CLIMATE_ZONES
    }
    physics.set_climate(
        car,
        on=True,
        moment=command.due_at,
        temperature=float(temperature),
        zones=zones,
    )


def _climate_stop(ctx: SimContext, car: Car, command: Command) -> None:
    physics.set_climate(car, on=False, moment=command.due_at)


def _direct_charging(active: bool) -> Handler:
    def handler(ctx: SimContext, car: Car, command: Command) -> None:
        car.update_value("DIRECT_CHARGING", command.due_at, isActive=active)
        physics.refresh_charging(car, command.due_at)

    return handler


def _charging_pause(paused: bool) -> Handler:
    def handler(ctx: SimContext, car: Car, command: Command) -> None:
        car.charging_paused = paused
        physics.refresh_charging(car, command.due_at)

    return handler


def _soc(value: Any, low: int, high: int, name: str) -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not low <= value <= high
    ):
        raise CommandError(
            "INVALID_PAYLOAD", f"{name} must be a whole number {low}..{high}"
        )
    return value


def _whole(value: Any) -> Any:
    """Return a whole-number float as an int (``70.0`` → ``70``); else ``value``."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _charging_settings(ctx: SimContext, car: Car, command: Command) -> None:
    if "CHARGING_SETTINGS" not in car.values:
        raise CommandError("NOT_SUPPORTED", "this car has no charging settings")
    # The reference gives ``targetSoc: 25..100`` without a type: 70.0 is as good as 70.
    target = _soc(_whole(command.payload.get("targetSoc")), 25, 100, "targetSoc")
    car.update_value("CHARGING_SETTINGS", command.due_at, targetSoc=target)
    physics.refresh_charging(car, command.due_at)


def _charging_profiles(ctx: SimContext, car: Car, command: Command) -> None:
    current = car.values.get("CHARGING_PROFILES")
    if current is None:
        raise CommandError("NOT_SUPPORTED", "this car has no charging profiles")
    profiles = command.payload.get("list")
    if not isinstance(profiles, list) or not all(
        isinstance(item, dict) and isinstance(item.get("id"), int) for item in profiles
    ):
        raise CommandError(
            "INVALID_PAYLOAD", "list must be a list of profiles with ids"
        )
    ids = [item["id"] for item in profiles]
    if len(set(ids)) != len(ids):
        raise CommandError("INVALID_PAYLOAD", "profile ids must be unique")
    for item in profiles:
        for name in ("minSoc", "targetSoc"):
            if name in item:
                _soc(item[name], 0, 100, name)
    active = command.payload.get("currentProfileId", current.get("currentProfileId"))
    if active not in ids:
        raise CommandError(
            "INVALID_PAYLOAD", "the active profile must stay in the list"
        )
    car.set_value(
        "CHARGING_PROFILES",
        {"currentProfileId": active, "list": profiles},
        command.due_at,
    )
    physics.refresh_charging(car, command.due_at)


def _timer_list(key: str) -> Handler:
    def handler(ctx: SimContext, car: Car, command: Command) -> None:
        if key not in car.values:
            raise CommandError("NOT_SUPPORTED", f"this car has no {key}")
        timers = command.payload.get("list")
        if not isinstance(timers, list) or not all(
            isinstance(item, dict) and "id" in item for item in timers
        ):
            raise CommandError(
                "INVALID_PAYLOAD", "list must be a list of timers with ids"
            )
        car.update_value(key, command.due_at, list=timers)

    return handler


def _timers_disable(ctx: SimContext, car: Car, command: Command) -> None:
    if "TIMERS" not in car.values:
        raise CommandError("NOT_SUPPORTED", "this car has no timers")
    wanted: set[Any] | None = None
    if "id" in command.payload:
        wanted = {command.payload["id"]}
    elif isinstance(command.payload.get("ids"), list):
        wanted = set(command.payload["ids"])
    timers = [
        {**timer, "active": False}
        if isinstance(timer, dict) and (wanted is None or timer.get("id") in wanted)
        else timer
        for timer in car.values["TIMERS"].get("list", [])
    ]
    car.update_value("TIMERS", command.due_at, list=timers)


def _record_event(ctx: SimContext, car: Car, command: Command) -> None:
    car.events.append(
        CarEvent(at=command.due_at, kind=command.key, detail=dict(command.payload))
    )


type Handler = Callable[[SimContext, Car, Command], None]

HANDLERS: dict[str, Handler] = {
    "LOCK": _lock,
    "UNLOCK": _unlock,
    "SPIN_CHALLENGE": _spin_challenge,
    "HONK_FLASH": _honk_flash,
    "REMOTE_CLIMATIZER_START": _climate_start,
    "REMOTE_CLIMATIZER_STOP": _climate_stop,
    "DIRECT_CHARGING_START": _direct_charging(active=True),
    "DIRECT_CHARGING_STOP": _direct_charging(active=False),
    "CHARGING_START": _charging_pause(paused=False),
    "CHARGING_STOP": _charging_pause(paused=True),
    "CHARGING_SETTINGS_EDIT": _charging_settings,
    "CHARGING_PROFILES_EDIT": _charging_profiles,
    "TIMERS_EDIT": _timer_list("TIMERS"),
    "DEPARTURES_EDIT": _timer_list("DEPARTURES"),
    "TIMERS_DISABLE": _timers_disable,
}
"""What each command does; any other key the car supports is recorded as an event."""
