"""The simulated world: accounts, cars and commands, and their mutable state."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
import datetime as dt
from typing import Any
import uuid

from .fleet import CarSpec
from .fleet_dates import fleet_delta, shift_dates, zone_of


@dataclass(slots=True)
class Account:
    """A Porsche ID with its cars.

    Attributes:
        email: Login name (compared case-insensitively).
        password: Current password.
        spin: The S-PIN (four digits) used to unlock.
        vins: VINs of the account's cars, in list order.
        sub: Subject claim of the account's tokens.
        captcha_required: Every login of this account meets a captcha.
        passkey_enrollment: The resume chain offers a passkey enrollment to decline.
        locked: The account is locked ("suspicious activity").
        spin_failures: Consecutive wrong S-PINs.
        spin_locked_until: Unlocking is refused until this time.
    """

    email: str
    password: str
    spin: str = "1234"
    vins: list[str] = field(default_factory=list)
    sub: str = field(default_factory=lambda: f"auth0|{uuid.uuid4().hex[:24]}")
    captcha_required: bool = False
    passkey_enrollment: bool = False
    locked: bool = False
    spin_failures: int = 0
    spin_locked_until: dt.datetime | None = None


@dataclass(slots=True)
class CarEvent:
    """Something the car did that leaves no trace in its measurements (honk, flash)."""

    at: dt.datetime
    kind: str
    detail: dict[str, Any] = field(default_factory=dict)


class Car:
    """The live state of one car, built from its :class:`CarSpec`."""

    def __init__(self, spec: CarSpec, now: dt.datetime) -> None:
        """Copy the spec's data, its dates moved to ``now``; date values a bit back."""
        self.spec = spec
        self.vehicle: dict[str, Any] = copy.deepcopy(spec.vehicle)
        self.sim: dict[str, Any] = copy.deepcopy(spec.simulation)
        self.values: dict[str, dict[str, Any]] = shift_dates(
            spec.measurements,
            fleet_delta(now),
            zone_of(self.sim.get("timezone", "UTC")),
        )
        self.disabled: dict[str, str] = dict(spec.disabled)
        self.capabilities: dict[str, dict[str, Any] | None] = {
            str(entry["key"]): entry.get("metadata") for entry in spec.commands
        }
        stored_at = (now - dt.timedelta(minutes=7)).replace(microsecond=0)
        self.modified: dict[str, dt.datetime] = dict.fromkeys(self.values, stored_at)
        self.global_timestamp = stored_at
        self.last_tick = stored_at
        self.events: list[CarEvent] = []
        self.climate_until: dt.datetime | None = None
        self.charging_paused = False
        battery = self.values.get("BATTERY_LEVEL", {})
        self.soc: float = float(battery.get("percent", 0))
        summary = self.values.get("CHARGING_SUMMARY", {})
        self.base_mode: str = str(summary.get("mode", "PROFILE"))

    @property
    def vin(self) -> str:
        """Return the VIN."""
        return str(self.vehicle["vin"])

    @property
    def connected(self) -> bool:
        """Return whether the car is paired to the account (``connect``)."""
        return bool(self.vehicle.get("connect", True))

    @property
    def privacy_mode(self) -> bool:
        """Return whether privacy mode is on."""
        return bool(self.values.get("GLOBAL_PRIVACY_MODE", {}).get("isEnabled", False))

    @property
    def remote_access(self) -> bool:
        """Return whether remote access is authorised."""
        value = self.values.get("REMOTE_ACCESS_AUTHORIZATION")
        return bool(value.get("isEnabled", False)) if value is not None else False

    def set_value(self, key: str, value: dict[str, Any], moment: dt.datetime) -> None:
        """Store a measurement value, dating it (and the car's data) at ``moment``.

        Nothing is dated when the value did not change.
        """
        if self.values.get(key) == value:
            return
        self.values[key] = value
        self.modified[key] = moment
        self.global_timestamp = max(self.global_timestamp, moment)

    def update_value(self, key: str, moment: dt.datetime, **fields: Any) -> None:
        """Change some fields of an existing measurement value."""
        current = dict(self.values.get(key, {}))
        current.update(fields)
        self.set_value(key, current, moment)

    def wake(self, moment: dt.datetime) -> None:
        """Refresh every value's ``lastModified`` and the global timestamp."""
        for key in self.values:
            self.modified[key] = moment
        self.global_timestamp = moment


@dataclass(slots=True)
class Command:
    """A command sent to a car and its outcome.

    Attributes:
        id: The id the API hands out.
        vin: Target car.
        email: Account that sent it.
        key: Command key.
        payload: Payload as sent.
        accepted_at: When the POST arrived.
        due_at: When the car carries it out (``accepted_at`` + command delay).
        result: ``ACCEPTED``, then ``PERFORMED`` or ``ERROR``.
        details: Why it failed, or what it produced (an S-PIN challenge).
        challenge: For ``SPIN_CHALLENGE``, the challenge issued.
    """

    id: str
    vin: str
    email: str
    key: str
    payload: dict[str, Any]
    accepted_at: dt.datetime
    due_at: dt.datetime
    result: str = "ACCEPTED"
    details: dict[str, Any] | None = None
    challenge: str | None = None


@dataclass(slots=True)
class Challenge:
    """An S-PIN challenge handed out and not used yet."""

    value: str
    vin: str
    email: str
    expires_at: dt.datetime


@dataclass(slots=True)
class World:
    """Accounts, cars and commands."""

    accounts: dict[str, Account] = field(default_factory=dict)
    cars: dict[str, Car] = field(default_factory=dict)
    commands: dict[str, Command] = field(default_factory=dict)
    challenges: dict[str, Challenge] = field(default_factory=dict)

    def account(self, email: str) -> Account | None:
        """Return the account with this login name, if any."""
        return self.accounts.get(email.strip().lower())

    def require_account(self, email: str) -> Account:
        """Return the account with this login name.

        Raises:
            KeyError: There is no such account.
        """
        account = self.account(email)
        if account is None:
            raise KeyError(email)
        return account

    def require_car(self, vin: str) -> Car:
        """Return the car with this VIN.

        Raises:
            KeyError: There is no such car.
        """
        return self.cars[vin]
