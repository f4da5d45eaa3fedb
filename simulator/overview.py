"""How the API renders cars: list entries, overviews, measurements, capabilities."""

from __future__ import annotations

from typing import Any

from .clock import iso_z
from .constants import CLIMATE_ZONES, PRIVACY_WITHHELD_PREFIXES
from .context import SimContext
from .faults import Faults
from .state import Car

LIST_FIELDS = (
    "vin",
    "modelName",
    "customName",
    "modelType",
    "systemInfo",
    "exteriorColorName",
    "color",
    "connect",
    "vehicleUserType",
    "pairingCodeV2",
)


CLIMATE_KEYS = frozenset({"HVAC_SUMMARY", "CLIMATIZER_STATE"})


def _disabled(key: str, cause: str) -> dict[str, Any]:
    return {"key": key, "status": {"isEnabled": False, "cause": cause}}


def list_entry(car: Car) -> dict[str, Any]:
    """Return a car as the vehicle list shows it."""
    entry = {name: car.vehicle[name] for name in LIST_FIELDS if name in car.vehicle}
    entry["timestamp"] = iso_z(car.global_timestamp)
    return entry


def measurement(ctx: SimContext, car: Car, key: str) -> dict[str, Any]:
    """Return one measurement entry of a car as the overview gives it."""
    if not car.connected:
        return _disabled(key, "NOT_CONNECTED")
    if car.privacy_mode and key.startswith(PRIVACY_WITHHELD_PREFIXES):
        return _disabled(key, ctx.options.privacy_cause)
    if key == "GLOBAL_TIMESTAMP" and key in car.values:
        stamp = iso_z(car.global_timestamp)
        return {
            "key": key,
            "status": {"isEnabled": True},
            "value": {"timestamp": stamp, "lastModified": stamp},
        }
    value = car.values.get(key)
    if (
        value is not None
        and key.startswith("OIL_LEVEL_")
        and not ctx.options.oil_level_shape
    ):
        # The reference names the keys but gives no shape for their values.
        return _disabled(key, "UNKNOWN")
    if value is not None:
        modified = car.modified.get(key, car.global_timestamp)
        return {
            "key": key,
            "status": {"isEnabled": True},
            "value": {
                **_all_zones(key, _without_inventions(ctx, key, value)),
                "lastModified": iso_z(modified),
            },
        }
    return _disabled(key, car.disabled.get(key, "NOT_SUPPORTED"))


def _without_inventions(
    ctx: SimContext, key: str, value: dict[str, Any]
) -> dict[str, Any]:
    """Drop the invented active-profile fields the options switch off.

    The simulator keeps the active profile id in ``CHARGING_PROFILES.currentProfileId``
    internally; the reference names neither that field nor ``chargingProfile.id``.
    """
    fields = ctx.options.active_profile_fields
    if key == "CHARGING_PROFILES" and fields != "both":
        return {
            name: item for name, item in value.items() if name != "currentProfileId"
        }
    if key == "CHARGING_SUMMARY" and fields == "none" and "chargingProfile" in value:
        profile = {
            name: item
            for name, item in value["chargingProfile"].items()
            if name != "id"
        }
        return {**value, "chargingProfile": profile}
    return value


def _all_zones(key: str, value: dict[str, Any]) -> dict[str, Any]:
    """Report all four climate zones, those missing (the car lacks them) as false.

    The reference's ``climateZonesEnabled`` always has ``frontLeft``, ``frontRight``,
    ``rearLeft`` and ``rearRight``; a value set with fewer keys is filled up.
    """
    zones = value.get("climateZonesEnabled")
    if key not in CLIMATE_KEYS or not isinstance(zones, dict):
        return value
    return {
        **value,
        "climateZonesEnabled": {
            **dict.fromkeys(CLIMATE_ZONES, False),
            **zones,
        },
    }


def capability(car: Car, key: str) -> dict[str, Any]:
    """Return one entry of ``commands`` (a capability and its metadata)."""
    if not car.connected:
        return _disabled(key, "NOT_CONNECTED")
    if key not in car.capabilities:
        return _disabled(key, "NOT_SUPPORTED")
    entry: dict[str, Any] = {"key": key, "status": {"isEnabled": True}}
    metadata = car.capabilities[key]
    if metadata:
        entry["metadata"] = dict(metadata)
    return entry


def overview(
    ctx: SimContext,
    car: Car,
    measurement_keys: list[str],
    command_keys: list[str],
    faults: Faults,
) -> dict[str, Any]:
    """Return the overview of a car with the measurements and commands asked for."""
    entry = {key: value for key, value in car.vehicle.items() if key != "commands"}
    entry["timestamp"] = iso_z(car.global_timestamp)
    entry["commands"] = [capability(car, key) for key in dict.fromkeys(command_keys)]
    measurements = []
    for key in dict.fromkeys(measurement_keys):
        fault = faults.take_measurement(car.vin, key)
        if fault is None:
            measurements.append(measurement(ctx, car, key))
        elif fault.value is not None:
            measurements.append(fault.value)
    entry["measurements"] = measurements
    return entry
