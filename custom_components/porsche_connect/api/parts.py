"""The parts of an overview: charging, climate, position, tyres, service; and their parsers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any, Final

from .values import (
    EMPTY,
    odd,
    read_bool,
    read_celsius,
    read_dict_list,
    read_float,
    read_int,
    read_map,
    read_str,
    read_time,
)

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
    profile_name: str | None = None


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
    raw: Mapping[str, Any] = field(default=EMPTY, repr=False, compare=False)


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
    zones: Mapping[str, bool] = field(default=EMPTY)


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


def parse_charging(value: Mapping[str, Any] | None) -> ChargingSummary | None:
    """The charging summary (``CHARGING_SUMMARY``)."""
    if value is None:
        return None
    w = "CHARGING_SUMMARY"
    status = read_str(value.get("status"), w, "status")
    plug_state = read_str(value.get("plugState"), w, "plugState")
    profile = read_map(value.get("chargingProfile"), w, "chargingProfile") or EMPTY
    target_soc = value.get("targetSoC", value.get("targetSoc"))
    min_soc = profile.get("minSoC", profile.get("minSoc"))
    return ChargingSummary(
        status=status,
        mode=read_str(value.get("mode"), w, "mode"),
        target_soc=read_int(target_soc, w, "targetSoC"),
        target_time=read_time(
            value.get("targetDateTimeWithOffset", value.get("targetDateTime")),
            w,
            "targetDateTime",
        ),
        charge_type=read_str(value.get("type"), w, "type"),
        plug_state=plug_state,
        plugged_in=_plugged(plug_state, status),
        active_profile_id=read_int(profile.get("id"), w, "chargingProfile.id"),
        min_soc=read_int(min_soc, w, "chargingProfile.minSoC"),
        profile_name=read_str(
            profile.get("profileName", profile.get("name")), w, "chargingProfile.name"
        ),
    )


def parse_rate(value: Mapping[str, Any] | None) -> ChargingRate | None:
    """Charging rate and power (``CHARGING_RATE``), new key before legacy."""
    if value is None:
        return None
    w = "CHARGING_RATE"
    power = read_float(value.get("chargingPowerkW"), w, "chargingPowerkW")
    if power is None:
        power = read_float(value.get("chargingPower"), w, "chargingPower")
    return ChargingRate(
        km_per_minute=read_float(value.get("chargingRate"), w, "chargingRate"),
        power_kw=power,
        max_power_kw=read_float(
            value.get("maxChargingPowerkW"), w, "maxChargingPowerkW"
        ),
    )


def parse_profiles(
    value: Mapping[str, Any] | None, summary: ChargingSummary | None
) -> ChargingProfiles | None:
    """The charging profiles and which one is active."""
    if value is None:
        return None
    w = "CHARGING_PROFILES"
    entries = read_dict_list(value, w)
    if entries is None:
        return None
    profiles = []
    for entry in entries:
        profile_id = read_int(entry.get("id"), w, "id")
        if profile_id is None:
            continue
        profiles.append(
            ChargingProfile(
                id=profile_id,
                name=read_str(entry.get("name"), w, "name"),
                enabled=read_bool(
                    entry.get("isEnabled", entry.get("enabled")), w, "on"
                ),
                min_soc=read_int(entry.get("minSoc", entry.get("minSoC")), w, "minSoc"),
                target_soc=read_int(
                    entry.get("targetSoc", entry.get("targetSoC")), w, "targetSoc"
                ),
                raw=entry,
            )
        )
    active = summary.active_profile_id if summary else None
    if active is None:
        active = read_int(value.get("currentProfileId"), w, "currentProfileId")
    if active is None:
        active = _guess_active(profiles, summary)
    return ChargingProfiles(profiles=tuple(profiles), active_id=active)


def _guess_active(
    profiles: list[ChargingProfile], summary: ChargingSummary | None
) -> int | None:
    """The active profile when no id names it (the id fields are not in the reference).

    ``CHARGING_SUMMARY.chargingProfile`` is matched to the one entry with its name, else
    the one with its ``minSoC``; else the only enabled profile; else unknown.
    """
    hints: list[tuple[str, Any]] = []
    if summary is not None:
        hints = [("name", summary.profile_name), ("min_soc", summary.min_soc)]
    for attribute, wanted in hints:
        if wanted is not None:
            found = [p.id for p in profiles if getattr(p, attribute) == wanted]
            if len(found) == 1:
                return found[0]
    enabled = [p.id for p in profiles if p.enabled]
    return enabled[0] if len(enabled) == 1 else None


def _zones(value: Any, where: str) -> Mapping[str, bool]:
    zones = read_map(value, where, "climateZonesEnabled")
    if not zones:
        return EMPTY
    result = {}
    for api_name, flag in zones.items():
        on = read_bool(flag, where, "climateZonesEnabled")
        if on is not None:
            result[_ZONES.get(api_name, api_name)] = on
    return MappingProxyType(result)


def parse_climate(
    hvac: Mapping[str, Any] | None, legacy: Mapping[str, Any] | None
) -> Climate | None:
    """Climatisation, from ``HVAC_SUMMARY`` or the older ``CLIMATIZER_STATE``."""
    if hvac is not None:
        w = "HVAC_SUMMARY"
        status = read_str(hvac.get("status"), w, "status")
        if status:
            return Climate(
                on=status.upper() != "OFF",
                status=status,
                target_celsius=read_celsius(hvac.get("targetTemperature"), w, "target"),
                remaining_minutes=read_int(
                    hvac.get("remainingTime"), w, "remainingTime"
                ),
                zones=_zones(hvac.get("climateZonesEnabled"), w),
            )
    if legacy is not None:
        w = "CLIMATIZER_STATE"
        on = read_bool(legacy.get("isOn"), w, "isOn")
        if on is not None:
            return Climate(
                on=on,
                status="ON" if on else "OFF",
                target_celsius=read_celsius(
                    legacy.get("targetTemperature"), w, "target"
                ),
                remaining_minutes=read_int(
                    legacy.get("remainingTime"), w, "remainingTime"
                ),
                zones=_zones(legacy.get("climateZonesEnabled"), w),
            )
    return None


def parse_position(value: Mapping[str, Any] | None) -> Position | None:
    """The position (``GPS_LOCATION``): one ``"lat,lon"`` string."""
    if value is None:
        return None
    w = "GPS_LOCATION"
    location = value.get("location")
    lat = lon = None
    if isinstance(location, str) and location.count(",") == 1:
        first, second = location.split(",")
        lat = read_float(first, w, "location")
        lon = read_float(second, w, "location")
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        odd(w, "location")
        return None
    return Position(
        latitude=lat,
        longitude=lon,
        heading=read_float(value.get("direction"), w, "direction"),
        updated_at=read_time(value.get("lastModified"), w, "lastModified"),
    )


def _tyre(value: Any, where: str) -> Tyre | None:
    data = read_map(value, where, "tyre")
    if data is None:
        return None
    tyre = Tyre(
        pressure_bar=read_float(
            data.get("actualPressureBar"), where, "actualPressureBar"
        ),
        difference_bar=read_float(data.get("differenceBar"), where, "differenceBar"),
    )
    if tyre.pressure_bar is None and tyre.difference_bar is None:
        return None
    return tyre


def parse_tyres(values: Mapping[str, Mapping[str, Any]]) -> Mapping[str, Tyre]:
    """Tyre pressures: the four new keys, else the combined legacy one."""
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
    return MappingProxyType(result) if result else EMPTY


def parse_oil_level(value: Mapping[str, Any] | None) -> float | None:
    """The current oil level, whatever field carries it."""
    if value is None:
        return None
    for name in ("percent", "value", "level", "liters", "litres"):
        if name in value:
            return read_float(value[name], "OIL_LEVEL_CURRENT", name)
    odd("OIL_LEVEL_CURRENT", "shape")
    return None
