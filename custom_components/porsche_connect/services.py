"""The integration's actions, registered once in async_setup; each targets a car's device."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
import dataclasses
from functools import partial
from typing import Any

from homeassistant.const import ATTR_DEVICE_ID
from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv, device_registry as dr
import probatio as vol

from . import api
from .api import ChargingProfile, Overview, PorscheError
from .climate import (
    CLIMATE_ENTITIES,
    DEFAULT_TARGET_CELSIUS,
    ZONES,
    car_zones,
    check_temperature,
    check_zones,
    climate_started,
    climate_stopped,
)
from .commands import (
    Source,
    async_run_command,
    check_command,
    command_enabled,
    polling,
    status_response,
)
from .const import DOMAIN
from .coordinator import PorscheConfigEntry, VehicleCoordinator
from .errors import request_failed
from .timers import WEEKDAYS, async_delete_timer, async_set_timer

ATTR_TEMPERATURE = "temperature"
ATTR_ZONES = "zones"
ATTR_PROFILE_ID = "profile_id"
ATTR_COMMAND = "command"
ATTR_PAYLOAD = "payload"

# Action field → CHARGING_PROFILES entry field.
PROFILE_FIELDS = {
    "name": "name",
    "minimum_soc": "minSoc",
    "enabled": "isEnabled",
    "preferred_window": "preferredChargingTimeEnabled",
    "preferred_window_start": "preferredChargingStartTime",
    "preferred_window_end": "preferredChargingEndTime",
}
# Commands whose payload would carry the S-PIN: only the lock sends them.
PIN_COMMANDS = frozenset({"UNLOCK", "SPIN_CHALLENGE"})

DEVICE = {vol.Required(ATTR_DEVICE_ID): cv.string}
SOC = vol.All(vol.Coerce(int), vol.Range(min=0, max=100))
CLIMATISATION_START_SCHEMA = vol.Schema(
    {
        **DEVICE,
        vol.Optional(ATTR_TEMPERATURE): vol.All(
            vol.Coerce(float), vol.Range(min=5, max=40)
        ),
        vol.Optional(ATTR_ZONES): vol.All(cv.ensure_list, [vol.In(ZONES)]),
    }
)
DEVICE_SCHEMA = vol.Schema(DEVICE)
SET_CHARGING_PROFILE_SCHEMA = vol.Schema(
    {
        **DEVICE,
        vol.Required(ATTR_PROFILE_ID): vol.All(vol.Coerce(int), vol.Range(min=0)),
        vol.Optional("name"): vol.All(cv.string, vol.Length(min=1, max=40)),
        vol.Optional("minimum_soc"): SOC,
        vol.Optional("enabled"): cv.boolean,
        vol.Optional("preferred_window"): cv.boolean,
        vol.Optional("preferred_window_start"): cv.time,
        vol.Optional("preferred_window_end"): cv.time,
    }
)
TIMER_ID = vol.All(vol.Coerce(int), vol.Range(min=0))
SET_TIMER_SCHEMA = vol.Schema(
    {
        **DEVICE,
        vol.Required("timer_id"): TIMER_ID,
        vol.Optional("departure_time"): cv.time,
        vol.Optional("weekdays"): vol.All(cv.ensure_list, [vol.In(WEEKDAYS)]),
        vol.Optional("date"): cv.date,
        vol.Optional("climatise"): cv.boolean,
        vol.Optional("charge"): cv.boolean,
        vol.Optional("target_soc"): vol.All(
            vol.Coerce(int), vol.Range(min=25, max=100)
        ),
        vol.Optional("enabled"): cv.boolean,
    }
)
DELETE_TIMER_SCHEMA = vol.Schema({**DEVICE, vol.Required("timer_id"): TIMER_ID})
SEND_COMMAND_SCHEMA = vol.Schema(
    {
        **DEVICE,
        vol.Required(ATTR_COMMAND): vol.All(
            cv.string, vol.Upper, vol.Match(r"^[A-Z][A-Z0-9_]{1,63}$")
        ),
        vol.Optional(ATTR_PAYLOAD, default=dict): vol.Schema(dict),
    }
)


def vehicle_coordinator(hass: HomeAssistant, device_id: str) -> VehicleCoordinator:
    """The coordinator of the car a device stands for.

    Raises:
        ServiceValidationError: Not a Porsche car of a loaded entry.
    """
    device = dr.async_get(hass).async_get(device_id)
    vin = (
        next(
            (key for domain, key in device.identifiers if domain == DOMAIN),
            None,
        )
        if device
        else None
    )
    if vin is not None:
        entries: list[PorscheConfigEntry] = hass.config_entries.async_loaded_entries(
            DOMAIN
        )
        for entry in entries:
            coordinator = entry.runtime_data.vehicles.get(vin)
            if coordinator is not None and coordinator.data is not None:
                return coordinator
    raise ServiceValidationError(
        translation_domain=DOMAIN, translation_key="invalid_device"
    )


async def _climatisation_start(
    coordinator: VehicleCoordinator, call: ServiceCall
) -> None:
    check_command(coordinator, "REMOTE_CLIMATIZER_START")
    celsius: float | None = call.data.get(ATTR_TEMPERATURE)
    zones: list[str] | None = call.data.get(ATTR_ZONES)
    if (
        entity := call.hass.data.get(CLIMATE_ENTITIES, {}).get(coordinator.vin)
    ) is not None:
        # The climate entity remembers the settings and fills in what is not given.
        await entity.async_start(celsius, zones)
        return
    overview = coordinator.data
    if celsius is None:
        climate = overview.climate
        celsius = (
            climate.target_celsius if climate else None
        ) or DEFAULT_TARGET_CELSIUS
    check_temperature(overview, celsius)
    known = car_zones(overview)
    wanted = check_zones(known, zones or ())
    chosen = {zone: zone in wanted for zone in known}
    vin, target = coordinator.vin, celsius
    await async_run_command(
        coordinator,
        lambda source, _: api.climatisation_start(
            source, vin, target, chosen, **polling()
        ),
        optimistic=climate_started(target, chosen),
    )


async def _climatisation_stop(
    coordinator: VehicleCoordinator, call: ServiceCall
) -> None:
    check_command(coordinator, "REMOTE_CLIMATIZER_STOP")
    vin = coordinator.vin
    await async_run_command(
        coordinator,
        lambda source, _: api.climatisation_stop(source, vin, **polling()),
        optimistic=climate_stopped,
    )


def _profile_changes(data: Mapping[str, Any]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for field, api_field in PROFILE_FIELDS.items():
        if field in data:
            value = data[field]
            changes[api_field] = (
                value.strftime("%H:%M") if hasattr(value, "strftime") else value
            )
    return changes


def _profile_list(overview: Overview, profile_id: int) -> list[Mapping[str, Any]]:
    """The car's charging profiles as received, once sure ``profile_id`` is one.

    Raises:
        ServiceValidationError: The car has no profile ``profile_id``.
    """
    profiles = overview.charging_profiles
    if profiles is None or profiles.get(profile_id) is None:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="unknown_profile",
            translation_placeholders={"profile": str(profile_id)},
        )
    return [profile.raw for profile in profiles.profiles]


def _edited_profile(
    profile: ChargingProfile, changes: Mapping[str, Any]
) -> ChargingProfile:
    return dataclasses.replace(
        profile,
        name=changes.get("name", profile.name),
        enabled=changes.get("isEnabled", profile.enabled),
        min_soc=changes.get("minSoc", profile.min_soc),
        raw={**profile.raw, **changes},
    )


async def _set_charging_profile(
    coordinator: VehicleCoordinator, call: ServiceCall
) -> None:
    check_command(coordinator, "CHARGING_PROFILES_EDIT")
    profile_id: int = call.data[ATTR_PROFILE_ID]
    _profile_list(coordinator.data, profile_id)
    if not (changes := _profile_changes(call.data)):
        raise ServiceValidationError(
            translation_domain=DOMAIN, translation_key="nothing_to_change"
        )

    def edited(overview: Overview) -> Overview:
        current = overview.charging_profiles
        if current is None:
            return overview
        return dataclasses.replace(
            overview,
            charging_profiles=dataclasses.replace(
                current,
                profiles=tuple(
                    _edited_profile(p, changes) if p.id == profile_id else p
                    for p in current.profiles
                ),
            ),
        )

    vin = coordinator.vin

    async def send(source: Source, overview: Overview) -> api.CommandStatus:
        # The list as the earlier commands left it; the profile may be gone by now.
        current = _profile_list(overview, profile_id)
        return await api.set_charging_profile(
            source, vin, profile_id, changes, current=current, **polling()
        )

    await async_run_command(coordinator, send, optimistic=edited)


async def _set_timer(coordinator: VehicleCoordinator, call: ServiceCall) -> None:
    await async_set_timer(coordinator, call.data)


async def _delete_timer(coordinator: VehicleCoordinator, call: ServiceCall) -> None:
    await async_delete_timer(coordinator, call.data["timer_id"])


async def _send_command(
    coordinator: VehicleCoordinator, call: ServiceCall
) -> ServiceResponse:
    key: str = call.data[ATTR_COMMAND]
    payload: dict[str, Any] = call.data[ATTR_PAYLOAD]
    if key in PIN_COMMANDS:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="command_not_allowed",
            translation_placeholders={"command": key},
        )
    vin = coordinator.vin
    overview = coordinator.data
    if key not in api.ALL_COMMANDS:
        # Not asked for by the polls: ask Porsche whether the car offers it now.
        try:
            overview = await coordinator.session.async_run(
                lambda data: api.overview(
                    data,
                    vin,
                    measurements=("REMOTE_ACCESS_AUTHORIZATION",),
                    commands=(key,),
                )
            )
        except PorscheError as err:
            raise request_failed(err) from err
    if not command_enabled(overview, key):
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="command_not_supported",
            translation_placeholders={"command": key, "name": coordinator.vehicle.name},
        )

    async def send(source: Source, _: Overview) -> api.CommandStatus:
        pending = await api.send_command(source, vin, key, payload)
        return await api.wait(source, pending, **polling())

    status = await async_run_command(coordinator, send)
    return status_response(status) if call.return_response else None


type Handler = Callable[
    [VehicleCoordinator, ServiceCall], Awaitable[ServiceResponse | None]
]


async def _handle(handler: Handler, call: ServiceCall) -> ServiceResponse:
    coordinator = vehicle_coordinator(call.hass, call.data[ATTR_DEVICE_ID])
    return await handler(coordinator, call) or None


SERVICES: dict[str, tuple[Handler, vol.Schema]] = {
    "climatisation_start": (_climatisation_start, CLIMATISATION_START_SCHEMA),
    "climatisation_stop": (_climatisation_stop, DEVICE_SCHEMA),
    "set_charging_profile": (_set_charging_profile, SET_CHARGING_PROFILE_SCHEMA),
    "set_timer": (_set_timer, SET_TIMER_SCHEMA),
    "delete_timer": (_delete_timer, DELETE_TIMER_SCHEMA),
}


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the actions (once, whatever the entries)."""
    for name, (handler, schema) in SERVICES.items():
        hass.services.async_register(DOMAIN, name, partial(_handle, handler), schema)
    hass.services.async_register(
        DOMAIN,
        "send_command",
        partial(_handle, _send_command),
        SEND_COMMAND_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
