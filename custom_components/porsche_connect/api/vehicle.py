"""The car itself, its commands, pictures and trips."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any

from .keys import TRIP_MEASUREMENT
from .values import (
    EMPTY,
    frozen,
    odd,
    read_bool,
    read_celsius,
    read_dict_list,
    read_float,
    read_int,
    read_map,
    read_str,
    read_time,
    split_measurements,
)


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
    raw: Mapping[str, Any] = field(default=EMPTY, repr=False, compare=False)

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
        model_type = read_map(data.get("modelType"), "vehicle", "modelType") or EMPTY
        model_name = read_str(data.get("modelName"), "vehicle", "modelName")
        custom = read_str(data.get("customName"), "vehicle", "customName")
        connected = read_bool(data.get("connect"), "vehicle", "connect")
        return cls(
            vin=vin,
            model_name=model_name
            or read_str(model_type.get("model"), "vehicle", "model")
            or "Porsche",
            custom_name=custom.strip() or None if custom else None,
            model_code=read_str(model_type.get("code"), "vehicle", "modelType.code"),
            model_year=read_int(model_type.get("year"), "vehicle", "modelType.year"),
            engine=read_str(model_type.get("engine"), "vehicle", "modelType.engine"),
            connected=True if connected is None else connected,
            color_name=read_str(data.get("exteriorColorName"), "vehicle", "color"),
            raw=data,
        )


@dataclass(frozen=True, slots=True)
class CommandCapability:
    """Whether a command can be sent, and its metadata (e.g. a temperature range)."""

    key: str
    enabled: bool
    cause: str | None = None
    metadata: Mapping[str, Any] = field(default=EMPTY)


def parse_commands(data: Any) -> Mapping[str, CommandCapability]:
    """The command capabilities of an overview requested with ``cf=``."""
    if data is None:
        return EMPTY
    if not isinstance(data, list):
        odd("commands", "list")
        return EMPTY
    result: dict[str, CommandCapability] = {}
    for entry in data:
        if not isinstance(entry, Mapping) or not isinstance(entry.get("key"), str):
            odd("commands", "entry")
            continue
        key = entry["key"]
        status = read_map(entry.get("status"), key, "status") or EMPTY
        enabled = read_bool(status.get("isEnabled"), key, "isEnabled")
        result[key] = CommandCapability(
            key=key,
            enabled=bool(enabled),
            cause=read_str(status.get("cause"), key, "cause"),
            metadata=frozen(read_map(entry.get("metadata"), key, "metadata")),
        )
    return MappingProxyType(result)


@dataclass(frozen=True, slots=True)
class Capabilities:
    """Which commands a car accepts, from an overview with ``cf=``."""

    commands: Mapping[str, CommandCapability] = field(default=EMPTY)
    climatisation_min_celsius: float | None = None
    climatisation_max_celsius: float | None = None
    vehicle: Vehicle | None = None
    raw: Mapping[str, Any] = field(default=EMPTY, repr=False, compare=False)

    def enabled(self, key: str) -> bool:
        """Whether command ``key`` is offered and enabled."""
        command = self.commands.get(key)
        return command is not None and command.enabled

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Capabilities:
        """Parse the ``commands`` of an overview."""
        if not isinstance(data, Mapping):
            raise TypeError("capabilities are not an object")
        commands = parse_commands(data.get("commands"))
        climate = commands.get("REMOTE_CLIMATIZER_START")
        meta = climate.metadata if climate else EMPTY
        w = "REMOTE_CLIMATIZER_START"
        try:
            vehicle: Vehicle | None = Vehicle.from_json(data)
        except ValueError:
            vehicle = None
        return cls(
            commands=commands,
            climatisation_min_celsius=read_celsius(
                meta.get("minTemperature"), w, "min"
            ),
            climatisation_max_celsius=read_celsius(
                meta.get("maxTemperature"), w, "max"
            ),
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
            odd("pictures", "list")
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
                        size=read_int(entry.get("size"), "pictures", "size"),
                    )
                )
            else:
                odd("pictures", "entry")
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
    raw: Mapping[str, Any] = field(default=EMPTY, repr=False, compare=False)

    @classmethod
    def from_json(cls, entry: Mapping[str, Any]) -> Trip:
        """Parse one trip leniently."""
        w = "TRIP_STATISTICS"
        return cls(
            distance_km=read_float(
                _nested(entry, "distanceKm", "tripMileage", "valueInKilometers"),
                w,
                "distance",
            ),
            avg_kwh_per_100km=read_float(
                _nested(
                    entry,
                    "avgKwhPerHundredKm",
                    "averageElectricEngineConsumption",
                    "valueKwhPer100Km",
                ),
                w,
                "consumption",
            ),
            driving_minutes=read_float(
                entry.get("drivingTimeMinutes", entry.get("travelTime")), w, "time"
            ),
            avg_speed_kmh=read_float(
                _nested(entry, "avgSpeedKmh", "averageSpeed", "valueInKmh"), w, "speed"
            ),
            ended_at=read_time(
                entry.get("tripEndTime", entry.get("endTime")), w, "tripEndTime"
            ),
            raw=entry,
        )

    @classmethod
    def list_from_overview(cls, data: Mapping[str, Any]) -> list[Trip]:
        """Parse the trips of an overview requested with ``mf=TRIP_STATISTICS_*``."""
        values, _unavailable = split_measurements(data.get("measurements"))
        trips: list[Trip] = []
        for key in (TRIP_MEASUREMENT, *sorted(values)):
            if key.startswith("TRIP_STATISTICS") and key in values:
                entries = read_dict_list(values[key], key) or ()
                trips.extend(cls.from_json(entry) for entry in entries)
                break
        return trips


def parse_vehicles(data: Any) -> list[Vehicle]:
    """Parse the vehicle list, skipping entries without a VIN."""
    if not isinstance(data, list):
        raise TypeError("vehicle list is not a list")
    vehicles = []
    for entry in data:
        if not isinstance(entry, Mapping):
            odd("vehicles", "entry")
            continue
        try:
            vehicles.append(Vehicle.from_json(entry))
        except ValueError:
            odd("vehicles", "entry without a VIN")
    return vehicles
