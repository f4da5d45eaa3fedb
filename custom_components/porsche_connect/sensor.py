"""Sensors: charge, range, mileage, fuel, charging, climatisation, service, tyres, data age."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import (
    PERCENTAGE,
    EntityCategory,
    UnitOfLength,
    UnitOfPower,
    UnitOfPressure,
    UnitOfSpeed,
    UnitOfTime,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType

from .api import Overview
from .coordinator import PorscheConfigEntry
from .entity import (
    PorscheEntity,
    PorscheEntityDescription,
    async_add_vehicle_entities,
    described,
)

PARALLEL_UPDATES = 0  # the coordinator does all reading

CHARGING_STATUSES = [
    "not_plugged",
    "charging",
    "charging_completed",
    "charging_paused",
    "not_charging",
    "initialising",
    "charging_error",
    "instant_charging",
    "off",
]
CLIMATE_KEYS = ("HVAC_SUMMARY", "CLIMATIZER_STATE")


@dataclass(frozen=True, kw_only=True)
class PorscheSensorDescription(SensorEntityDescription, PorscheEntityDescription):
    """A sensor and where its value comes from."""

    value_fn: Callable[[Overview], StateType | datetime]


def _charging_status(overview: Overview) -> str | None:
    """The charging status as an enum option; an unknown one reads as unknown."""
    if overview.charging is None or overview.charging.status is None:
        return None
    status = overview.charging.status.lower()
    return status if status in CHARGING_STATUSES else None


def _charging_end(overview: Overview) -> datetime | None:
    charging = overview.charging
    if charging is None or charging.status not in ("CHARGING", "INSTANT_CHARGING"):
        return None
    return charging.target_time


def _charging_rate_kmh(overview: Overview) -> float | None:
    rate = overview.charging_rate
    if rate is None or rate.km_per_minute is None:
        return None
    return round(rate.km_per_minute * 60, 1)


def _climate_remaining(overview: Overview) -> int | None:
    climate = overview.climate
    if climate is None:
        return None
    return (climate.remaining_minutes or 0) if climate.on else 0


def _tyre_value(corner: str, field: str) -> Callable[[Overview], float | None]:
    def value(overview: Overview) -> float | None:
        tyre = overview.tyres.get(corner)
        return getattr(tyre, field) if tyre else None

    return value


def _service_value(field: str) -> Callable[[Overview], int | None]:
    def value(overview: Overview) -> int | None:
        result: int | None = getattr(overview.service, field)
        return result

    return value


def _tyre_keys(corner: str) -> tuple[str, str]:
    return (f"TIRE_PRESSURE_{corner.upper()}", "TIRE_PRESSURE")


def _tyre(translation_key: str, corner: str, field: str) -> PorscheSensorDescription:
    """A tyre's pressure or its deviation from the target (the latter off by default)."""
    return PorscheSensorDescription(
        key=translation_key,
        translation_key=translation_key,
        measurement=_tyre_keys(corner),
        device_class=SensorDeviceClass.PRESSURE,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfPressure.BAR,
        suggested_display_precision=1,
        entity_registry_enabled_default=field == "pressure_bar",
        value_fn=_tyre_value(corner, field),
    )


def _service(
    translation_key: str, measurement: str, field: str, *, enabled: bool = True
) -> PorscheSensorDescription:
    """Distance (km) or time (days) to a service; negative when overdue."""
    in_days = field.endswith("_days")
    return PorscheSensorDescription(
        key=translation_key,
        translation_key=translation_key,
        measurement=measurement,
        device_class=SensorDeviceClass.DURATION
        if in_days
        else SensorDeviceClass.DISTANCE,
        native_unit_of_measurement=UnitOfTime.DAYS
        if in_days
        else UnitOfLength.KILOMETERS,
        entity_registry_enabled_default=enabled,
        value_fn=_service_value(field),
    )


SERVICE_SENSORS = (
    _service(
        translation_key="main_service_distance",
        measurement="MAIN_SERVICE_RANGE",
        field="main_km",
    ),
    _service(
        translation_key="main_service_time",
        measurement="MAIN_SERVICE_TIME",
        field="main_days",
    ),
    _service(
        translation_key="oil_service_distance",
        measurement="OIL_SERVICE_RANGE",
        field="oil_km",
    ),
    _service(
        translation_key="oil_service_time",
        measurement="OIL_SERVICE_TIME",
        field="oil_days",
    ),
    _service(
        translation_key="intermediate_service_distance",
        measurement="INTERMEDIATE_SERVICE_RANGE",
        field="intermediate_km",
        enabled=False,
    ),
    _service(
        translation_key="intermediate_service_time",
        measurement="INTERMEDIATE_SERVICE_TIME",
        field="intermediate_days",
        enabled=False,
    ),
)
TYRE_SENSORS = (
    _tyre(
        translation_key="tyre_pressure_front_left",
        corner="front_left",
        field="pressure_bar",
    ),
    _tyre(
        translation_key="tyre_pressure_front_right",
        corner="front_right",
        field="pressure_bar",
    ),
    _tyre(
        translation_key="tyre_pressure_rear_left",
        corner="rear_left",
        field="pressure_bar",
    ),
    _tyre(
        translation_key="tyre_pressure_rear_right",
        corner="rear_right",
        field="pressure_bar",
    ),
    _tyre(
        translation_key="tyre_pressure_deviation_front_left",
        corner="front_left",
        field="difference_bar",
    ),
    _tyre(
        translation_key="tyre_pressure_deviation_front_right",
        corner="front_right",
        field="difference_bar",
    ),
    _tyre(
        translation_key="tyre_pressure_deviation_rear_left",
        corner="rear_left",
        field="difference_bar",
    ),
    _tyre(
        translation_key="tyre_pressure_deviation_rear_right",
        corner="rear_right",
        field="difference_bar",
    ),
)


SENSORS: tuple[PorscheSensorDescription, ...] = (
    PorscheSensorDescription(
        key="battery_level",
        translation_key="battery_level",
        measurement="BATTERY_LEVEL",
        device_class=SensorDeviceClass.BATTERY,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=PERCENTAGE,
        value_fn=lambda o: o.battery_level,
    ),
    PorscheSensorDescription(
        key="electric_range",
        translation_key="electric_range",
        measurement="E_RANGE",
        device_class=SensorDeviceClass.DISTANCE,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfLength.KILOMETERS,
        value_fn=lambda o: o.electric_range_km,
    ),
    PorscheSensorDescription(
        key="total_range",
        translation_key="total_range",
        measurement="RANGE",
        device_class=SensorDeviceClass.DISTANCE,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfLength.KILOMETERS,
        value_fn=lambda o: o.total_range_km,
    ),
    PorscheSensorDescription(
        key="mileage",
        translation_key="mileage",
        measurement="MILEAGE",
        device_class=SensorDeviceClass.DISTANCE,
        state_class=SensorStateClass.TOTAL_INCREASING,
        native_unit_of_measurement=UnitOfLength.KILOMETERS,
        value_fn=lambda o: o.mileage_km,
    ),
    PorscheSensorDescription(
        key="fuel_level",
        translation_key="fuel_level",
        measurement="FUEL_LEVEL",
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=PERCENTAGE,
        value_fn=lambda o: o.fuel_level,
    ),
    PorscheSensorDescription(
        key="fuel_reserve",
        translation_key="fuel_reserve",
        measurement="FUEL_RESERVE",
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=PERCENTAGE,
        entity_registry_enabled_default=False,
        value_fn=lambda o: o.fuel_reserve,
    ),
    PorscheSensorDescription(
        key="charging_status",
        translation_key="charging_status",
        measurement="CHARGING_SUMMARY",
        device_class=SensorDeviceClass.ENUM,
        options=CHARGING_STATUSES,
        value_fn=_charging_status,
    ),
    PorscheSensorDescription(
        key="charging_power",
        translation_key="charging_power",
        measurement="CHARGING_RATE",
        device_class=SensorDeviceClass.POWER,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfPower.KILO_WATT,
        suggested_display_precision=1,
        value_fn=lambda o: o.charging_rate.power_kw if o.charging_rate else None,
    ),
    PorscheSensorDescription(
        key="charging_rate",
        translation_key="charging_rate",
        measurement="CHARGING_RATE",
        device_class=SensorDeviceClass.SPEED,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfSpeed.KILOMETERS_PER_HOUR,
        suggested_display_precision=0,
        entity_registry_enabled_default=False,
        value_fn=_charging_rate_kmh,
    ),
    PorscheSensorDescription(
        key="charge_target",
        translation_key="charge_target",
        measurement="CHARGING_SUMMARY",
        native_unit_of_measurement=PERCENTAGE,
        value_fn=lambda o: o.charging.target_soc if o.charging else None,
    ),
    PorscheSensorDescription(
        key="charging_end_time",
        translation_key="charging_end_time",
        measurement="CHARGING_SUMMARY",
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=_charging_end,
    ),
    PorscheSensorDescription(
        key="climatisation_remaining_time",
        translation_key="climatisation_remaining_time",
        measurement=CLIMATE_KEYS,
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.MINUTES,
        value_fn=_climate_remaining,
    ),
    *SERVICE_SENSORS,
    *TYRE_SENSORS,
    PorscheSensorDescription(
        key="last_update",
        translation_key="last_update",
        device_class=SensorDeviceClass.TIMESTAMP,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda o: o.data_updated_at,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: PorscheConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the sensors each car has."""

    async_add_vehicle_entities(
        entry, async_add_entities, described(PorscheSensor, SENSORS)
    )


class PorscheSensor(PorscheEntity, SensorEntity):
    """A value read from the car's overview."""

    entity_description: PorscheSensorDescription

    @property
    def native_value(self) -> StateType | datetime:
        """The current value."""
        return self.entity_description.value_fn(self.overview)
