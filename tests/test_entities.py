"""The entities each fleet car gets, and how they behave when data goes missing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
import json
from typing import Any
from unittest.mock import PropertyMock, patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_ON, STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import (
    device_registry as dr,
    entity_registry as er,
    issue_registry as ir,
)
from homeassistant.helpers.entity import Entity
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
    get_diagnostics_for_device,
)
from syrupy.assertion import SnapshotAssertion

from custom_components.porsche_connect.const import (
    CONF_EXCLUDED_VEHICLES,
    CONF_VEHICLES,
    DOMAIN,
)
from simulator import (
    CARRERA_VIN,
    CAYENNE_VIN,
    MACAN_VIN,
    TAYCAN_VIN,
    UNPAIRED_VIN,
    Simulator,
)

from .conftest import DEMO_USER

PAIRED = [TAYCAN_VIN, MACAN_VIN, CAYENNE_VIN, CARRERA_VIN]
# Attributes that change from run to run.
VOLATILE = {"access_token", "entity_picture"}


@pytest.fixture
def all_entities_enabled() -> Iterator[None]:
    """Enable the entities that are off by default, to see them all."""
    with patch.object(
        Entity,
        "entity_registry_enabled_default",
        new_callable=PropertyMock,
        return_value=True,
    ):
        yield


def _device(
    hass: HomeAssistant, entry: MockConfigEntry, vin: str
) -> dr.DeviceEntry | None:
    return dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, vin), entry.entry_id
    )


def _entities_of(
    hass: HomeAssistant, entry: MockConfigEntry, vin: str
) -> list[er.RegistryEntry]:
    device = _device(hass, entry, vin)
    assert device is not None
    return sorted(
        er.async_entries_for_device(er.async_get(hass), device.id),
        key=lambda entry: entry.entity_id,
    )


def _state(hass: HomeAssistant, entity_id: str) -> str:
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state.state


def _entity_id(hass: HomeAssistant, vin: str, key: str, platform: str) -> str:
    entity_id = er.async_get(hass).async_get_entity_id(platform, DOMAIN, f"{vin}-{key}")
    assert entity_id is not None, f"{platform} {key}"
    return entity_id


async def _poll(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, minutes: int = 16
) -> None:
    freezer.tick(timedelta(minutes=minutes))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)


@pytest.mark.freeze_time("2026-11-05 20:00:00+00:00")
@pytest.mark.parametrize("vin", PAIRED)
async def test_entities_of_each_car(
    hass: HomeAssistant,
    all_entities_enabled: None,
    loaded_entry: MockConfigEntry,
    snapshot: SnapshotAssertion,
    vin: str,
) -> None:
    described: dict[str, Any] = {}
    for entity in _entities_of(hass, loaded_entry, vin):
        state = hass.states.get(entity.entity_id)
        assert state is not None
        described[entity.entity_id] = {
            "unique_id": entity.unique_id.replace(vin, "<vin>"),
            "translation_key": entity.translation_key,
            "device_class": entity.original_device_class,
            "category": entity.entity_category,
            "unit": entity.unit_of_measurement,
            "state": state.state,
            "attributes": {
                key: value
                for key, value in state.attributes.items()
                if key not in VOLATILE
            },
        }
    assert described == snapshot


async def test_device(hass: HomeAssistant, loaded_entry: MockConfigEntry) -> None:
    device = _device(hass, loaded_entry, TAYCAN_VIN)
    assert device is not None
    assert device.name == "Blue one"
    assert device.manufacturer == "Porsche"
    assert device.model == "Taycan 4S (2022)"
    assert device.serial_number == TAYCAN_VIN
    macan = _device(hass, loaded_entry, MACAN_VIN)
    assert macan is not None
    assert macan.name == macan.model.split(" (")[0]  # no nickname: the model name


async def test_uncommon_entities_are_disabled_by_default(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    registry = er.async_get(hass)
    for key, platform in (
        ("fuel_reserve", "sensor"),
        ("charging_rate", "sensor"),
        ("tyre_pressure_deviation_front_left", "sensor"),
        ("side_view", "image"),
        ("parking_light", "binary_sensor"),
    ):
        vin = CAYENNE_VIN if key == "fuel_reserve" else MACAN_VIN
        entry = registry.async_get(_entity_id(hass, vin, key, platform))
        assert entry is not None
        assert entry.disabled_by is er.RegistryEntryDisabler.INTEGRATION
    assert (
        _state(hass, _entity_id(hass, MACAN_VIN, "front_view", "image"))
        != STATE_UNAVAILABLE
    )


async def test_combustion_car_has_no_charging_entities(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    keys = {
        entry.unique_id.split("-", 1)[1]
        for entry in _entities_of(hass, loaded_entry, CARRERA_VIN)
    }
    assert "fuel_level" in keys
    assert "oil_service_distance" in keys
    assert not keys & {
        "battery_level",
        "charging_status",
        "plugged_in",
        "charging_power",
    }


async def test_unpaired_car_gets_a_repair_issue(
    hass: HomeAssistant,
    server: Simulator,
    loaded_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    assert _device(hass, loaded_entry, UNPAIRED_VIN) is None
    issue_id = f"vehicle_not_paired_{loaded_entry.entry_id}_{UNPAIRED_VIN}"
    issue = ir.async_get(hass).async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_key == "vehicle_not_paired"
    assert UNPAIRED_VIN not in str(issue.translation_placeholders)
    # The car leaves the account: its issue goes too.
    server.remove_car(DEMO_USER, UNPAIRED_VIN)
    await _poll(hass, freezer, minutes=61)
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None


async def test_car_paired_later_appears_and_its_issue_goes(
    hass: HomeAssistant,
    server: Simulator,
    loaded_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    issue_id = f"vehicle_not_paired_{loaded_entry.entry_id}_{UNPAIRED_VIN}"
    server.set_connected(UNPAIRED_VIN)
    await _poll(hass, freezer, minutes=61)
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None
    assert _device(hass, loaded_entry, UNPAIRED_VIN) is not None


async def test_privacy_mode_hides_the_location(
    hass: HomeAssistant,
    server: Simulator,
    loaded_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    tracker = _entity_id(hass, MACAN_VIN, "location", "device_tracker")
    assert _state(hass, tracker) != STATE_UNAVAILABLE
    server.set_privacy_mode(MACAN_VIN)
    await _poll(hass, freezer)
    assert _state(hass, tracker) == STATE_UNAVAILABLE
    assert (
        _state(hass, _entity_id(hass, MACAN_VIN, "privacy_mode", "binary_sensor"))
        == STATE_ON
    )
    server.set_privacy_mode(MACAN_VIN, False)
    await _poll(hass, freezer)
    assert _state(hass, tracker) != STATE_UNAVAILABLE


async def test_tracker_exists_when_privacy_mode_was_on_at_start(
    hass: HomeAssistant,
    server: Simulator,
    config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    server.set_privacy_mode(MACAN_VIN)
    config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    tracker = _entity_id(hass, MACAN_VIN, "location", "device_tracker")
    assert _state(hass, tracker) == STATE_UNAVAILABLE
    server.set_privacy_mode(MACAN_VIN, False)
    await _poll(hass, freezer)
    assert _state(hass, tracker) not in (STATE_UNAVAILABLE, STATE_UNKNOWN)


async def test_missing_charging_summary_is_unknown_not_unplugged(
    hass: HomeAssistant,
    server: Simulator,
    loaded_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    plugged = _entity_id(hass, TAYCAN_VIN, "plugged_in", "binary_sensor")
    assert _state(hass, plugged) == STATE_ON
    server.faults.drop_measurement("CHARGING_SUMMARY", vin=TAYCAN_VIN)
    await _poll(hass, freezer, minutes=6)
    assert _state(hass, plugged) == STATE_UNAVAILABLE
    await _poll(hass, freezer, minutes=6)
    assert _state(hass, plugged) == STATE_ON


async def test_server_errors_make_entities_unavailable_then_recover(
    hass: HomeAssistant,
    server: Simulator,
    loaded_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    battery = _entity_id(hass, MACAN_VIN, "battery_level", "sensor")
    assert _state(hass, battery) not in (STATE_UNAVAILABLE, STATE_UNKNOWN)
    # More 503s than the client's retries: two polls in a row fail.
    server.faults.server_errors(
        503, times=8, path=f"/app/connect/v1/vehicles/{MACAN_VIN}"
    )
    await _poll(hass, freezer)
    assert _state(hass, battery) == STATE_UNAVAILABLE
    await _poll(hass, freezer)
    assert _state(hass, battery) == STATE_UNAVAILABLE
    # Other cars are not affected.
    assert (
        _state(hass, _entity_id(hass, TAYCAN_VIN, "battery_level", "sensor"))
        != STATE_UNAVAILABLE
    )
    await _poll(hass, freezer)
    assert _state(hass, battery) not in (STATE_UNAVAILABLE, STATE_UNKNOWN)
    assert loaded_entry.state.recoverable
    # Logged once when it broke (and once when it came back), never with the VIN.
    unavailable = [
        r
        for r in caplog.records
        if "unavailable" in r.getMessage().lower() or "error" in r.getMessage().lower()
    ]
    assert unavailable
    assert MACAN_VIN not in caplog.text


async def test_rate_limit_recovered(
    hass: HomeAssistant,
    server: Simulator,
    loaded_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    battery = _entity_id(hass, MACAN_VIN, "battery_level", "sensor")
    server.faults.rate_limit(
        retry_after=60, times=1, path=f"/app/connect/v1/vehicles/{MACAN_VIN}"
    )
    await _poll(hass, freezer)
    assert _state(hass, battery) == STATE_UNAVAILABLE
    await _poll(hass, freezer)
    assert _state(hass, battery) not in (STATE_UNAVAILABLE, STATE_UNKNOWN)


async def test_odd_measurement_does_not_break_the_car(
    hass: HomeAssistant,
    server: Simulator,
    loaded_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    server.faults.unexpected_shape("BATTERY_LEVEL", vin=MACAN_VIN)
    await _poll(hass, freezer)
    # The odd value is left out; everything else of the car still reads.
    assert (
        _state(hass, _entity_id(hass, MACAN_VIN, "battery_level", "sensor"))
        == STATE_UNAVAILABLE
    )
    assert _state(hass, _entity_id(hass, MACAN_VIN, "mileage", "sensor")) not in (
        STATE_UNAVAILABLE,
        STATE_UNKNOWN,
    )


async def test_car_added_and_removed_while_running(
    hass: HomeAssistant,
    server: Simulator,
    loaded_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    server.remove_car(DEMO_USER, CARRERA_VIN)
    await _poll(hass, freezer, minutes=61)
    assert _device(hass, loaded_entry, CARRERA_VIN) is None
    assert CARRERA_VIN not in loaded_entry.runtime_data.vehicles
    assert not er.async_get(hass).async_get_entity_id(
        "sensor", DOMAIN, f"{CARRERA_VIN}-mileage"
    )

    server.add_car(DEMO_USER, CARRERA_VIN)
    await _poll(hass, freezer, minutes=61)
    assert _device(hass, loaded_entry, CARRERA_VIN) is not None
    mileage = _entity_id(hass, CARRERA_VIN, "mileage", "sensor")
    assert _state(hass, mileage) not in (STATE_UNAVAILABLE, STATE_UNKNOWN)


async def test_charging_polls_faster(
    hass: HomeAssistant, server: Simulator, loaded_entry: MockConfigEntry
) -> None:
    vehicles = loaded_entry.runtime_data.vehicles
    assert vehicles[TAYCAN_VIN].update_interval == timedelta(minutes=5)
    assert vehicles[CARRERA_VIN].update_interval == timedelta(minutes=15)


async def test_no_wake_up_on_a_timer(
    hass: HomeAssistant,
    server: Simulator,
    loaded_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    for _ in range(8):
        await _poll(hass, freezer)
    assert not any("wakeUpJob" in record.query for record in server.log.records)
    # One request per car per poll: no separate capability or status reads.
    overview_paths = {f"/app/connect/v1/vehicles/{vin}" for vin in PAIRED}
    per_car = [server.log.count(method="GET", path=path) for path in overview_paths]
    assert max(per_car) <= 8 * 16 // 5 + 2


async def test_diagnostics_are_redacted(
    hass: HomeAssistant,
    server: Simulator,
    loaded_entry: MockConfigEntry,
    hass_client: Any,
) -> None:
    # Options that hold VINs (also the include-list of earlier versions).
    hass.config_entries.async_update_entry(
        loaded_entry,
        options={CONF_EXCLUDED_VEHICLES: [UNPAIRED_VIN], CONF_VEHICLES: PAIRED},
    )
    diagnostics = await get_diagnostics_for_config_entry(
        hass, hass_client, loaded_entry
    )
    dump = json.dumps(diagnostics)
    for vin in [*PAIRED, UNPAIRED_VIN]:
        assert vin not in dump
    text = str(diagnostics)
    token = loaded_entry.data["token"]
    location = server.measurement(MACAN_VIN, "GPS_LOCATION")
    assert location is not None
    secrets = [
        *PAIRED,
        DEMO_USER,
        "demo",  # the password
        token["access_token"],
        token["refresh_token"],
        location["location"],
        server.car(MACAN_VIN).vehicle["pairingCodeV2"],
    ]
    for secret in secrets:
        assert f"'{secret}'" not in text
    assert "**REDACTED**" in text
    assert len(diagnostics["overviews"]) == len(PAIRED)


async def test_device_diagnostics(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, hass_client: Any
) -> None:
    device = _device(hass, loaded_entry, MACAN_VIN)
    assert device is not None
    diagnostics = await get_diagnostics_for_device(
        hass, hass_client, loaded_entry, device
    )
    assert diagnostics["vehicle"]["model"] == "Macan 4 Electric"
    assert MACAN_VIN not in str(diagnostics)


async def test_remove_device_only_after_the_car_left(
    hass: HomeAssistant,
    server: Simulator,
    loaded_entry: MockConfigEntry,
    hass_ws_client: Any,
) -> None:
    assert await async_setup_component(hass, "config", {})
    client = await hass_ws_client(hass)
    device = _device(hass, loaded_entry, MACAN_VIN)
    assert device is not None

    async def remove() -> bool:
        await client.send_json_auto_id(
            {
                "type": "config/device_registry/remove",
                "device_id": device.id,
            }
        )
        return bool((await client.receive_json())["success"])

    assert not await remove()
    loaded_entry.runtime_data.account.data.remove(
        next(v for v in loaded_entry.runtime_data.account.data if v.vin == MACAN_VIN)
    )
    assert await remove()


async def test_token_refused_before_expiry_is_refreshed_once(
    hass: HomeAssistant,
    server: Simulator,
    loaded_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    server.expire_access_tokens(DEMO_USER)
    await _poll(hass, freezer)
    assert server.log.refreshes == 1
    assert server.log.logins == 1
    assert (
        _state(hass, _entity_id(hass, MACAN_VIN, "mileage", "sensor"))
        != STATE_UNAVAILABLE
    )
