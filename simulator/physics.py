"""How a car's state moves with time: charging and climatisation.

Nothing runs in the background: :func:`advance` brings a car from its last tick to a
given moment whenever someone looks at it, so a clock jump of a week costs nothing.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from .fleet_dates import zone_of
from .state import Car


def advance(car: Car, moment: dt.datetime) -> None:
    """Bring the car's charging and climatisation up to ``moment``."""
    start = car.last_tick
    if moment <= start:
        return
    _advance_charging(car, start, moment)
    _advance_climate(car, moment)
    car.last_tick = moment


def is_plugged(car: Car) -> bool:
    """Return whether a charging cable is connected."""
    summary = car.values.get("CHARGING_SUMMARY")
    return summary is not None and summary.get("plugState") == "CONNECTED"


def direct_charging(car: Car) -> bool:
    """Return whether direct (immediate, to 100 %) charging is on."""
    return bool(car.values.get("DIRECT_CHARGING", {}).get("isActive", False))


def active_profile(car: Car) -> dict[str, Any] | None:
    """Return the active charging profile of a profile car, if any."""
    profiles = car.values.get("CHARGING_PROFILES")
    if profiles is None:
        return None
    current = profiles.get("currentProfileId")
    for profile in profiles.get("list", []):
        if isinstance(profile, dict) and profile.get("id") == current:
            return profile
    return None


def charging_target(car: Car) -> int:
    """Return the state of charge the car charges to right now."""
    if direct_charging(car):
        return 100
    profile = active_profile(car)
    if profile is not None:
        return int(profile.get("targetSoc", 100))
    settings = car.values.get("CHARGING_SETTINGS")
    if settings is not None:
        return int(settings.get("targetSoc", 100))
    return int(car.values.get("CHARGING_SUMMARY", {}).get("targetSoC", 100))


def _soc_per_second(car: Car) -> float:
    power = float(car.sim.get("chargingPowerKw", 11.0))
    capacity = float(car.sim.get("batteryCapacityKwh", 80.0))
    return power / capacity * 100.0 / 3600.0


def _charging(car: Car) -> bool:
    return (
        is_plugged(car) and not car.charging_paused and car.soc < charging_target(car)
    )


def _advance_charging(car: Car, start: dt.datetime, moment: dt.datetime) -> None:
    if "CHARGING_SUMMARY" not in car.values:
        return
    if _charging(car):
        target = charging_target(car)
        rate = _soc_per_second(car)
        elapsed = (moment - start).total_seconds()
        needed = (target - car.soc) / rate
        if elapsed >= needed:
            car.soc = float(target)
            refresh_charging(car, start + dt.timedelta(seconds=needed))
        else:
            car.soc += rate * elapsed
    refresh_charging(car, moment)


def _advance_climate(car: Car, moment: dt.datetime) -> None:
    until = car.climate_until
    if until is None:
        return
    if moment >= until:
        car.climate_until = None
        set_climate(car, on=False, moment=until)
        return
    remaining = math.ceil((until - moment).total_seconds() / 60)
    if "HVAC_SUMMARY" in car.values:
        car.update_value("HVAC_SUMMARY", moment, remainingTime=remaining)


def set_climate(
    car: Car,
    *,
    on: bool,
    moment: dt.datetime,
    temperature: float | None = None,
    zones: dict[str, bool] | None = None,
) -> None:
    """Switch climatisation on or off in whichever key the car reports it."""
    duration = int(car.sim.get("climateDurationMinutes", 30))
    if on:
        car.climate_until = moment + dt.timedelta(minutes=duration)
    else:
        car.climate_until = None
    fields: dict[str, Any] = {}
    if temperature is not None:
        fields["targetTemperature"] = temperature
    if zones is not None:
        fields["climateZonesEnabled"] = zones
    if "HVAC_SUMMARY" in car.values:
        car.update_value(
            "HVAC_SUMMARY",
            moment,
            status="ON" if on else "OFF",
            remainingTime=duration if on else 0,
            **fields,
        )
    if "CLIMATIZER_STATE" in car.values:
        car.update_value("CLIMATIZER_STATE", moment, isOn=on, **fields)


def car_zone(car: Car) -> dt.tzinfo:
    """Return the car's time zone (UTC when unknown)."""
    return zone_of(car.sim.get("timezone", "UTC"))


def refresh_charging(car: Car, moment: dt.datetime) -> None:
    """Recompute every charging-related value from the car's state of charge."""
    if "BATTERY_LEVEL" in car.values:
        car.update_value("BATTERY_LEVEL", moment, percent=int(car.soc))
    consumption = float(car.sim.get("consumptionKwhPer100Km", 20.0))
    capacity = float(car.sim.get("batteryCapacityKwh", 80.0))
    electric = round(car.soc / 100 * capacity / consumption * 100)
    if "E_RANGE" in car.values:
        car.update_value("E_RANGE", moment, kilometers=electric)
    fuel_range = car.sim.get("fuelRangeFullKm")
    if fuel_range is not None and "RANGE" in car.values:
        fuel = float(car.values.get("FUEL_LEVEL", {}).get("percent", 0))
        combustion = round(fuel / 100 * float(fuel_range))
        total = combustion + (electric if "E_RANGE" in car.values else 0)
        car.update_value("RANGE", moment, kilometers=total)
    if "CHARGING_SUMMARY" not in car.values:
        return
    plugged = is_plugged(car)
    charging = _charging(car)
    target = charging_target(car)
    if not plugged:
        status = "NOT_PLUGGED"
    elif car.charging_paused:
        status = "CHARGING_PAUSED"
    elif charging:
        status = "CHARGING"
    else:
        status = "CHARGING_COMPLETED"
    summary: dict[str, Any] = {
        "status": status,
        "mode": "DIRECT" if direct_charging(car) else car.base_mode,
        "targetSoC": target,
    }
    profile = active_profile(car)
    if profile is not None:
        summary["chargingProfile"] = {
            "id": profile.get("id"),
            "minSoC": profile.get("minSoc"),
            "targetSoC": profile.get("targetSoc"),
        }
    if charging:
        seconds = (target - car.soc) / _soc_per_second(car)
        finish = (moment + dt.timedelta(seconds=seconds)).astimezone(car_zone(car))
        finish = finish.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)
        summary["targetDateTimeWithOffset"] = finish.isoformat()
    car.update_value("CHARGING_SUMMARY", moment, **summary)
    power = float(car.sim.get("chargingPowerKw", 11.0)) if charging else 0.0
    rate = round(power / consumption * 100 / 60, 2) if charging else 0.0
    if "CHARGING_RATE" in car.values:
        if car.sim.get("newChargingRateFields"):
            car.update_value(
                "CHARGING_RATE",
                moment,
                chargingRate=rate,
                chargingPower=0,
                chargingPowerkW=power,
            )
        else:
            car.update_value(
                "CHARGING_RATE", moment, chargingRate=rate, chargingPower=power
            )
