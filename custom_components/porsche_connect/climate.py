"""Remote climatisation: on (heat/cool to a target) or off.

The last target temperature and seat zones chosen are remembered across restarts and
used whenever climatisation is switched on, from the card, an automation or an action.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
import dataclasses
from typing import Any

from homeassistant.components.climate import (
    ATTR_HVAC_MODE,
    ClimateEntity,
    ClimateEntityDescription,
    ClimateEntityFeature,
    HVACMode,
)
from homeassistant.const import ATTR_TEMPERATURE, UnitOfTemperature
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.restore_state import RestoreEntity
from homeassistant.util.hass_dict import HassKey

from . import api
from .api import Climate, Overview
from .commands import (
    PorscheCommandDescription,
    PorscheCommandEntity,
    check_command,
    polling,
)
from .const import DOMAIN
from .coordinator import PorscheConfigEntry, VehicleCoordinator
from .entity import async_add_vehicle_entities

PARALLEL_UPDATES = 1  # one command at a time

KELVIN = 273.15
# Used when the car's capability gives no range (the range Porsche cars have).
DEFAULT_MIN_CELSIUS = 15.0
DEFAULT_MAX_CELSIUS = 30.0
DEFAULT_TARGET_CELSIUS = 20.0
TEMPERATURE_STEP = 0.5
ZONES = ("front_left", "front_right", "rear_left", "rear_right")
ATTR_ZONES = "zones"
ATTR_REMAINING_TIME = "remaining_time"

# The climate entity of each car (by VIN), for the climatisation actions.
CLIMATE_ENTITIES: HassKey[dict[str, PorscheClimate]] = HassKey(
    f"{DOMAIN}_climate_entities"
)


@dataclasses.dataclass(frozen=True, kw_only=True)
class PorscheClimateDescription(ClimateEntityDescription, PorscheCommandDescription):
    """Climatisation and the commands it needs."""


CLIMATISATION = PorscheClimateDescription(
    key="climatisation",
    translation_key="climatisation",
    measurement=("HVAC_SUMMARY", "CLIMATIZER_STATE"),
    commands=("REMOTE_CLIMATIZER_START",),
)


def temperature_range(overview: Overview) -> tuple[float, float]:
    """The car's target temperature range in °C (its capability gives Kelvin)."""
    capability = overview.commands.get("REMOTE_CLIMATIZER_START")
    metadata: Mapping[str, Any] = capability.metadata if capability else {}
    bounds = []
    for name, default in (
        ("minTemperature", DEFAULT_MIN_CELSIUS),
        ("maxTemperature", DEFAULT_MAX_CELSIUS),
    ):
        value = metadata.get(name)
        if isinstance(value, int | float) and not isinstance(value, bool):
            # Kelvin as Porsche sends it; a value that already looks like °C is kept.
            bounds.append(round(value - KELVIN if value > 200 else value, 2))
        else:
            bounds.append(default)
    low, high = bounds
    return (low, high) if low <= high else (DEFAULT_MIN_CELSIUS, DEFAULT_MAX_CELSIUS)


def car_zones(overview: Overview) -> tuple[str, ...]:
    """The seat zones the car reports (the front ones when it reports none)."""
    climate = overview.climate
    zones = tuple(zone for zone in ZONES if climate and zone in climate.zones)
    return zones or ("front_left", "front_right")


def check_temperature(overview: Overview, celsius: float) -> float:
    """Return ``celsius`` if the car accepts it as a target.

    Raises:
        ServiceValidationError: Out of the car's range.
    """
    low, high = temperature_range(overview)
    if not low <= celsius <= high:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="temperature_out_of_range",
            translation_placeholders={"min": str(low), "max": str(high)},
        )
    return celsius


def check_zones(known: Iterable[str], zones: Iterable[str]) -> set[str]:
    """Return the zones asked for, if the car has them all.

    Raises:
        ServiceValidationError: A zone the car lacks.
    """
    wanted = set(zones)
    if unknown := sorted(wanted - set(known)):
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="unknown_zone",
            translation_placeholders={"zones": ", ".join(unknown)},
        )
    return wanted


def climate_started(
    celsius: float, zones: Mapping[str, bool]
) -> Callable[[Overview], Overview]:
    """The car's state once climatisation runs at ``celsius`` with ``zones``."""

    def started(overview: Overview) -> Overview:
        climate = overview.climate or Climate(on=True, status="ON")
        return dataclasses.replace(
            overview,
            climate=dataclasses.replace(
                climate,
                on=True,
                status="ON",
                target_celsius=celsius,
                zones={**climate.zones, **zones},
            ),
        )

    return started


def climate_stopped(overview: Overview) -> Overview:
    """The car's state once climatisation stopped."""
    if overview.climate is None:
        return overview
    climate = dataclasses.replace(
        overview.climate, on=False, status="OFF", remaining_minutes=0
    )
    return dataclasses.replace(overview, climate=climate)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: PorscheConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add climatisation for every car whose climatisation command is enabled."""

    def build(coordinator: VehicleCoordinator) -> list[PorscheClimate]:
        if not CLIMATISATION.exists(coordinator.data):
            return []
        return [PorscheClimate(coordinator, CLIMATISATION)]

    async_add_vehicle_entities(entry, async_add_entities, build)


class PorscheClimate(PorscheCommandEntity, ClimateEntity, RestoreEntity):
    """Climatisation of one car, remembering the last target and zones."""

    entity_description: PorscheClimateDescription
    _attr_hvac_modes = [HVACMode.OFF, HVACMode.HEAT_COOL]  # noqa: RUF012
    _attr_supported_features = (
        ClimateEntityFeature.TARGET_TEMPERATURE
        | ClimateEntityFeature.TURN_ON
        | ClimateEntityFeature.TURN_OFF
    )
    _attr_temperature_unit = UnitOfTemperature.CELSIUS
    _attr_target_temperature_step = TEMPERATURE_STEP
    _attr_precision = TEMPERATURE_STEP

    def __init__(
        self, coordinator: VehicleCoordinator, description: PorscheClimateDescription
    ) -> None:
        """Start from the car's own settings until a restore or a choice."""
        super().__init__(coordinator, description)
        climate = coordinator.data.climate
        self._target = (
            climate.target_celsius
            if climate and climate.target_celsius is not None
            else DEFAULT_TARGET_CELSIUS
        )
        self._zones = {
            zone: bool(climate.zones.get(zone)) if climate else False
            for zone in car_zones(coordinator.data)
        }

    async def async_added_to_hass(self) -> None:
        """Restore the remembered settings; make the entity known to the actions."""
        await super().async_added_to_hass()
        if (last := await self.async_get_last_state()) is not None:
            target = last.attributes.get(ATTR_TEMPERATURE)
            if isinstance(target, int | float) and not isinstance(target, bool):
                self._target = self._clamp(float(target))
            zones = last.attributes.get(ATTR_ZONES)
            if isinstance(zones, Mapping):
                for zone in self._zones:
                    if isinstance(zones.get(zone), bool):
                        self._zones[zone] = zones[zone]
        entities = self.hass.data.setdefault(CLIMATE_ENTITIES, {})
        entities[self.coordinator.vin] = self
        self.async_on_remove(lambda: self._forget(entities))

    def _forget(self, entities: dict[str, PorscheClimate]) -> None:
        if entities.get(self.coordinator.vin) is self:
            del entities[self.coordinator.vin]

    @property
    def _climate(self) -> Climate | None:
        return self.overview.climate

    @property
    def min_temp(self) -> float:
        """The lowest target the car accepts."""
        return temperature_range(self.overview)[0]

    @property
    def max_temp(self) -> float:
        """The highest target the car accepts."""
        return temperature_range(self.overview)[1]

    def _clamp(self, celsius: float) -> float:
        low, high = temperature_range(self.overview)
        return min(max(round(celsius * 2) / 2, low), high)

    @property
    def hvac_mode(self) -> HVACMode | None:
        """On (heat_cool) or off, as the car reports."""
        if self._climate is None:
            return None
        return HVACMode.HEAT_COOL if self._climate.on else HVACMode.OFF

    @property
    def target_temperature(self) -> float:
        """The remembered target: what switching on uses."""
        return self._target

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """Remaining minutes of climatisation and the remembered seat zones."""
        climate = self._climate
        return {
            ATTR_REMAINING_TIME: climate.remaining_minutes
            if climate and climate.on
            else None,
            ATTR_ZONES: dict(self._zones),
        }

    @property
    def seat_zones(self) -> tuple[str, ...]:
        """The seat zones of this car."""
        return tuple(self._zones)

    async def async_set_temperature(self, **kwargs: Any) -> None:
        """Remember a new target; restart climatisation with it when it runs."""
        mode = kwargs.get(ATTR_HVAC_MODE)
        if (target := kwargs.get(ATTR_TEMPERATURE)) is not None:
            self._target = self._clamp(float(target))
            self.async_write_ha_state()
        if mode == HVACMode.OFF:
            await self.async_turn_off()
        elif mode == HVACMode.HEAT_COOL or (self._climate and self._climate.on):
            await self.async_start()

    async def async_set_hvac_mode(self, hvac_mode: HVACMode) -> None:
        """Switch climatisation on (with the remembered settings) or off."""
        if hvac_mode == HVACMode.OFF:
            await self.async_turn_off()
        else:
            await self.async_start()

    async def async_turn_on(self) -> None:
        """Switch on with the remembered target and zones."""
        await self.async_start()

    async def async_start(
        self, celsius: float | None = None, zones: Iterable[str] | None = None
    ) -> None:
        """Start climatisation; given values become the remembered ones.

        Raises:
            ServiceValidationError: Out of the car's range, or a zone it lacks.
        """
        if celsius is not None:
            self._target = self._clamp(check_temperature(self.overview, celsius))
        if zones is not None:
            wanted = check_zones(tuple(self._zones), zones)
            self._zones = {zone: zone in wanted for zone in self._zones}
        self.async_write_ha_state()
        vin, target, chosen = self.coordinator.vin, self._target, dict(self._zones)
        await self.async_command(
            lambda source, _: api.climatisation_start(
                source, vin, target, chosen, **polling()
            ),
            climate_started(target, chosen),
        )

    async def async_turn_off(self) -> None:
        """Stop climatisation."""
        check_command(self.coordinator, "REMOTE_CLIMATIZER_STOP")
        vin = self.coordinator.vin

        await self.async_command(
            lambda source, _: api.climatisation_stop(source, vin, **polling()),
            climate_stopped,
        )
