"""The overview of one car: typed, frozen, parsed leniently from the API's JSON.

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

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any

from .keys import OPENINGS
from .parts import (
    ChargingProfiles,
    ChargingRate,
    ChargingSummary,
    Climate,
    Position,
    ServiceIntervals,
    Tyre,
    parse_charging,
    parse_climate,
    parse_oil_level,
    parse_position,
    parse_profiles,
    parse_rate,
    parse_tyres,
)
from .values import (
    EMPTY,
    read_bool,
    read_dict_list,
    read_float,
    read_int,
    read_time,
    split_measurements,
)
from .vehicle import CommandCapability, Vehicle, parse_commands


@dataclass(frozen=True, slots=True)
class Overview:
    """The stored (or current) overview of one car, every field optional."""

    vin: str
    vehicle: Vehicle
    available_keys: frozenset[str] = frozenset()
    unavailable: Mapping[str, str] = field(default=EMPTY)
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
    openings: Mapping[str, bool] = field(default=EMPTY)
    locked: bool | None = None
    parking_brake: bool | None = None
    parking_light: bool | None = None
    privacy_mode: bool | None = None
    remote_access: bool | None = None
    position: Position | None = None
    tyres: Mapping[str, Tyre] = field(default=EMPTY)
    service: ServiceIntervals = field(default_factory=ServiceIntervals)
    oil_level: float | None = None
    data_updated_at: datetime | None = None
    timers: tuple[Mapping[str, Any], ...] | None = None
    departures: tuple[Mapping[str, Any], ...] | None = None
    commands: Mapping[str, CommandCapability] = field(default=EMPTY)
    raw: Mapping[str, Any] = field(default=EMPTY, repr=False, compare=False)

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


def _parse_overview(data: Mapping[str, Any]) -> Overview:
    if not isinstance(data, Mapping):
        raise TypeError("overview is not an object")
    vehicle = Vehicle.from_json(data)
    values, unavailable = split_measurements(data.get("measurements"))

    def num(key: str, name: str) -> float | None:
        value = values.get(key)
        return None if value is None else read_float(value.get(name), key, name)

    def whole(key: str, name: str) -> int | None:
        value = values.get(key)
        return None if value is None else read_int(value.get(name), key, name)

    def flag(key: str, name: str) -> bool | None:
        value = values.get(key)
        return None if value is None else read_bool(value.get(name), key, name)

    openings: dict[str, bool] = {}
    for name in OPENINGS:
        is_open = flag(f"OPEN_STATE_{name}", "isOpen")
        if is_open is not None:
            openings[name.lower()] = is_open
    summary = parse_charging(values.get("CHARGING_SUMMARY"))
    timestamp = values.get("GLOBAL_TIMESTAMP")
    updated = (
        read_time(timestamp.get("timestamp"), "GLOBAL_TIMESTAMP", "timestamp")
        if timestamp is not None
        else None
    ) or read_time(data.get("timestamp"), "vehicle", "timestamp")
    timers = values.get("TIMERS")
    departures = values.get("DEPARTURES")
    settings_soc = values.get("CHARGING_SETTINGS")
    return Overview(
        vin=vehicle.vin,
        vehicle=vehicle,
        available_keys=frozenset(values),
        unavailable=MappingProxyType(unavailable) if unavailable else EMPTY,
        battery_level=whole("BATTERY_LEVEL", "percent"),
        electric_range_km=num("E_RANGE", "kilometers"),
        total_range_km=num("RANGE", "kilometers"),
        mileage_km=num("MILEAGE", "kilometers"),
        fuel_level=num("FUEL_LEVEL", "percent"),
        fuel_reserve=num("FUEL_RESERVE", "percent"),
        charging=summary,
        charging_rate=parse_rate(values.get("CHARGING_RATE")),
        charging_profiles=parse_profiles(values.get("CHARGING_PROFILES"), summary),
        charging_settings_target_soc=None
        if settings_soc is None
        else read_int(
            settings_soc.get("targetSoc", settings_soc.get("targetSoC")),
            "CHARGING_SETTINGS",
            "targetSoc",
        ),
        direct_charging=flag("DIRECT_CHARGING", "isActive"),
        climate=parse_climate(
            values.get("HVAC_SUMMARY"), values.get("CLIMATIZER_STATE")
        ),
        openings=MappingProxyType(openings) if openings else EMPTY,
        locked=flag("LOCK_STATE_VEHICLE", "isLocked"),
        parking_brake=flag("PARKING_BRAKE", "isOn"),
        parking_light=flag("PARKING_LIGHT", "isOn"),
        privacy_mode=flag("GLOBAL_PRIVACY_MODE", "isEnabled"),
        remote_access=flag("REMOTE_ACCESS_AUTHORIZATION", "isEnabled"),
        position=parse_position(values.get("GPS_LOCATION")),
        tyres=parse_tyres(values),
        service=ServiceIntervals(
            main_km=whole("MAIN_SERVICE_RANGE", "kilometers"),
            main_days=whole("MAIN_SERVICE_TIME", "days"),
            oil_km=whole("OIL_SERVICE_RANGE", "kilometers"),
            oil_days=whole("OIL_SERVICE_TIME", "days"),
            intermediate_km=whole("INTERMEDIATE_SERVICE_RANGE", "kilometers"),
            intermediate_days=whole("INTERMEDIATE_SERVICE_TIME", "days"),
        ),
        oil_level=parse_oil_level(values.get("OIL_LEVEL_CURRENT")),
        data_updated_at=updated,
        timers=None if timers is None else read_dict_list(timers, "TIMERS"),
        departures=None
        if departures is None
        else read_dict_list(departures, "DEPARTURES"),
        commands=parse_commands(data.get("commands")),
        raw=data,
    )
