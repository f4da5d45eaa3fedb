"""Direct charging: charge now, whatever the profile or timer says."""

from __future__ import annotations

import dataclasses
from typing import Any

from homeassistant.components.switch import SwitchEntity, SwitchEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from . import api
from .commands import PorscheCommandDescription, PorscheCommandEntity, polling
from .coordinator import PorscheConfigEntry, VehicleCoordinator
from .entity import async_add_vehicle_entities

PARALLEL_UPDATES = 1  # one command at a time


@dataclasses.dataclass(frozen=True, kw_only=True)
class PorscheSwitchDescription(SwitchEntityDescription, PorscheCommandDescription):
    """A switch and the commands it needs."""


DIRECT_CHARGING = PorscheSwitchDescription(
    key="direct_charging",
    translation_key="direct_charging",
    measurement="DIRECT_CHARGING",
    commands=("DIRECT_CHARGING_START", "DIRECT_CHARGING_STOP"),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: PorscheConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add direct charging for every car that supports it."""

    def build(coordinator: VehicleCoordinator) -> list[PorscheDirectCharging]:
        if not DIRECT_CHARGING.exists(coordinator.data):
            return []
        return [PorscheDirectCharging(coordinator, DIRECT_CHARGING)]

    async_add_vehicle_entities(entry, async_add_entities, build)


class PorscheDirectCharging(PorscheCommandEntity, SwitchEntity):
    """Direct charging on or off."""

    entity_description: PorscheSwitchDescription

    @property
    def is_on(self) -> bool | None:
        """Whether direct charging is active."""
        return self.overview.direct_charging

    async def _async_switch(self, on: bool) -> None:
        vin = self.coordinator.vin
        await self.async_command(
            lambda source, _: api.direct_charging(source, vin, on, **polling()),
            lambda overview: dataclasses.replace(overview, direct_charging=on),
        )

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Start charging now."""
        await self._async_switch(True)

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Stop direct charging (back to the profile or timers)."""
        await self._async_switch(False)
