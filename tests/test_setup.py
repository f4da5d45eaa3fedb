"""Setting up the demo account against the simulator: devices, entities, unload."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from simulator import MACAN_VIN, TAYCAN_VIN, UNPAIRED_VIN, Simulator


async def test_setup_creates_a_device_per_paired_car(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: Simulator
) -> None:
    assert loaded_entry.state is ConfigEntryState.LOADED
    devices = dr.async_entries_for_config_entry(
        dr.async_get(hass), loaded_entry.entry_id
    )
    serials = {device.serial_number for device in devices}
    assert TAYCAN_VIN in serials
    assert MACAN_VIN in serials
    assert UNPAIRED_VIN not in serials
    entities = er.async_entries_for_config_entry(
        er.async_get(hass), loaded_entry.entry_id
    )
    assert entities
    assert server.log.logins == 1

    assert await hass.config_entries.async_unload(loaded_entry.entry_id)
    assert loaded_entry.state is ConfigEntryState.NOT_LOADED
