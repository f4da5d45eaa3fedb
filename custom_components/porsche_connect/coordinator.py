"""Data coordinators: one per vehicle (its stored overview) and one for the account's list.

Vehicle coordinators read the server's stored overview in one request per poll and never
wake the car on a timer. The account coordinator notices cars that joined or left the
account and adds or removes their devices without a reload.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed
from homeassistant.helpers import device_registry as dr, issue_registry as ir
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator
from homeassistant.util import dt as dt_util

from . import api
from .api import ALL_COMMANDS, Overview, Picture, PorscheError, Vehicle
from .const import (
    CHARGING_STATES,
    CONF_CHARGING_SCAN_INTERVAL,
    CONF_EXCLUDED_VEHICLES,
    CONF_SCAN_INTERVAL,
    DEFAULT_CHARGING_SCAN_INTERVAL,
    DEFAULT_SCAN_INTERVAL,
    DOMAIN,
    LOGGER,
    PICTURES_RETRY_INTERVAL,
    VEHICLE_LIST_INTERVAL,
)
from .errors import update_failed
from .session import SessionCoordinator

type PorscheConfigEntry = ConfigEntry[PorscheRuntimeData]


@dataclass
class PorscheRuntimeData:
    """What a loaded entry keeps."""

    session: SessionCoordinator
    account: AccountCoordinator
    vehicles: dict[str, VehicleCoordinator] = field(default_factory=dict)


def signal_new_vehicle(entry: ConfigEntry[Any]) -> str:
    """Dispatcher signal sent with a VehicleCoordinator when a car joins."""
    return f"{DOMAIN}_{entry.entry_id}_new_vehicle"


class VehicleCoordinator(DataUpdateCoordinator[Overview]):
    """The stored overview of one car."""

    config_entry: PorscheConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: PorscheConfigEntry,
        session: SessionCoordinator,
        vehicle: Vehicle,
    ) -> None:
        """Poll at the options' interval (faster while charging)."""
        self.session = session
        self.vehicle = vehicle
        self.vin = vehicle.vin
        self.pictures: list[Picture] = []
        # Asked again only while Porsche failed them (not after an empty answer).
        self._pictures_failures = 0
        self._pictures_asked_at: datetime | None = None
        # Commands to one car run one after another, never raced.
        self.command_lock = asyncio.Lock()
        self.normal_interval = timedelta(
            minutes=entry.options.get(CONF_SCAN_INTERVAL, DEFAULT_SCAN_INTERVAL)
        )
        self.charging_interval = timedelta(
            minutes=entry.options.get(
                CONF_CHARGING_SCAN_INTERVAL, DEFAULT_CHARGING_SCAN_INTERVAL
            )
        )
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"Porsche {vehicle.name}",
            update_interval=self.normal_interval,
        )

    async def async_first_load(self) -> None:
        """Read the car's pictures and its first overview."""
        await self._async_read_pictures()
        await self.async_refresh()

    async def _async_read_pictures(self) -> None:
        """Ask for the car's pictures; a failure leaves them for a later poll.

        The first failure is logged at info, the hourly ones after it at debug.
        """
        self._pictures_asked_at = dt_util.utcnow()
        try:
            pictures = await self.session.async_run(
                lambda data: api.pictures(data, self.vin)
            )
        except PorscheError as err:
            self._pictures_failures += 1
            log = LOGGER.info if self._pictures_failures == 1 else LOGGER.debug
            log("No pictures of %s for now: %s", self.vehicle.name, err)
            return
        self.pictures = pictures
        self._pictures_failures = 0

    async def _async_update_data(self) -> Overview:
        """Read the stored overview: measurements and the state of every command.

        One request per car and poll; the commands' state (enabled, cause, metadata)
        comes in the same answer. Only while Porsche's picture service failed the
        car's pictures, they are asked for again, at most once per
        PICTURES_RETRY_INTERVAL; the image platform adds them after the poll.
        """
        try:
            overview = await self.session.async_run(
                lambda data: api.overview(data, self.vin, commands=ALL_COMMANDS)
            )
        except PorscheError as err:
            raise update_failed(err) from err
        self.async_adjust_interval(overview)
        if self._pictures_failures and (
            self._pictures_asked_at is None
            or dt_util.utcnow() - self._pictures_asked_at >= PICTURES_RETRY_INTERVAL
        ):
            try:
                await self._async_read_pictures()
            except ConfigEntryAuthFailed:
                # The overview read is kept; the next poll deals with the sign-in.
                LOGGER.debug("No pictures of %s: the sign-in failed", self.vehicle.name)
        return overview

    @callback
    def async_adjust_interval(self, overview: Overview) -> None:
        """Poll faster while the car charges.

        Porsche sometimes leaves the charging summary out: that says nothing about
        charging, so the interval stays as it was.
        """
        charging = overview.charging
        if charging is None:
            return
        if charging.status in CHARGING_STATES:
            self.update_interval = min(self.charging_interval, self.normal_interval)
        else:
            self.update_interval = self.normal_interval

    async def async_update_from_car(self) -> None:
        """Wake the car for a current overview (only ever on the user's request)."""
        try:
            overview = await self.session.async_run(
                lambda data: api.overview(
                    data, self.vin, wake=True, commands=ALL_COMMANDS
                )
            )
        except PorscheError as err:
            raise update_failed(err) from err
        self.async_adjust_interval(overview)
        self.async_set_updated_data(overview)


class AccountCoordinator(DataUpdateCoordinator[list[Vehicle]]):
    """The account's vehicle list; creates and removes vehicle coordinators."""

    config_entry: PorscheConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: PorscheConfigEntry,
        session: SessionCoordinator,
        vehicles: dict[str, VehicleCoordinator],
    ) -> None:
        """Read the list hourly."""
        self.session = session
        self.vehicles = vehicles
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name="Porsche vehicles",
            update_interval=VEHICLE_LIST_INTERVAL,
        )

    async def _async_update_data(self) -> list[Vehicle]:
        try:
            vehicles = await self.session.async_run(api.vehicles)
        except PorscheError as err:
            raise update_failed(err) from err
        await self.async_sync_vehicles(vehicles)
        return vehicles

    def included(self, vehicle: Vehicle) -> bool:
        """Whether the options include this car: all but the ones the user unticked.

        So a car that joins the account later is included. An include-list stored by
        earlier versions (option "vehicles") is ignored.
        """
        return vehicle.vin not in self.config_entry.options.get(
            CONF_EXCLUDED_VEHICLES, ()
        )

    async def async_sync_vehicles(self, vehicles: list[Vehicle]) -> None:
        """Bring vehicle coordinators and devices in line with the account's list."""
        self._async_update_pairing_issues(vehicles)
        wanted = {
            vehicle.vin: vehicle
            for vehicle in vehicles
            if vehicle.connected and self.included(vehicle)
        }
        new = [
            VehicleCoordinator(self.hass, self.config_entry, self.session, vehicle)
            for vin, vehicle in wanted.items()
            if vin not in self.vehicles
        ]
        # Each car reads on its own: one slow car never delays another.
        for coordinator in new:
            self.vehicles[coordinator.vin] = coordinator
        await _refresh_all(new)
        for coordinator in new:
            async_dispatcher_send(
                self.hass, signal_new_vehicle(self.config_entry), coordinator
            )
        for vin in [vin for vin in self.vehicles if vin not in wanted]:
            await self.vehicles.pop(vin).async_shutdown()
        self._async_remove_stale_devices(wanted)

    @callback
    def _async_remove_stale_devices(self, wanted: dict[str, Vehicle]) -> None:
        """Remove the devices of cars no longer on the account or in the options.

        Looks at the registry, not just at what runs now, so a device left from before
        a restart or an options change goes too.
        """
        registry = dr.async_get(self.hass)
        entry_id = self.config_entry.entry_id
        for device in dr.async_entries_for_config_entry(registry, entry_id):
            if not any(
                domain == DOMAIN and identifier in wanted
                for domain, identifier in device.identifiers
            ):
                LOGGER.info(
                    "Removing %s: not on the account or not chosen", device.name
                )
                registry.async_remove_device(device.id)

    @callback
    def _async_update_pairing_issues(self, vehicles: list[Vehicle]) -> None:
        """One repair issue per car of this account that is not paired, and no more.

        Issues of cars that were paired since, or left the account, go away.
        """
        prefix = f"vehicle_not_paired_{self.config_entry.entry_id}_"
        unpaired = {v.vin: v for v in vehicles if not v.connected}
        for domain, issue_id in list(ir.async_get(self.hass).issues):
            if (
                domain == DOMAIN
                and issue_id.startswith(prefix)
                and issue_id.removeprefix(prefix) not in unpaired
            ):
                ir.async_delete_issue(self.hass, DOMAIN, issue_id)
        for vin, vehicle in unpaired.items():
            ir.async_create_issue(
                self.hass,
                DOMAIN,
                prefix + vin,
                is_fixable=False,
                severity=ir.IssueSeverity.WARNING,
                translation_key="vehicle_not_paired",
                translation_placeholders={"name": vehicle.name},
            )


async def _refresh_all(coordinators: list[VehicleCoordinator]) -> None:
    """First reads of several cars, side by side."""
    await asyncio.gather(*(c.async_first_load() for c in coordinators))
