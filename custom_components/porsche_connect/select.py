"""The active charging profile, on cars that charge by profile."""

from __future__ import annotations

import dataclasses

from homeassistant.components.select import SelectEntity, SelectEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
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


@dataclasses.dataclass(frozen=True, kw_only=True)
class PorscheSelectDescription(SelectEntityDescription, PorscheCommandDescription):
    """A select and the commands it needs."""


ACTIVE_PROFILE = PorscheSelectDescription(
    key="charging_profile",
    translation_key="charging_profile",
    measurement="CHARGING_PROFILES",
    commands=("CHARGING_PROFILES_EDIT",),
    exists_fn=lambda overview: bool(
        overview.charging_profiles and overview.charging_profiles.profiles
    ),
)


def profile_options(profiles: ChargingProfiles | None) -> dict[str, int]:
    """Option label → profile id; a nameless or same-named profile gets its id added."""
    if profiles is None:
        return {}
    names = [profile.name or "" for profile in profiles.profiles]
    options: dict[str, int] = {}
    for profile in profiles.profiles:
        name = (profile.name or "").strip()
        if not name or names.count(profile.name or "") > 1:
            name = f"{name} ({profile.id})".strip()
        options[name] = profile.id
    return options


async def async_setup_entry(
    hass: HomeAssistant,
    entry: PorscheConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the profile choice where the car has editable charging profiles."""

    def build(coordinator: VehicleCoordinator) -> list[PorscheChargingProfile]:
        if not ACTIVE_PROFILE.exists(coordinator.data):
            return []
        return [PorscheChargingProfile(coordinator, ACTIVE_PROFILE)]

    async_add_vehicle_entities(entry, async_add_entities, build)


class PorscheChargingProfile(PorscheCommandEntity, SelectEntity):
    """Which charging profile the car uses."""

    entity_description: PorscheSelectDescription

    @property
    def options(self) -> list[str]:
        """The car's profiles, by name."""
        return list(profile_options(self.overview.charging_profiles))

    @property
    def current_option(self) -> str | None:
        """The active profile."""
        profiles = self.overview.charging_profiles
        if profiles is None or profiles.active_id is None:
            return None
        return next(
            (
                name
                for name, profile_id in profile_options(profiles).items()
                if profile_id == profiles.active_id
            ),
            None,
        )

    async def async_select_option(self, option: str) -> None:
        """Make a profile the active one; the profiles themselves stay as they are."""
        profile_id = profile_options(self.overview.charging_profiles).get(option)
        if profile_id is None:
            raise _unknown_profile(option)
        vin = self.coordinator.vin

        async def activate(source: Source, overview: Overview) -> api.CommandStatus:
            # The list as it is by now (earlier edits done), sent back unchanged.
            profiles = overview.charging_profiles
            if profiles is None or profiles.get(profile_id) is None:
                raise _unknown_profile(option)
            payload = {
                "list": [dict(profile.raw) for profile in profiles.profiles],
                "currentProfileId": profile_id,
            }
            pending = await api.send_command(
                source, vin, "CHARGING_PROFILES_EDIT", payload
            )
            return await api.wait(source, pending, **polling())

        def activated(overview: Overview) -> Overview:
            if overview.charging_profiles is None:
                return overview
            return dataclasses.replace(
                overview,
                charging_profiles=dataclasses.replace(
                    overview.charging_profiles, active_id=profile_id
                ),
            )

        await self.async_command(activate, activated)


def _unknown_profile(option: str) -> ServiceValidationError:
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key="unknown_profile",
        translation_placeholders={"profile": option},
    )
