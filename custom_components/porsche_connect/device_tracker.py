"""The car's position (GPS and heading); unavailable while privacy mode hides it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from homeassistant.components.device_tracker import (
    SourceType,
    TrackerEntity,
    TrackerEntityDescription,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import PorscheConfigEntry, VehicleCoordinator
from .entity import PorscheEntity, PorscheEntityDescription, async_add_vehicle_entities

PARALLEL_UPDATES = 0  # the coordinator does all reading


@dataclass(frozen=True, kw_only=True)
class PorscheTrackerDescription(TrackerEntityDescription, PorscheEntityDescription):
    """The tracker's description."""


LOCATION = PorscheTrackerDescription(
    key="location", translation_key="location", measurement="GPS_LOCATION"
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: PorscheConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Every car gets a tracker, even one in privacy mode at start-up."""

    def build(coordinator: VehicleCoordinator) -> list[PorscheTracker]:
        return [PorscheTracker(coordinator, LOCATION)]

    async_add_vehicle_entities(entry, async_add_entities, build)


class PorscheTracker(PorscheEntity, TrackerEntity):
    """Where the car was last parked or seen."""

    _attr_source_type = SourceType.GPS
    entity_description: PorscheTrackerDescription

    @property
    def available(self) -> bool:
        """Unavailable without a position, and always while privacy mode is on."""
        return (
            super().available
            and self.overview.privacy_mode is not True
            and self.overview.position is not None
        )

    @property
    def latitude(self) -> float | None:
        """Latitude."""
        position = self.overview.position
        return position.latitude if position else None

    @property
    def longitude(self) -> float | None:
        """Longitude."""
        position = self.overview.position
        return position.longitude if position else None

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """The heading, in degrees."""
        position = self.overview.position
        return {"heading": position.heading if position else None}
