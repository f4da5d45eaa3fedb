"""The Porsche Connect integration."""

from __future__ import annotations

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.aiohttp_client import async_create_clientsession
from homeassistant.helpers.device_registry import DeviceEntry
from homeassistant.helpers.typing import ConfigType

from .const import DOMAIN
from .coordinator import AccountCoordinator, PorscheConfigEntry, PorscheRuntimeData
from .options import client_config
from .services import async_setup_services
from .session import SessionCoordinator

PLATFORMS: list[Platform] = [
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.CLIMATE,
    Platform.DEVICE_TRACKER,
    Platform.IMAGE,
    Platform.LOCK,
    Platform.NUMBER,
    Platform.SELECT,
    Platform.SENSOR,
    Platform.SWITCH,
]

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the integration's actions (once, whatever the entries)."""
    async_setup_services(hass)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: PorscheConfigEntry) -> bool:
    """Log in, read the account's cars, and set up their entities."""
    # A cookie jar of its own: the login flow's cookies must not mix with other integrations'.
    http = async_create_clientsession(hass)
    session = SessionCoordinator(hass, entry, http, client_config(hass, entry.options))
    await session.async_setup()
    entry.async_on_unload(session.async_shutdown)

    account = AccountCoordinator(hass, entry, session, {})
    entry.runtime_data = PorscheRuntimeData(session, account, account.vehicles)
    await account.async_config_entry_first_refresh()
    # No entity listens to the account's list; this keeps its hourly read scheduled.
    entry.async_on_unload(account.async_add_listener(lambda: None))

    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    return True


async def async_unload_entry(hass: HomeAssistant, entry: PorscheConfigEntry) -> bool:
    """Unload the platforms; the session's timer stops with the entry."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def async_remove_config_entry_device(
    hass: HomeAssistant, entry: PorscheConfigEntry, device: DeviceEntry
) -> bool:
    """Let the user remove a car's device only once it has left the account."""
    current = {vehicle.vin for vehicle in entry.runtime_data.account.data or []}
    return not any(
        domain == DOMAIN and identifier in current
        for domain, identifier in device.identifiers
    )
