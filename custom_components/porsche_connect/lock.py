"""The car's central locking: lock without a code, unlock with the S-PIN."""

from __future__ import annotations

import dataclasses
from typing import Any

from homeassistant.components.lock import LockEntity, LockEntityDescription
from homeassistant.const import ATTR_CODE
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from . import api
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

# The S-PIN: digits only. Locking needs no code, so an empty code is allowed too.
CODE_FORMAT = r"^\d*$"


@dataclasses.dataclass(frozen=True, kw_only=True)
class PorscheLockDescription(LockEntityDescription, PorscheCommandDescription):
    """The lock and the commands it needs."""


LOCK = PorscheLockDescription(
    key="lock",
    translation_key="lock",
    measurement="LOCK_STATE_VEHICLE",
    commands=("LOCK",),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: PorscheConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a lock for every car that can be locked remotely."""

    def build(coordinator: VehicleCoordinator) -> list[PorscheLock]:
        if not LOCK.exists(coordinator.data):
            return []
        return [PorscheLock(coordinator, LOCK)]

    async_add_vehicle_entities(entry, async_add_entities, build)


class PorscheLock(PorscheCommandEntity, LockEntity):
    """Locks the car; unlocks it with the S-PIN (never logged or stored)."""

    entity_description: PorscheLockDescription
    _attr_code_format = CODE_FORMAT

    @property
    def is_locked(self) -> bool | None:
        """Whether the car reports itself locked."""
        return self.overview.locked

    async def async_lock(self, **kwargs: Any) -> None:
        """Lock the car."""
        vin = self.coordinator.vin
        self._attr_is_locking = True
        self.async_write_ha_state()
        try:
            await self.async_command(
                lambda source, _: api.lock(source, vin, **polling()),
                lambda overview: dataclasses.replace(overview, locked=True),
            )
        finally:
            self._attr_is_locking = False
            self.async_write_ha_state()

    async def async_unlock(self, **kwargs: Any) -> None:
        """Unlock the car with the S-PIN given as the code (or the default code)."""
        spin: str = kwargs.get(ATTR_CODE) or ""
        if not spin.isdigit() or not spin.isascii():
            raise ServiceValidationError(
                translation_domain=DOMAIN, translation_key="pin_required"
            )
        check_command(self.coordinator, "UNLOCK")
        vin = self.coordinator.vin
        self._attr_is_unlocking = True
        self.async_write_ha_state()
        try:
            await self.async_command(
                lambda source, _: api.unlock(source, vin, spin, **polling()),
                lambda overview: dataclasses.replace(overview, locked=False),
            )
        finally:
            self._attr_is_unlocking = False
            self.async_write_ha_state()
