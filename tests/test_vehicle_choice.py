"""Which cars appear: the options' choice, and cars that join the account later."""

from __future__ import annotations

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import device_registry as dr
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.porsche_connect.const import (
    CONF_EXCLUDED_VEHICLES,
    CONF_SCAN_INTERVAL,
    CONF_VEHICLES,
    DOMAIN,
)
from simulator import CARRERA_VIN, MACAN_VIN, Simulator

from .conftest import DEMO_USER
from .test_config_flow import CREDENTIALS, _open_options, _submit_options, _suggested
from .test_entities import PAIRED, _poll


async def test_car_added_after_saving_the_options_appears(
    hass: HomeAssistant,
    server: Simulator,
    config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    server.remove_car(DEMO_USER, CARRERA_VIN)
    config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()
    # Saved as offered (every car ticked), only the interval changed.
    result = await _open_options(hass, config_entry)
    options = {k: v for k, v in _suggested(result).items() if v is not None}
    result = await _submit_options(hass, result, {**options, CONF_SCAN_INTERVAL: 20})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()

    server.add_car(DEMO_USER, CARRERA_VIN)
    await _poll(hass, freezer, minutes=61)
    assert CARRERA_VIN in config_entry.runtime_data.vehicles
    assert dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, CARRERA_VIN), config_entry.entry_id
    )
    # Stored: no car unticked.
    assert config_entry.options[CONF_EXCLUDED_VEHICLES] == []


async def test_include_list_of_earlier_versions_is_ignored(
    hass: HomeAssistant, server: Simulator
) -> None:
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=DEMO_USER,
        data=CREDENTIALS,
        options={CONF_VEHICLES: [MACAN_VIN]},
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert set(entry.runtime_data.vehicles) == set(PAIRED)
    result = await _open_options(hass, entry)
    result = await _submit_options(hass, result, _suggested(result))
    assert CONF_VEHICLES not in entry.options
    await hass.async_block_till_done()


async def test_options_without_the_vehicles_field_keep_the_choice(
    hass: HomeAssistant, server: Simulator
) -> None:
    """A submission that leaves the field out changes nothing about the cars."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=DEMO_USER,
        data=CREDENTIALS,
        options={CONF_EXCLUDED_VEHICLES: [CARRERA_VIN]},
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    shown = set(entry.runtime_data.vehicles)
    assert MACAN_VIN in shown
    assert CARRERA_VIN not in shown

    result = await _open_options(hass, entry)
    options = {
        k: v
        for k, v in _suggested(result).items()
        if v is not None and k != CONF_VEHICLES
    }
    result = await _submit_options(hass, result, {**options, CONF_SCAN_INTERVAL: 20})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()

    assert entry.options[CONF_SCAN_INTERVAL] == 20
    assert entry.options[CONF_EXCLUDED_VEHICLES] == [CARRERA_VIN]
    assert set(entry.runtime_data.vehicles) == shown
    devices = dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
    assert {device.serial_number for device in devices} == shown
