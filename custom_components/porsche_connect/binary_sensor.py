"""Binary sensors: doors, lids, windows, roof, flaps, brake, light, plug, charging, modes, tyres."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .api import Overview
from .coordinator import PorscheConfigEntry
from .entity import (
    PorscheEntity,
    PorscheEntityDescription,
    async_add_vehicle_entities,
    described,
)

PARALLEL_UPDATES = 0  # the coordinator does all reading

# A tyre this far below its target pressure counts as a warning.
TYRE_WARNING_BAR = -0.3
TYRE_KEYS = (
    "TIRE_PRESSURE",
    "TIRE_PRESSURE_FRONT_LEFT",
    "TIRE_PRESSURE_FRONT_RIGHT",
    "TIRE_PRESSURE_REAR_LEFT",
    "TIRE_PRESSURE_REAR_RIGHT",
)


@dataclass(frozen=True, kw_only=True)
class PorscheBinarySensorDescription(
    BinarySensorEntityDescription, PorscheEntityDescription
):
    """A binary sensor and where its value comes from."""

    value_fn: Callable[[Overview], bool | None]


def _opening(name: str) -> Callable[[Overview], bool | None]:
    def value(overview: Overview) -> bool | None:
        return overview.openings.get(name)

    return value


def _any_open(overview: Overview) -> bool | None:
    if not overview.openings:
        return None
    return any(overview.openings.values())


def _charging(overview: Overview) -> bool | None:
    if overview.charging is None:
        return None
    return overview.charging.status in ("CHARGING", "INSTANT_CHARGING")


def _tyre_warning(overview: Overview) -> bool | None:
    differences = [
        tyre.difference_bar
        for tyre in overview.tyres.values()
        if tyre.difference_bar is not None
    ]
    if not differences:
        return None
    return min(differences) <= TYRE_WARNING_BAR


def _open_state(
    translation_key: str, device_class: BinarySensorDeviceClass, *, enabled: bool = True
) -> PorscheBinarySensorDescription:
    """A door, lid, window, roof or flap (Porsche's OPEN_STATE_<KEY>)."""
    return PorscheBinarySensorDescription(
        key=translation_key,
        translation_key=translation_key,
        measurement=f"OPEN_STATE_{translation_key.upper()}",
        device_class=device_class,
        entity_registry_enabled_default=enabled,
        value_fn=_opening(translation_key),
    )


DOOR = BinarySensorDeviceClass.DOOR
WINDOW = BinarySensorDeviceClass.WINDOW
OPENING = BinarySensorDeviceClass.OPENING
OPENING_SENSORS = (
    _open_state(translation_key="door_front_left", device_class=DOOR),
    _open_state(translation_key="door_front_right", device_class=DOOR),
    _open_state(translation_key="door_rear_left", device_class=DOOR),
    _open_state(translation_key="door_rear_right", device_class=DOOR),
    _open_state(translation_key="lid_front", device_class=OPENING),
    _open_state(translation_key="lid_rear", device_class=OPENING),
    _open_state(translation_key="sunroof", device_class=WINDOW),
    _open_state(translation_key="sunroof_rear", device_class=WINDOW, enabled=False),
    _open_state(translation_key="top", device_class=OPENING),
    _open_state(translation_key="spoiler", device_class=OPENING, enabled=False),
    _open_state(translation_key="service_flap", device_class=OPENING, enabled=False),
    _open_state(translation_key="window_front_left", device_class=WINDOW),
    _open_state(translation_key="window_front_right", device_class=WINDOW),
    _open_state(translation_key="window_rear_left", device_class=WINDOW),
    _open_state(translation_key="window_rear_right", device_class=WINDOW),
    _open_state(translation_key="charge_flap_left", device_class=OPENING),
    _open_state(translation_key="charge_flap_right", device_class=OPENING),
)

BINARY_SENSORS: tuple[PorscheBinarySensorDescription, ...] = (
    *OPENING_SENSORS,
    PorscheBinarySensorDescription(
        key="any_open",
        translation_key="any_open",
        measurement=tuple(
            f"OPEN_STATE_{description.key.upper()}" for description in OPENING_SENSORS
        ),
        device_class=BinarySensorDeviceClass.OPENING,
        value_fn=_any_open,
    ),
    PorscheBinarySensorDescription(
        key="parking_brake",
        translation_key="parking_brake",
        measurement="PARKING_BRAKE",
        value_fn=lambda o: o.parking_brake,
    ),
    PorscheBinarySensorDescription(
        key="parking_light",
        translation_key="parking_light",
        measurement="PARKING_LIGHT",
        device_class=BinarySensorDeviceClass.LIGHT,
        entity_registry_enabled_default=False,
        value_fn=lambda o: o.parking_light,
    ),
    PorscheBinarySensorDescription(
        key="plugged_in",
        translation_key="plugged_in",
        measurement="CHARGING_SUMMARY",
        device_class=BinarySensorDeviceClass.PLUG,
        value_fn=lambda o: o.charging.plugged_in if o.charging else None,
    ),
    PorscheBinarySensorDescription(
        key="charging",
        translation_key="charging",
        measurement="CHARGING_SUMMARY",
        device_class=BinarySensorDeviceClass.BATTERY_CHARGING,
        value_fn=_charging,
    ),
    PorscheBinarySensorDescription(
        key="privacy_mode",
        translation_key="privacy_mode",
        measurement="GLOBAL_PRIVACY_MODE",
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda o: o.privacy_mode,
    ),
    PorscheBinarySensorDescription(
        key="remote_access",
        translation_key="remote_access",
        measurement="REMOTE_ACCESS_AUTHORIZATION",
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda o: o.remote_access,
    ),
    PorscheBinarySensorDescription(
        key="tyre_pressure_warning",
        translation_key="tyre_pressure_warning",
        measurement=TYRE_KEYS,
        device_class=BinarySensorDeviceClass.PROBLEM,
        value_fn=_tyre_warning,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: PorscheConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the binary sensors each car has."""

    async_add_vehicle_entities(
        entry, async_add_entities, described(PorscheBinarySensor, BINARY_SENSORS)
    )


class PorscheBinarySensor(PorscheEntity, BinarySensorEntity):
    """An on/off value read from the car's overview."""

    entity_description: PorscheBinarySensorDescription

    @property
    def is_on(self) -> bool | None:
        """The current value."""
        return self.entity_description.value_fn(self.overview)
