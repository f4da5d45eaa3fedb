"""The base entity: one device per VIN, availability per measurement."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from homeassistant.core import callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity import Entity, EntityDescription
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .api import Overview
from .const import DOMAIN
from .coordinator import PorscheConfigEntry, VehicleCoordinator, signal_new_vehicle


@dataclass(frozen=True, kw_only=True)
class PorscheEntityDescription(EntityDescription):
    """What every Porsche entity description knows.

    `measurement` is the overview key the value comes from: the entity is unavailable
    while Porsche reports that key as disabled or leaves it out.
    """

    measurement: str | tuple[str, ...] | None = None
    exists_fn: Callable[[Overview], bool] | None = None

    @property
    def measurements(self) -> tuple[str, ...]:
        """The overview keys the value may come from (old and new names)."""
        if self.measurement is None:
            return ()
        if isinstance(self.measurement, str):
            return (self.measurement,)
        return self.measurement

    def exists(self, overview: Overview) -> bool:
        """Whether this car has what the entity shows."""
        if self.exists_fn is not None:
            return self.exists_fn(overview)
        keys = self.measurements
        return not keys or any(supports(overview, key) for key in keys)

    def available(self, overview: Overview) -> bool:
        """Whether Porsche currently sends what the entity shows."""
        keys = self.measurements
        return not keys or any(overview.available(key) for key in keys)


def supports(overview: Overview, measurement: str) -> bool:
    """Whether the car has a measurement, even if Porsche withholds it right now.

    Only a key that is missing, or disabled as NOT_SUPPORTED, means the car lacks it;
    privacy mode or a passing outage must not make entities disappear.
    """
    if overview.available(measurement):
        return True
    return overview.unavailable.get(measurement, "NOT_SUPPORTED") != "NOT_SUPPORTED"


def device_info(coordinator: VehicleCoordinator) -> DeviceInfo:
    """The device of one car, keyed by its VIN (never by its name)."""
    vehicle = coordinator.vehicle
    model = vehicle.model_name
    if vehicle.model_year:
        model = f"{model} ({vehicle.model_year})"
    return DeviceInfo(
        identifiers={(DOMAIN, vehicle.vin)},
        manufacturer="Porsche",
        model=model,
        model_id=vehicle.model_code,
        name=vehicle.name,
        serial_number=vehicle.vin,
    )


class PorscheEntity(CoordinatorEntity[VehicleCoordinator]):
    """An entity of one car."""

    _attr_has_entity_name = True
    entity_description: PorscheEntityDescription

    def __init__(
        self, coordinator: VehicleCoordinator, description: PorscheEntityDescription
    ) -> None:
        """Attach the entity to the car's device."""
        super().__init__(coordinator)
        self.entity_description = description
        self._attr_unique_id = f"{coordinator.vin}-{description.key}"
        self._attr_device_info = device_info(coordinator)

    @property
    def overview(self) -> Overview:
        """The car's latest overview."""
        return self.coordinator.data

    @property
    def available(self) -> bool:
        """Unavailable when the poll failed or Porsche withholds this measurement."""
        return super().available and self.entity_description.available(
            self.coordinator.data
        )


def described[D: PorscheEntityDescription, E: Entity](
    entity_class: Callable[[VehicleCoordinator, D], E], descriptions: Iterable[D]
) -> Callable[[VehicleCoordinator], list[E]]:
    """A `build` for async_add_vehicle_entities: one entity per description the car has."""

    def build(coordinator: VehicleCoordinator) -> list[E]:
        return [
            entity_class(coordinator, description)
            for description in descriptions
            if description.exists(coordinator.data)
        ]

    return build


@callback
def async_add_vehicle_entities(
    entry: PorscheConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
    build: Callable[[VehicleCoordinator], Iterable[Entity]],
) -> None:
    """Add a platform's entities for every car, now and later.

    `build` returns the entities a car should have given its latest data. It runs again
    after every poll, and for cars that join the account, so an entity whose data shows
    up later (a measurement missing at start-up) still appears, without a reload.
    """

    @callback
    def watch(coordinator: VehicleCoordinator) -> None:
        # Per coordinator: a car that left and came back gets its entities again.
        added: set[str | None] = set()

        @callback
        def add_new() -> None:
            if not coordinator.last_update_success:
                return  # no data yet, or nothing new
            new = [e for e in build(coordinator) if e.unique_id not in added]
            added.update(entity.unique_id for entity in new)
            if new:
                async_add_entities(new)

        add_new()
        entry.async_on_unload(coordinator.async_add_listener(add_new))

    for coordinator in entry.runtime_data.vehicles.values():
        watch(coordinator)
    entry.async_on_unload(
        async_dispatcher_connect(
            entry.runtime_data.session.hass, signal_new_vehicle(entry), watch
        )
    )
