"""The lock: locking, unlocking with the S-PIN, and every way it can fail."""

from __future__ import annotations

import logging

from homeassistant.components.lock import (
    DOMAIN as LOCK_DOMAIN,
    SERVICE_LOCK,
    SERVICE_UNLOCK,
    LockState,
)
from homeassistant.const import ATTR_CODE, ATTR_ENTITY_ID, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.translation import (
    async_get_exception_message,
    async_get_translations,
)
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.porsche_connect.const import DOMAIN
from simulator import CARRERA_VIN, CAYENNE_VIN, DEMO_SPIN, TAYCAN_VIN, Simulator

from .conftest import entity_id

WRONG_SPIN = "9999"


async def _lock(hass: HomeAssistant, entity: str) -> None:
    await hass.services.async_call(
        LOCK_DOMAIN, SERVICE_LOCK, {ATTR_ENTITY_ID: entity}, blocking=True
    )


async def _unlock(hass: HomeAssistant, entity: str, code: str | None) -> None:
    data = {ATTR_ENTITY_ID: entity}
    if code is not None:
        data[ATTR_CODE] = code
    await hass.services.async_call(LOCK_DOMAIN, SERVICE_UNLOCK, data, blocking=True)


async def test_lock_and_unlock(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: Simulator
) -> None:
    entity = entity_id(hass, "lock", CAYENNE_VIN, "lock")
    assert hass.states.get(entity).state == LockState.UNLOCKED

    await _lock(hass, entity)
    assert hass.states.get(entity).state == LockState.LOCKED
    assert server.measurement(CAYENNE_VIN, "LOCK_STATE_VEHICLE")["isLocked"] is True

    await _unlock(hass, entity, DEMO_SPIN)
    assert hass.states.get(entity).state == LockState.UNLOCKED
    assert server.measurement(CAYENNE_VIN, "LOCK_STATE_VEHICLE")["isLocked"] is False


async def test_unlock_with_default_code(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: Simulator
) -> None:
    entity = entity_id(hass, "lock", CARRERA_VIN, "lock")
    er.async_get(hass).async_update_entity_options(
        entity, LOCK_DOMAIN, {"default_code": DEMO_SPIN}
    )
    await hass.async_block_till_done()
    await _unlock(hass, entity, None)
    assert hass.states.get(entity).state == LockState.UNLOCKED


async def test_wrong_pin(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    server: Simulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    entity = entity_id(hass, "lock", TAYCAN_VIN, "lock")
    with pytest.raises(ServiceValidationError) as err:
        await _unlock(hass, entity, WRONG_SPIN)
    assert err.value.translation_key == "wrong_pin"
    assert hass.states.get(entity).state == LockState.LOCKED
    # The S-PIN shows up nowhere.
    assert WRONG_SPIN not in caplog.text
    assert WRONG_SPIN not in str(hass.states.get(entity).attributes)

    # After three wrong S-PINs Porsche blocks unlocking for a while.
    for _ in range(2):
        with pytest.raises(HomeAssistantError):
            await _unlock(hass, entity, WRONG_SPIN)
    with pytest.raises(HomeAssistantError) as err:
        await _unlock(hass, entity, DEMO_SPIN)
    assert err.value.translation_key == "pin_locked"
    assert DEMO_SPIN not in caplog.text


async def test_unlock_needs_a_pin(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: Simulator
) -> None:
    entity = entity_id(hass, "lock", TAYCAN_VIN, "lock")
    with pytest.raises(ServiceValidationError):
        await _unlock(hass, entity, None)
    with pytest.raises(ServiceValidationError):
        await _unlock(hass, entity, "12ab")
    assert server.measurement(TAYCAN_VIN, "LOCK_STATE_VEHICLE")["isLocked"] is True


async def test_door_open(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: Simulator
) -> None:
    """A command the car refuses gives Porsche's reason, translated around it."""
    entity = entity_id(hass, "lock", CAYENNE_VIN, "lock")
    server.set_measurement(CAYENNE_VIN, "OPEN_STATE_DOOR_FRONT_LEFT", {"isOpen": True})
    with pytest.raises(HomeAssistantError) as err:
        await _lock(hass, entity)
    assert err.value.translation_key == "command_failed"
    assert "DOOR_OPEN" in err.value.translation_placeholders["reason"]
    await async_get_translations(hass, "en", "exceptions", {DOMAIN})
    message = async_get_exception_message(
        DOMAIN, "command_failed", err.value.translation_placeholders
    )
    assert message == (
        "The car did not carry out LOCK. Porsche says: DOOR_OPEN: a door is open"
    )
    assert hass.states.get(entity).state == LockState.UNLOCKED


async def test_privacy_mode(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: Simulator
) -> None:
    entity = entity_id(hass, "lock", TAYCAN_VIN, "lock")
    server.set_privacy_mode(TAYCAN_VIN)
    with pytest.raises(HomeAssistantError) as err:
        await _unlock(hass, entity, DEMO_SPIN)
    assert err.value.translation_key == "privacy_mode"
    assert server.measurement(TAYCAN_VIN, "LOCK_STATE_VEHICLE")["isLocked"] is True


async def test_remote_access_off(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: Simulator
) -> None:
    """Without remote access the lock is unavailable; a stale state still fails cleanly."""
    entity = entity_id(hass, "lock", CAYENNE_VIN, "lock")
    server.set_remote_access(CAYENNE_VIN, False)
    # Porsche refuses it before the next poll shows it.
    with pytest.raises(HomeAssistantError) as err:
        await _lock(hass, entity)
    assert err.value.translation_key == "command_remote_access"

    coordinator = loaded_entry.runtime_data.vehicles[CAYENNE_VIN]
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert hass.states.get(entity).state == STATE_UNAVAILABLE


async def test_no_lock_without_the_command(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: Simulator
) -> None:
    registry = er.async_get(hass)
    locks = [e for e in registry.entities.values() if e.domain == "lock"]
    # Four paired cars; the unpaired one lists no command as enabled.
    assert len(locks) == 4
