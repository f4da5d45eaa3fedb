"""Buttons: flash, honk and flash, and a wake-up read of the car's current data."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from . import api
from .commands import PorscheCommandDescription, PorscheCommandEntity, polling
from .coordinator import PorscheConfigEntry, VehicleCoordinator
from .entity import PorscheEntity, PorscheEntityDescription, async_add_vehicle_entities

PARALLEL_UPDATES = 1  # one command at a time


@dataclass(frozen=True, kw_only=True)
class PorscheHonkFlashDescription(ButtonEntityDescription, PorscheCommandDescription):
    """A HONK_FLASH button and its mode."""

    mode: str


@dataclass(frozen=True, kw_only=True)
class PorscheButtonDescription(ButtonEntityDescription, PorscheEntityDescription):
    """A button that reads rather than commands."""

    press_fn: Callable[[VehicleCoordinator], Awaitable[None]]


HONK_FLASH_BUTTONS = (
    PorscheHonkFlashDescription(
        key="flash",
        translation_key="flash",
        commands=("HONK_FLASH",),
        mode="FLASH",
    ),
    PorscheHonkFlashDescription(
        key="honk_flash",
        translation_key="honk_flash",
        commands=("HONK_FLASH",),
        mode="HONK_AND_FLASH",
    ),
)
UPDATE_FROM_CAR = PorscheButtonDescription(
    key="update_from_car",
    translation_key="update_from_car",
    entity_category=EntityCategory.DIAGNOSTIC,
    press_fn=lambda coordinator: coordinator.async_update_from_car(),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: PorscheConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the buttons each car supports."""

    def build(coordinator: VehicleCoordinator) -> list[ButtonEntity]:
        buttons: list[ButtonEntity] = [
            PorscheHonkFlash(coordinator, description)
            for description in HONK_FLASH_BUTTONS
            if description.exists(coordinator.data)
        ]
        buttons.append(PorscheButton(coordinator, UPDATE_FROM_CAR))
        return buttons

    async_add_vehicle_entities(entry, async_add_entities, build)


class PorscheHonkFlash(PorscheCommandEntity, ButtonEntity):
    """Flash the lights, or honk and flash, to find the car."""

    entity_description: PorscheHonkFlashDescription

    async def async_press(self) -> None:
        """Send HONK_FLASH with this button's mode."""
        vin, mode = self.coordinator.vin, self.entity_description.mode
        await self.async_command(
            lambda source, _: api.honk_flash(source, vin, mode, **polling()),
            refresh=False,
        )


class PorscheButton(PorscheEntity, ButtonEntity):
    """A button that wakes the car for current data (only when pressed)."""

    entity_description: PorscheButtonDescription

    async def async_press(self) -> None:
        """Read the car's current data; the coordinator takes the result."""
        async with self.coordinator.command_lock:
            await self.entity_description.press_fn(self.coordinator)
