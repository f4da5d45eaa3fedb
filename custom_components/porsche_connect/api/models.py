"""Typed, frozen models parsed leniently from the API's JSON.

Rules (section 3 of the reference):

* Units are explicit in the names: km, %, kW, bar, °C (converted from Kelvin), minutes;
  every ``datetime`` is timezone-aware (UTC when the API gives no offset).
* Old and new key names are merged: ``HVAC_SUMMARY`` before ``CLIMATIZER_STATE``, the four
  ``TIRE_PRESSURE_*`` keys before the combined ``TIRE_PRESSURE``, ``chargingPowerkW``
  before ``chargingPower``.
* A disabled measurement is "not available": :meth:`Overview.available` is false and
  :attr:`Overview.unavailable` gives its cause (``NOT_SUPPORTED``, ``NOT_CONNECTED``,
  ``UNKNOWN``…; ``NO_VALUE`` for an enabled entry without a value).
* One odd value never fails the vehicle: it is logged once (key and field only, never
  the value) and left out (``None``). Unknown enum values are kept as raw strings.
* ``raw`` keeps the JSON as received for diagnostics. It may hold the pairing code and
  the location: redact it before showing it anywhere. It is left out of ``repr``.

Climate zone and tyre keys are snake_case: ``front_left``, ``front_right``, ``rear_left``,
``rear_right``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
import json
import logging
import math
from types import MappingProxyType
from typing import Any, Final

_LOGGER = logging.getLogger(__name__)

KELVIN: Final = 273.15
_LOGGED: set[tuple[str, str]] = set()
_EMPTY: Mapping[str, Any] = MappingProxyType({})

OPENINGS: Final = (
    "DOOR_FRONT_LEFT",
    "DOOR_FRONT_RIGHT",
    "DOOR_REAR_LEFT",
    "DOOR_REAR_RIGHT",
    "LID_FRONT",
    "LID_REAR",
    "SUNROOF",
    "SUNROOF_REAR",
    "TOP",
    "SPOILER",
    "SERVICE_FLAP",
    "WINDOW_FRONT_LEFT",
    "WINDOW_FRONT_RIGHT",
    "WINDOW_REAR_LEFT",
    "WINDOW_REAR_RIGHT",
    "CHARGE_FLAP_LEFT",
    "CHARGE_FLAP_RIGHT",
)

ALL_MEASUREMENTS: Final = (
    "ALARM_STATE",
    "BATTERY_CONDITION",
    "BATTERY_LEVEL",
    "BEM_LEVEL",
    "CHARGING_PROFILES",
    "CHARGING_RATE",
    "CHARGING_SESSION",
    "CHARGING_SETTINGS",
    "CHARGING_SUMMARY",
    "CLIMATIZER_STATE",
    "CONNECT_CONTRACT",
    "DEPARTURES",
    "DIRECT_CHARGING",
    "E_RANGE",
    "FUEL_LEVEL",
    "FUEL_RESERVE",
    "GLOBAL_PRIVACY_MODE",
    "GLOBAL_TIMESTAMP",
    "GPS_LOCATION",
    "HVAC_SUMMARY",
    "INTERMEDIATE_SERVICE_RANGE",
    "INTERMEDIATE_SERVICE_TIME",
    "LOCK_STATE_VEHICLE",
    "MAIN_SERVICE_RANGE",
    "MAIN_SERVICE_TIME",
    "MILEAGE",
    "OIL_LEVEL_CURRENT",
    "OIL_LEVEL_MAX",
    "OIL_LEVEL_MIN_WARNING",
    "OIL_SERVICE_RANGE",
    "OIL_SERVICE_TIME",
    *(f"OPEN_STATE_{name}" for name in OPENINGS),
    "PARKING_BRAKE",
    "PARKING_LIGHT",
    "RANGE",
    "REMOTE_ACCESS_AUTHORIZATION",
    "SERVICE_PREDICTIONS",
    "THEFT_STATE",
    "TIMERS",
    "TIMEZONE",
    "TIRE_PRESSURE",
    "TIRE_PRESSURE_FRONT_LEFT",
    "TIRE_PRESSURE_FRONT_RIGHT",
    "TIRE_PRESSURE_REAR_LEFT",
    "TIRE_PRESSURE_REAR_RIGHT",
)
"""Every measurement of a stored-overview poll (old and new names; no trips, no pairing
code: the pairing code is a secret the integration has no use for)."""

TRIP_MEASUREMENT: Final = "TRIP_STATISTICS_CYCLIC"

ALL_COMMANDS: Final = (
    "HONK_FLASH",
    "LOCK",
    "UNLOCK",
    "SPIN_CHALLENGE",
    "REMOTE_CLIMATIZER_START",
    "REMOTE_CLIMATIZER_STOP",
    "DIRECT_CHARGING_START",
    "DIRECT_CHARGING_STOP",
    "CHARGING_SETTINGS_EDIT",
    "CHARGING_PROFILES_EDIT",
    "TIMERS_EDIT",
    "DEPARTURES_EDIT",
    "TIMERS_DISABLE",
    "REMOTE_HEATING_START",
    "REMOTE_HEATING_STOP",
    "REMOTE_ACV_START",
    "REMOTE_ACV_STOP",
    "CHARGING_START",
    "CHARGING_STOP",
    "TRUNK_UNLOCK",
    "WINDOWS_SUNROOF_OPEN",
    "WINDOWS_SUNROOF_CLOSE",
    "WINDOWS_SUNROOF_VENT",
)
"""Every command key the reference names (for ``cf=`` capability requests)."""

_PLUGGED_STATES = frozenset({"CONNECTED", "PLUGGED", "LOCKED", "PLUGGED_LOCKED"})
_UNPLUGGED_STATES = frozenset(
    {"DISCONNECTED", "UNPLUGGED", "NOT_PLUGGED", "NOT_CONNECTED"}
)
_PLUGGED_CHARGING = frozenset(
    {
        "CHARGING",
        "CHARGING_COMPLETED",
        "CHARGING_PAUSED",
        "INITIALISING",
        "INSTANT_CHARGING",
        "CHARGING_ERROR",
    }
)
_ZONES: Final = {
    "frontLeft": "front_left",
    "frontRight": "front_right",
    "rearLeft": "rear_left",
    "rearRight": "rear_right",
}
_TYRE_KEYS: Final = {
    "TIRE_PRESSURE_FRONT_LEFT": "front_left",
    "TIRE_PRESSURE_FRONT_RIGHT": "front_right",
    "TIRE_PRESSURE_REAR_LEFT": "rear_left",
    "TIRE_PRESSURE_REAR_RIGHT": "rear_right",
}
_LEGACY_TYRES: Final = {
    "frontLeftTire": "front_left",
    "frontRightTire": "front_right",
    "rearLeftTire": "rear_left",
    "rearRightTire": "rear_right",
}


def _odd(where: str, what: str) -> None:
    """Log an unexpected value once per (where, what); never the value itself."""
    marker = (where, what)
    if marker in _LOGGED:
        return
    if len(_LOGGED) < 4096:
        _LOGGED.add(marker)
    _LOGGER.warning("Porsche Connect: ignoring an unexpected %s in %s", what, where)


def _int(value: Any, where: str, what: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool):
        _odd(where, what)
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            pass
    _odd(where, what)
    return None


def _float(value: Any, where: str, what: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
        if math.isfinite(number):
            return number
    elif isinstance(value, str):
        try:
            return _float(float(value.strip()), where, what)
        except ValueError:
            pass
    _odd(where, what)
    return None


def _bool(value: Any, where: str, what: str) -> bool | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    _odd(where, what)
    return None


def _str(value: Any, where: str, what: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    _odd(where, what)
    return None


def _time(value: Any, where: str, what: str) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            pass
        else:
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    _odd(where, what)
    return None


def _celsius(kelvin: Any, where: str, what: str) -> float | None:
    value = _float(kelvin, where, what)
    return None if value is None else round(value - KELVIN, 2)


def _map(value: Any, where: str, what: str) -> Mapping[str, Any] | None:
    if value is None:
        return None
    if isinstance(value, Mapping):
        return value
    _odd(where, what)
    return None


def _dict_list(value: Any, where: str) -> tuple[Mapping[str, Any], ...] | None:
    """Return the list of dicts in a ``{"list": [...]}`` value (or a bare list)."""
    items: Any = value
    if isinstance(value, Mapping):
        items = next(
            (
                value[name]
                for name in ("list", "timers", "departures", "profiles")
                if isinstance(value.get(name), list)
            ),
            None,
        )
    if not isinstance(items, list):
        _odd(where, "list")
        return None
    result = []
    for item in items:
        if isinstance(item, Mapping):
            result.append(MappingProxyType(dict(item)))
        else:
            _odd(where, "list entry")
    return tuple(result)


def _frozen(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(value)) if value else _EMPTY


@dataclass(frozen=True, slots=True)
class Vehicle:
    """A car of the account (vehicle list entry, or an overview's top level)."""

    vin: str
    model_name: str
    custom_name: str | None = None
    model_code: str | None = None
    model_year: int | None = None
    engine: str | None = None
    connected: bool = True
    color_name: str | None = None
    raw: Mapping[str, Any] = field(default=_EMPTY, repr=False, compare=False)

    @property
    def name(self) -> str:
        """The owner's name for the car, else its model name."""
        return self.custom_name or self.model_name

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Vehicle:
        """Parse a vehicle; only ``vin`` is required.

        Raises:
            ValueError: ``data`` has no VIN.
        """
        vin = data.get("vin")
        if not isinstance(vin, str) or not vin:
            raise ValueError("vehicle without a VIN")
        model_type = _map(data.get("modelType"), "vehicle", "modelType") or _EMPTY
        model_name = _str(data.get("modelName"), "vehicle", "modelName")
        custom = _str(data.get("customName"), "vehicle", "customName")
        connected = _bool(data.get("connect"), "vehicle", "connect")
        return cls(
            vin=vin,
            model_name=model_name
            or _str(model_type.get("model"), "vehicle", "model")
            or "Porsche",
            custom_name=custom.strip() or None if custom else None,
            model_code=_str(model_type.get("code"), "vehicle", "modelType.code"),
            model_year=_int(model_type.get("year"), "vehicle", "modelType.year"),
            engine=_str(model_type.get("engine"), "vehicle", "modelType.engine"),
            connected=True if connected is None else connected,
            color_name=_str(data.get("exteriorColorName"), "vehicle", "color"),
            raw=data,
        )


@dataclass(frozen=True, slots=True)
class CommandCapability:
    """Whether a command can be sent, and its metadata (e.g. a temperature range)."""

    key: str
    enabled: bool
    cause: str | None = None
    metadata: Mapping[str, Any] = field(default=_EMPTY)


def _commands(data: Any) -> Mapping[str, CommandCapability]:
    if data is None:
        return _EMPTY
    if not isinstance(data, list):
        _odd("commands", "list")
        return _EMPTY
    result: dict[str, CommandCapability] = {}
    for entry in data:
        if not isinstance(entry, Mapping) or not isinstance(entry.get("key"), str):
            _odd("commands", "entry")
            continue
        key = entry["key"]
        status = _map(entry.get("status"), key, "status") or _EMPTY
        enabled = _bool(status.get("isEnabled"), key, "isEnabled")
        result[key] = CommandCapability(
            key=key,
            enabled=bool(enabled),
            cause=_str(status.get("cause"), key, "cause"),
            metadata=_frozen(_map(entry.get("metadata"), key, "metadata")),
        )
    return MappingProxyType(result)


@dataclass(frozen=True, slots=True)
class ChargingSummary:
    """``CHARGING_SUMMARY``: what the charger does now."""

    status: str | None
    mode: str | None = None
    target_soc: int | None = None
    target_time: datetime | None = None
    charge_type: str | None = None
    plug_state: str | None = None
    plugged_in: bool | None = None
    active_profile_id: int | None = None
    min_soc: int | None = None


@dataclass(frozen=True, slots=True)
class ChargingRate:
    """``CHARGING_RATE``: speed of the current charge."""

    km_per_minute: float | None = None
    power_kw: float | None = None
    max_power_kw: float | None = None


@dataclass(frozen=True, slots=True)
class ChargingProfile:
    """One entry of ``CHARGING_PROFILES``; ``raw`` is the entry as received."""

    id: int
    name: str | None = None
    enabled: bool | None = None
    min_soc: int | None = None
    target_soc: int | None = None
    raw: Mapping[str, Any] = field(default=_EMPTY, repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class ChargingProfiles:
    """``CHARGING_PROFILES`` with the active profile's id."""

    profiles: tuple[ChargingProfile, ...] = ()
    active_id: int | None = None

    def get(self, profile_id: int) -> ChargingProfile | None:
        """Return the profile with ``profile_id``, or ``None``."""
        return next((p for p in self.profiles if p.id == profile_id), None)

    @property
    def active(self) -> ChargingProfile | None:
        """The active profile, if known."""
        return None if self.active_id is None else self.get(self.active_id)


@dataclass(frozen=True, slots=True)
class Climate:
    """Climatisation, from ``HVAC_SUMMARY`` (2026) or ``CLIMATIZER_STATE`` (older)."""

    on: bool
    status: str
    target_celsius: float | None = None
    remaining_minutes: int | None = None
    zones: Mapping[str, bool] = field(default=_EMPTY)


@dataclass(frozen=True, slots=True)
class Position:
    """``GPS_LOCATION``: where the car was parked (a precise location: a secret)."""

    latitude: float
    longitude: float
    heading: float | None = None
    updated_at: datetime | None = None

    def __repr__(self) -> str:
        """Hide the coordinates."""
        return f"Position(<redacted>, updated_at={self.updated_at!r})"


@dataclass(frozen=True, slots=True)
class Tyre:
    """One tyre's pressure and its difference to the target, in bar."""

    pressure_bar: float | None = None
    difference_bar: float | None = None


@dataclass(frozen=True, slots=True)
class ServiceIntervals:
    """Distance and time to the next services (negative = overdue)."""

    main_km: int | None = None
    main_days: int | None = None
    oil_km: int | None = None
    oil_days: int | None = None
    intermediate_km: int | None = None
    intermediate_days: int | None = None


@dataclass(frozen=True, slots=True)
class Overview:
    """The stored (or current) overview of one car, every field optional."""

    vin: str
    vehicle: Vehicle
    available_keys: frozenset[str] = frozenset()
    unavailable: Mapping[str, str] = field(default=_EMPTY)
    battery_level: int | None = None
    electric_range_km: float | None = None
    total_range_km: float | None = None
    mileage_km: float | None = None
    fuel_level: float | None = None
    fuel_reserve: float | None = None
    charging: ChargingSummary | None = None
    charging_rate: ChargingRate | None = None
    charging_profiles: ChargingProfiles | None = None
    charging_settings_target_soc: int | None = None
    direct_charging: bool | None = None
    climate: Climate | None = None
    openings: Mapping[str, bool] = field(default=_EMPTY)
    locked: bool | None = None
    parking_brake: bool | None = None
    parking_light: bool | None = None
    privacy_mode: bool | None = None
    remote_access: bool | None = None
    position: Position | None = None
    tyres: Mapping[str, Tyre] = field(default=_EMPTY)
    service: ServiceIntervals = field(default_factory=ServiceIntervals)
    oil_level: float | None = None
    data_updated_at: datetime | None = None
    timers: tuple[Mapping[str, Any], ...] | None = None
    departures: tuple[Mapping[str, Any], ...] | None = None
    commands: Mapping[str, CommandCapability] = field(default=_EMPTY)
    raw: Mapping[str, Any] = field(default=_EMPTY, repr=False, compare=False)

    def available(self, key: str) -> bool:
        """Whether measurement ``key`` was enabled and carried a value."""
        return key in self.available_keys

    def value(self, key: str) -> Mapping[str, Any] | None:
        """The raw ``value`` of an available measurement (for keys not modelled)."""
        if key not in self.available_keys:
            return None
        for entry in self.raw.get("measurements") or ():
            if isinstance(entry, Mapping) and entry.get("key") == key:
                value = entry.get("value")
                return value if isinstance(value, Mapping) else None
        return None  # pragma: no cover - available_keys comes from the same list

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Overview:
        """Parse an overview leniently (see the module docstring).

        Raises:
            ValueError: ``data`` is not an object with a VIN.
        """
        return _parse_overview(data)


def _measurements(
    data: Any,
) -> tuple[dict[str, Mapping[str, Any]], dict[str, str]]:
    values: dict[str, Mapping[str, Any]] = {}
    unavailable: dict[str, str] = {}
    if data is None:
        return values, unavailable
    if not isinstance(data, list):
        _odd("measurements", "list")
        return values, unavailable
    for entry in data:
        if not isinstance(entry, Mapping) or not isinstance(entry.get("key"), str):
            _odd("measurements", "entry")
            continue
        key = entry["key"]
        status = entry.get("status")
        status = status if isinstance(status, Mapping) else _EMPTY
        value = entry.get("value")
        if status.get("isEnabled") is False:
            cause = status.get("cause")
            unavailable[key] = cause if isinstance(cause, str) and cause else "UNKNOWN"
            values.pop(key, None)
        elif isinstance(value, Mapping):
            values[key] = value
            unavailable.pop(key, None)
        else:
            if value is not None:
                _odd(key, "value")
            unavailable[key] = "NO_VALUE"
    return values, unavailable


def _plugged(plug_state: str | None, status: str | None) -> bool | None:
    if plug_state:
        upper = plug_state.upper()
        if upper in _PLUGGED_STATES:
            return True
        if upper in _UNPLUGGED_STATES:
            return False
    if status == "NOT_PLUGGED":
        return False
    if status in _PLUGGED_CHARGING:
        return True
    return None


def _charging(value: Mapping[str, Any] | None) -> ChargingSummary | None:
    if value is None:
        return None
    w = "CHARGING_SUMMARY"
    status = _str(value.get("status"), w, "status")
    plug_state = _str(value.get("plugState"), w, "plugState")
    profile = _map(value.get("chargingProfile"), w, "chargingProfile") or _EMPTY
    target_soc = value.get("targetSoC", value.get("targetSoc"))
    min_soc = profile.get("minSoC", profile.get("minSoc"))
    return ChargingSummary(
        status=status,
        mode=_str(value.get("mode"), w, "mode"),
        target_soc=_int(target_soc, w, "targetSoC"),
        target_time=_time(
            value.get("targetDateTimeWithOffset", value.get("targetDateTime")),
            w,
            "targetDateTime",
        ),
        charge_type=_str(value.get("type"), w, "type"),
        plug_state=plug_state,
        plugged_in=_plugged(plug_state, status),
        active_profile_id=_int(profile.get("id"), w, "chargingProfile.id"),
        min_soc=_int(min_soc, w, "chargingProfile.minSoC"),
    )


def _rate(value: Mapping[str, Any] | None) -> ChargingRate | None:
    if value is None:
        return None
    w = "CHARGING_RATE"
    power = _float(value.get("chargingPowerkW"), w, "chargingPowerkW")
    if power is None:
        power = _float(value.get("chargingPower"), w, "chargingPower")
    return ChargingRate(
        km_per_minute=_float(value.get("chargingRate"), w, "chargingRate"),
        power_kw=power,
        max_power_kw=_float(value.get("maxChargingPowerkW"), w, "maxChargingPowerkW"),
    )


def _profiles(
    value: Mapping[str, Any] | None, summary: ChargingSummary | None
) -> ChargingProfiles | None:
    if value is None:
        return None
    w = "CHARGING_PROFILES"
    entries = _dict_list(value, w)
    if entries is None:
        return None
    profiles = []
    for entry in entries:
        profile_id = _int(entry.get("id"), w, "id")
        if profile_id is None:
            continue
        profiles.append(
            ChargingProfile(
                id=profile_id,
                name=_str(entry.get("name"), w, "name"),
                enabled=_bool(entry.get("isEnabled", entry.get("enabled")), w, "on"),
                min_soc=_int(entry.get("minSoc", entry.get("minSoC")), w, "minSoc"),
                target_soc=_int(
                    entry.get("targetSoc", entry.get("targetSoC")), w, "targetSoc"
                ),
                raw=entry,
            )
        )
    active = summary.active_profile_id if summary else None
    if active is None:
        active = _int(value.get("currentProfileId"), w, "currentProfileId")
    return ChargingProfiles(profiles=tuple(profiles), active_id=active)


def _zones(value: Any, where: str) -> Mapping[str, bool]:
    zones = _map(value, where, "climateZonesEnabled")
    if not zones:
        return _EMPTY
    result = {}
    for api_name, flag in zones.items():
        on = _bool(flag, where, "climateZonesEnabled")
        if on is not None:
            result[_ZONES.get(api_name, api_name)] = on
    return MappingProxyType(result)


def _climate(
    hvac: Mapping[str, Any] | None, legacy: Mapping[str, Any] | None
) -> Climate | None:
    if hvac is not None:
        w = "HVAC_SUMMARY"
        status = _str(hvac.get("status"), w, "status")
        if status:
            return Climate(
                on=status.upper() != "OFF",
                status=status,
                target_celsius=_celsius(hvac.get("targetTemperature"), w, "target"),
                remaining_minutes=_int(hvac.get("remainingTime"), w, "remainingTime"),
                zones=_zones(hvac.get("climateZonesEnabled"), w),
            )
    if legacy is not None:
        w = "CLIMATIZER_STATE"
        on = _bool(legacy.get("isOn"), w, "isOn")
        if on is not None:
            return Climate(
                on=on,
                status="ON" if on else "OFF",
                target_celsius=_celsius(legacy.get("targetTemperature"), w, "target"),
                remaining_minutes=_int(legacy.get("remainingTime"), w, "remainingTime"),
                zones=_zones(legacy.get("climateZonesEnabled"), w),
            )
    return None


def _position(value: Mapping[str, Any] | None) -> Position | None:
    if value is None:
        return None
    w = "GPS_LOCATION"
    location = value.get("location")
    lat = lon = None
    if isinstance(location, str) and location.count(",") == 1:
        first, second = location.split(",")
        lat = _float(first, w, "location")
        lon = _float(second, w, "location")
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        _odd(w, "location")
        return None
    return Position(
        latitude=lat,
        longitude=lon,
        heading=_float(value.get("direction"), w, "direction"),
        updated_at=_time(value.get("lastModified"), w, "lastModified"),
    )


def _tyre(value: Any, where: str) -> Tyre | None:
    data = _map(value, where, "tyre")
    if data is None:
        return None
    tyre = Tyre(
        pressure_bar=_float(data.get("actualPressureBar"), where, "actualPressureBar"),
        difference_bar=_float(data.get("differenceBar"), where, "differenceBar"),
    )
    if tyre.pressure_bar is None and tyre.difference_bar is None:
        return None
    return tyre


def _tyres(values: Mapping[str, Mapping[str, Any]]) -> Mapping[str, Tyre]:
    result: dict[str, Tyre] = {}
    for key, corner in _TYRE_KEYS.items():
        if key in values and (tyre := _tyre(values[key], key)) is not None:
            result[corner] = tyre
    legacy = values.get("TIRE_PRESSURE")
    if legacy is not None:
        for name, corner in _LEGACY_TYRES.items():
            if corner not in result and (
                tyre := _tyre(legacy.get(name), "TIRE_PRESSURE")
            ):
                result[corner] = tyre
    return MappingProxyType(result) if result else _EMPTY


def _oil_level(value: Mapping[str, Any] | None) -> float | None:
    if value is None:
        return None
    for name in ("percent", "value", "level", "liters", "litres"):
        if name in value:
            return _float(value[name], "OIL_LEVEL_CURRENT", name)
    _odd("OIL_LEVEL_CURRENT", "shape")
    return None


def _parse_overview(data: Mapping[str, Any]) -> Overview:
    if not isinstance(data, Mapping):
        raise TypeError("overview is not an object")
    vehicle = Vehicle.from_json(data)
    values, unavailable = _measurements(data.get("measurements"))

    def num(key: str, name: str) -> float | None:
        value = values.get(key)
        return None if value is None else _float(value.get(name), key, name)

    def whole(key: str, name: str) -> int | None:
        value = values.get(key)
        return None if value is None else _int(value.get(name), key, name)

    def flag(key: str, name: str) -> bool | None:
        value = values.get(key)
        return None if value is None else _bool(value.get(name), key, name)

    openings: dict[str, bool] = {}
    for name in OPENINGS:
        is_open = flag(f"OPEN_STATE_{name}", "isOpen")
        if is_open is not None:
            openings[name.lower()] = is_open
    summary = _charging(values.get("CHARGING_SUMMARY"))
    timestamp = values.get("GLOBAL_TIMESTAMP")
    updated = (
        _time(timestamp.get("timestamp"), "GLOBAL_TIMESTAMP", "timestamp")
        if timestamp is not None
        else None
    ) or _time(data.get("timestamp"), "vehicle", "timestamp")
    timers = values.get("TIMERS")
    departures = values.get("DEPARTURES")
    settings_soc = values.get("CHARGING_SETTINGS")
    return Overview(
        vin=vehicle.vin,
        vehicle=vehicle,
        available_keys=frozenset(values),
        unavailable=MappingProxyType(unavailable) if unavailable else _EMPTY,
        battery_level=whole("BATTERY_LEVEL", "percent"),
        electric_range_km=num("E_RANGE", "kilometers"),
        total_range_km=num("RANGE", "kilometers"),
        mileage_km=num("MILEAGE", "kilometers"),
        fuel_level=num("FUEL_LEVEL", "percent"),
        fuel_reserve=num("FUEL_RESERVE", "percent"),
        charging=summary,
        charging_rate=_rate(values.get("CHARGING_RATE")),
        charging_profiles=_profiles(values.get("CHARGING_PROFILES"), summary),
        charging_settings_target_soc=None
        if settings_soc is None
        else _int(
            settings_soc.get("targetSoc", settings_soc.get("targetSoC")),
            "CHARGING_SETTINGS",
            "targetSoc",
        ),
        direct_charging=flag("DIRECT_CHARGING", "isActive"),
        climate=_climate(values.get("HVAC_SUMMARY"), values.get("CLIMATIZER_STATE")),
        openings=MappingProxyType(openings) if openings else _EMPTY,
        locked=flag("LOCK_STATE_VEHICLE", "isLocked"),
        parking_brake=flag("PARKING_BRAKE", "isOn"),
        parking_light=flag("PARKING_LIGHT", "isOn"),
        privacy_mode=flag("GLOBAL_PRIVACY_MODE", "isEnabled"),
        remote_access=flag("REMOTE_ACCESS_AUTHORIZATION", "isEnabled"),
        position=_position(values.get("GPS_LOCATION")),
        tyres=_tyres(values),
        service=ServiceIntervals(
            main_km=whole("MAIN_SERVICE_RANGE", "kilometers"),
            main_days=whole("MAIN_SERVICE_TIME", "days"),
            oil_km=whole("OIL_SERVICE_RANGE", "kilometers"),
            oil_days=whole("OIL_SERVICE_TIME", "days"),
            intermediate_km=whole("INTERMEDIATE_SERVICE_RANGE", "kilometers"),
            intermediate_days=whole("INTERMEDIATE_SERVICE_TIME", "days"),
        ),
        oil_level=_oil_level(values.get("OIL_LEVEL_CURRENT")),
        data_updated_at=updated,
        timers=None if timers is None else _dict_list(timers, "TIMERS"),
        departures=None if departures is None else _dict_list(departures, "DEPARTURES"),
        commands=_commands(data.get("commands")),
        raw=data,
    )


@dataclass(frozen=True, slots=True)
class Capabilities:
    """Which commands a car accepts, from an overview with ``cf=``."""

    commands: Mapping[str, CommandCapability] = field(default=_EMPTY)
    climatisation_min_celsius: float | None = None
    climatisation_max_celsius: float | None = None
    vehicle: Vehicle | None = None
    raw: Mapping[str, Any] = field(default=_EMPTY, repr=False, compare=False)

    def enabled(self, key: str) -> bool:
        """Whether command ``key`` is offered and enabled."""
        command = self.commands.get(key)
        return command is not None and command.enabled

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Capabilities:
        """Parse the ``commands`` of an overview."""
        if not isinstance(data, Mapping):
            raise TypeError("capabilities are not an object")
        commands = _commands(data.get("commands"))
        climate = commands.get("REMOTE_CLIMATIZER_START")
        meta = climate.metadata if climate else _EMPTY
        w = "REMOTE_CLIMATIZER_START"
        try:
            vehicle: Vehicle | None = Vehicle.from_json(data)
        except ValueError:
            vehicle = None
        return cls(
            commands=commands,
            climatisation_min_celsius=_celsius(meta.get("minTemperature"), w, "min"),
            climatisation_max_celsius=_celsius(meta.get("maxTemperature"), w, "max"),
            vehicle=vehicle,
            raw=data,
        )


@dataclass(frozen=True, slots=True)
class Picture:
    """A rendering of the car (``frontView``, ``sideView``…)."""

    view: str
    url: str
    size: int | None = None

    @classmethod
    def list_from_json(cls, data: Any) -> list[Picture]:
        """Parse the pictures list, skipping odd entries."""
        if not isinstance(data, list):
            _odd("pictures", "list")
            return []
        result = []
        for entry in data:
            if (
                isinstance(entry, Mapping)
                and isinstance(entry.get("view"), str)
                and isinstance(entry.get("url"), str)
            ):
                result.append(
                    cls(
                        view=entry["view"],
                        url=entry["url"],
                        size=_int(entry.get("size"), "pictures", "size"),
                    )
                )
            else:
                _odd("pictures", "entry")
        return result


def _nested(entry: Mapping[str, Any], flat: str, outer: str, inner: str) -> Any:
    if flat in entry:
        return entry[flat]
    nested = entry.get(outer)
    return nested.get(inner) if isinstance(nested, Mapping) else None


@dataclass(frozen=True, slots=True)
class Trip:
    """One trip of ``TRIP_STATISTICS_CYCLIC`` (field names merged across firmwares)."""

    distance_km: float | None = None
    avg_kwh_per_100km: float | None = None
    driving_minutes: float | None = None
    avg_speed_kmh: float | None = None
    ended_at: datetime | None = None
    raw: Mapping[str, Any] = field(default=_EMPTY, repr=False, compare=False)

    @classmethod
    def from_json(cls, entry: Mapping[str, Any]) -> Trip:
        """Parse one trip leniently."""
        w = "TRIP_STATISTICS"
        return cls(
            distance_km=_float(
                _nested(entry, "distanceKm", "tripMileage", "valueInKilometers"),
                w,
                "distance",
            ),
            avg_kwh_per_100km=_float(
                _nested(
                    entry,
                    "avgKwhPerHundredKm",
                    "averageElectricEngineConsumption",
                    "valueKwhPer100Km",
                ),
                w,
                "consumption",
            ),
            driving_minutes=_float(
                entry.get("drivingTimeMinutes", entry.get("travelTime")), w, "time"
            ),
            avg_speed_kmh=_float(
                _nested(entry, "avgSpeedKmh", "averageSpeed", "valueInKmh"), w, "speed"
            ),
            ended_at=_time(
                entry.get("tripEndTime", entry.get("endTime")), w, "tripEndTime"
            ),
            raw=entry,
        )

    @classmethod
    def list_from_overview(cls, data: Mapping[str, Any]) -> list[Trip]:
        """Parse the trips of an overview requested with ``mf=TRIP_STATISTICS_*``."""
        values, _unavailable = _measurements(data.get("measurements"))
        trips: list[Trip] = []
        for key in (TRIP_MEASUREMENT, *sorted(values)):
            if key.startswith("TRIP_STATISTICS") and key in values:
                entries = _dict_list(values[key], key) or ()
                trips.extend(cls.from_json(entry) for entry in entries)
                break
        return trips


@dataclass(frozen=True, slots=True)
class PendingCommand:
    """A command the API accepted (201) and that can be polled.

    ``result`` and ``challenge`` (a refinement) come from the command response: the
    S-PIN challenge may already be there.
    """

    vin: str
    key: str
    id: str
    result: str = "ACCEPTED"
    challenge: str | None = None


def find_challenge(data: Any) -> str | None:
    """Find an S-PIN challenge in a command answer or status.

    Looked for in ``data.challenge``, ``challenge``, ``status.challenge`` and
    ``status.details.challenge``.
    """
    if not isinstance(data, Mapping):
        return None
    candidates = (
        ("data", "challenge"),
        ("challenge",),
        ("status", "challenge"),
        ("status", "details", "challenge"),
        ("details", "challenge"),
    )
    for path in candidates:
        value: Any = data
        for name in path:
            value = value.get(name) if isinstance(value, Mapping) else None
        if isinstance(value, str) and value:
            return value
    return None


def _details(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        code = next(
            (
                str(value[name])
                for name in ("code", "errorCode", "error")
                if isinstance(value.get(name), str) and value[name]
            ),
            None,
        )
        text = next(
            (
                str(value[name])
                for name in ("message", "reason", "description")
                if isinstance(value.get(name), str) and value[name]
            ),
            None,
        )
        if code or text:
            return ": ".join(part for part in (code, text) if part)
        rest = {k: v for k, v in value.items() if k not in ("challenge", "hash")}
        return json.dumps(rest, sort_keys=True, default=str) if rest else None
    if isinstance(value, list):
        parts = [part for item in value if (part := _details(item))]
        return "; ".join(parts) or None
    return str(value)


@dataclass(frozen=True, slots=True)
class CommandStatus:
    """The state of a command: ``ACCEPTED``, ``PERFORMED``, ``ERROR`` or another."""

    result: str
    details: str | None = None
    challenge: str | None = None

    @property
    def done(self) -> bool:
        """Whether the command finished (performed or failed)."""
        return self.result in ("PERFORMED", "ERROR")

    @classmethod
    def from_json(cls, data: Any) -> CommandStatus:
        """Parse ``{"status": {"result": …, "details": …}}``.

        Raises:
            ValueError: There is no result.
        """
        status = data.get("status") if isinstance(data, Mapping) else None
        result = status.get("result") if isinstance(status, Mapping) else None
        if not isinstance(result, str) or not result:
            raise ValueError("command status without a result")
        assert isinstance(status, Mapping)
        return cls(
            result=result.upper(),
            details=_details(status.get("details")),
            challenge=find_challenge(data),
        )


def parse_vehicles(data: Any) -> list[Vehicle]:
    """Parse the vehicle list, skipping entries without a VIN."""
    if not isinstance(data, list):
        raise TypeError("vehicle list is not a list")
    vehicles = []
    for entry in data:
        if not isinstance(entry, Mapping):
            _odd("vehicles", "entry")
            continue
        try:
            vehicles.append(Vehicle.from_json(entry))
        except ValueError:
            _odd("vehicles", "entry without a VIN")
    return vehicles


def measurement_params(keys: Iterable[str], name: str = "mf") -> list[tuple[str, str]]:
    """Return ``[(name, key), …]`` without duplicates, order kept."""
    return [(name, key) for key in dict.fromkeys(keys)]
