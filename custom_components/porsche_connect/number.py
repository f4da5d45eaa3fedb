"""The charge target: CHARGING_SETTINGS on departure cars, else the active profile's."""

from __future__ import annotations

from collections.abc import Callable
import dataclasses

from homeassistant.components.number import (
    NumberEntity,
    NumberEntityDescription,
    NumberMode,
)
from homeassistant.const import PERCENTAGE
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from . import api
from .api import ChargingProfiles, Overview
from .commands import (
    PorscheCommandDescription,
    PorscheCommandEntity,
    Source,
    polling,
)
from .const import DOMAIN
from .coordinator import PorscheConfigEntry, VehicleCoordinator
from .entity import async_add_vehicle_entities

PARALLEL_UPDATES = 1  # one command at a time

TARGET_MIN = 25
TARGET_MAX = 100
TARGET_STEP = 5


@dataclasses.dataclass(frozen=True, kw_only=True)
class PorscheNumberDescription(NumberEntityDescription, PorscheCommandDescription):
    """A number, where its value comes from, and the commands it needs."""

    value_fn: Callable[[Overview], int | None]


def _active_target(overview: Overview) -> int | None:
    profiles = overview.charging_profiles
    active = profiles.active if profiles else None
    return active.target_soc if active else None


# Cars that charge for departures keep one target in CHARGING_SETTINGS.
SETTINGS_TARGET = PorscheNumberDescription(
    key="charge_target",
    translation_key="charge_target",
    native_min_value=TARGET_MIN,
    native_max_value=TARGET_MAX,
    native_step=TARGET_STEP,
    native_unit_of_measurement=PERCENTAGE,
    mode=NumberMode.SLIDER,
    measurement="CHARGING_SETTINGS",
    commands=("CHARGING_SETTINGS_EDIT",),
    value_fn=lambda overview: overview.charging_settings_target_soc,
)
# Other cars charge by profile: the target is the active profile's.
PROFILE_TARGET = dataclasses.replace(
    SETTINGS_TARGET,
    measurement="CHARGING_PROFILES",
    commands=("CHARGING_PROFILES_EDIT",),
    value_fn=_active_target,
    exists_fn=lambda overview: _active_target(overview) is not None,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: PorscheConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the charge target where the car lets it be edited."""

    def build(coordinator: VehicleCoordinator) -> list[PorscheChargeTarget]:
        for description in (SETTINGS_TARGET, PROFILE_TARGET):
            if description.exists(coordinator.data):
                return [PorscheChargeTarget(coordinator, description)]
        return []

    async_add_vehicle_entities(entry, async_add_entities, build)


def _with_profile_target(
    profiles: ChargingProfiles, profile_id: int, target: int
) -> ChargingProfiles:
    return dataclasses.replace(
        profiles,
        profiles=tuple(
            dataclasses.replace(
                profile, target_soc=target, raw={**profile.raw, "targetSoc": target}
            )
            if profile.id == profile_id
            else profile
            for profile in profiles.profiles
        ),
    )


def _active(overview: Overview) -> tuple[ChargingProfiles, int]:
    profiles = overview.charging_profiles
    if profiles is None or profiles.active_id is None:
        raise HomeAssistantError(
            translation_domain=DOMAIN, translation_key="no_active_profile"
        )
    return profiles, profiles.active_id


class PorscheChargeTarget(PorscheCommandEntity, NumberEntity):
    """The state of charge the car charges to."""

    entity_description: PorscheNumberDescription

    @property
    def native_value(self) -> int | None:
        """The current target, in %."""
        return self.entity_description.value_fn(self.overview)

    async def async_set_native_value(self, value: float) -> None:
        """Send the new target (profile cars: to the active profile only, by id)."""
        target = round(value)
        vin = self.coordinator.vin
        if self.entity_description is SETTINGS_TARGET:
            await self.async_command(
                lambda source, _: api.set_target_soc(source, vin, target, **polling()),
                lambda overview: dataclasses.replace(
                    overview, charging_settings_target_soc=target
                ),
            )
            return

        chosen: list[int] = []  # the profile edited, as chosen under the lock

        async def send(source: Source, overview: Overview) -> api.CommandStatus:
            # The profile active by now (earlier commands done) is edited by id, in
            # the list as the earlier commands left it.
            profiles, profile_id = _active(overview)
            chosen[:] = [profile_id]
            return await api.set_charging_profile(
                source,
                vin,
                profile_id,
                {"targetSoc": target},
                current=[profile.raw for profile in profiles.profiles],
                **polling(),
            )

        def edited(overview: Overview) -> Overview:
            # The profile edited, even if a poll meanwhile shows another one active.
            profiles = overview.charging_profiles
            if profiles is None:
                return overview
            (profile_id,) = chosen
            return dataclasses.replace(
                overview,
                charging_profiles=_with_profile_target(profiles, profile_id, target),
            )

        await self.async_command(send, edited)
