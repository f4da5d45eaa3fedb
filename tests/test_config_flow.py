"""The config flow against the simulator: every error then recovery, captcha, reauth,
reconfigure and options."""

from __future__ import annotations

import base64
from typing import Any

from homeassistant.config_entries import SOURCE_USER, ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import device_registry as dr
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.porsche_connect.config_flow import readable_captcha
from custom_components.porsche_connect.const import (
    CONF_CHARGING_SCAN_INTERVAL,
    CONF_COUNTRY,
    CONF_EXCLUDED_VEHICLES,
    CONF_LANGUAGE,
    CONF_SCAN_INTERVAL,
    CONF_TIME_ZONE,
    CONF_TOKEN,
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

from .conftest import DEMO_PASSWORD, DEMO_USER

CREDENTIALS = {"username": DEMO_USER, "password": DEMO_PASSWORD}


async def _start(hass: HomeAssistant) -> dict[str, Any]:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    return dict(result)


async def _submit(
    hass: HomeAssistant, flow_id: str, data: dict[str, Any]
) -> dict[str, Any]:
    return dict(await hass.config_entries.flow.async_configure(flow_id, data))


def _assert_created(result: dict[str, Any], server: Simulator) -> None:
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == DEMO_USER
    assert result["result"].unique_id == DEMO_USER
    data = result["data"]
    assert data["username"] == DEMO_USER
    assert data["password"] == DEMO_PASSWORD
    assert data[CONF_TOKEN]["refresh_token"]


async def test_user_flow(
    hass: HomeAssistant, server: Simulator, caplog: pytest.LogCaptureFixture
) -> None:
    result = await _start(hass)
    result = await _submit(
        hass, result["flow_id"], {**CREDENTIALS, "username": " Demo@Example.com "}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["result"].unique_id == DEMO_USER
    assert server.log.logins == 1
    await hass.async_block_till_done()
    # The flow's HTTP session is released, never closed under Home Assistant's feet.
    assert "closes the Home Assistant aiohttp session" not in caplog.text


@pytest.mark.parametrize(
    ("break_it", "error"),
    [
        (lambda sim: sim.change_password(DEMO_USER, "other"), "invalid_auth"),
        (lambda sim: sim.lock_account(DEMO_USER), "account_locked"),
        (
            lambda sim: sim.faults.status(429, path="/u/login/*"),
            "too_many_logins",
        ),
        (lambda sim: sim.faults.status(503, path="/authorize"), "cannot_connect"),
        (
            lambda sim: sim.faults.html_body(status=200, path="/oauth/token"),
            "unknown",
        ),
    ],
)
async def test_user_flow_errors_then_recovery(
    hass: HomeAssistant, server: Simulator, break_it: Any, error: str
) -> None:
    result = await _start(hass)
    break_it(server)
    result = await _submit(hass, result["flow_id"], CREDENTIALS)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert result["errors"] == {"base": error}

    server.account(DEMO_USER).password = DEMO_PASSWORD
    server.unlock_account(DEMO_USER)
    server.faults.clear()
    result = await _submit(hass, result["flow_id"], CREDENTIALS)
    _assert_created(result, server)
    await hass.async_block_till_done()


async def test_unknown_user(hass: HomeAssistant, server: Simulator) -> None:
    result = await _start(hass)
    result = await _submit(
        hass, result["flow_id"], {**CREDENTIALS, "username": "nobody@example.com"}
    )
    assert result["errors"] == {"base": "invalid_auth"}


async def test_captcha_once(hass: HomeAssistant, server: Simulator) -> None:
    server.set_captcha(DEMO_USER)
    result = await _start(hass)
    result = await _submit(hass, result["flow_id"], CREDENTIALS)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "captcha"
    assert result["errors"] == {}
    assert "data:image/svg+xml;base64," in result["description_placeholders"]["captcha"]

    result = await _submit(
        hass, result["flow_id"], {"captcha": server.captcha_answer()}
    )
    _assert_created(result, server)
    await hass.async_block_till_done()


async def test_captcha_twice(hass: HomeAssistant, server: Simulator) -> None:
    server.set_captcha(DEMO_USER)
    result = await _start(hass)
    result = await _submit(hass, result["flow_id"], CREDENTIALS)
    first_image = result["description_placeholders"]["captcha"]

    result = await _submit(hass, result["flow_id"], {"captcha": "wrong"})
    assert result["step_id"] == "captcha"
    assert result["errors"] == {"base": "captcha_invalid"}
    assert result["description_placeholders"]["captcha"] != first_image

    result = await _submit(
        hass, result["flow_id"], {"captcha": server.captcha_answer()}
    )
    _assert_created(result, server)
    await hass.async_block_till_done()


async def test_captcha_then_wrong_password(
    hass: HomeAssistant, server: Simulator
) -> None:
    server.set_captcha(DEMO_USER)
    result = await _start(hass)
    result = await _submit(
        hass, result["flow_id"], {**CREDENTIALS, "password": "wrong"}
    )
    assert result["step_id"] == "captcha"
    result = await _submit(
        hass, result["flow_id"], {"captcha": server.captcha_answer()}
    )
    assert result["step_id"] == "user"
    assert result["errors"] == {"base": "invalid_auth"}

    result = await _submit(hass, result["flow_id"], CREDENTIALS)
    assert result["step_id"] == "captcha"
    result = await _submit(
        hass, result["flow_id"], {"captcha": server.captcha_answer()}
    )
    _assert_created(result, server)
    await hass.async_block_till_done()


async def test_abandoned_captcha_flow(hass: HomeAssistant, server: Simulator) -> None:
    server.set_captcha(DEMO_USER)
    result = await _start(hass)
    result = await _submit(hass, result["flow_id"], CREDENTIALS)
    assert result["step_id"] == "captcha"
    hass.config_entries.flow.async_abort(result["flow_id"])
    await hass.async_block_till_done()
    assert not hass.config_entries.flow.async_progress()


async def test_duplicate_account(
    hass: HomeAssistant, server: Simulator, config_entry: MockConfigEntry
) -> None:
    config_entry.add_to_hass(hass)
    result = await _start(hass)
    result = await _submit(
        hass, result["flow_id"], {**CREDENTIALS, "username": "DEMO@example.com"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert server.log.logins == 0


async def test_reauth(
    hass: HomeAssistant, server: Simulator, loaded_entry: MockConfigEntry
) -> None:
    server.change_password(DEMO_USER, "new-password")
    result = dict(await loaded_entry.start_reauth_flow(hass))
    assert result["step_id"] == "reauth_confirm"
    assert result["description_placeholders"]["username"] == DEMO_USER

    result = await _submit(hass, result["flow_id"], {"password": DEMO_PASSWORD})
    assert result["errors"] == {"base": "invalid_auth"}

    result = await _submit(hass, result["flow_id"], {"password": "new-password"})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert loaded_entry.data["password"] == "new-password"
    await hass.async_block_till_done()


async def test_reauth_with_captcha(
    hass: HomeAssistant, server: Simulator, loaded_entry: MockConfigEntry
) -> None:
    server.change_password(DEMO_USER, "new-password")
    server.set_captcha(DEMO_USER)
    result = dict(await loaded_entry.start_reauth_flow(hass))

    # A wrong password found out after the captcha leads back to the password form.
    result = await _submit(hass, result["flow_id"], {"password": DEMO_PASSWORD})
    assert result["step_id"] == "captcha"
    result = await _submit(
        hass, result["flow_id"], {"captcha": server.captcha_answer()}
    )
    assert result["step_id"] == "reauth_confirm"
    assert result["errors"] == {"base": "invalid_auth"}

    result = await _submit(hass, result["flow_id"], {"password": "new-password"})
    assert result["step_id"] == "captcha"
    result = await _submit(
        hass, result["flow_id"], {"captcha": server.captcha_answer()}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done()


async def test_reconfigure(
    hass: HomeAssistant, server: Simulator, loaded_entry: MockConfigEntry
) -> None:
    server.change_password(DEMO_USER, "new-password")
    result = dict(await loaded_entry.start_reconfigure_flow(hass))
    assert result["step_id"] == "reconfigure"

    result = await _submit(
        hass, result["flow_id"], {"username": DEMO_USER, "password": "bad"}
    )
    assert result["errors"] == {"base": "invalid_auth"}

    result = await _submit(
        hass,
        result["flow_id"],
        {"username": "Demo@Example.com", "password": "new-password"},
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert loaded_entry.data["password"] == "new-password"
    assert loaded_entry.data["username"] == "Demo@Example.com"
    await hass.async_block_till_done()


async def test_reconfigure_with_captcha_and_wrong_password(
    hass: HomeAssistant, server: Simulator, loaded_entry: MockConfigEntry
) -> None:
    server.set_captcha(DEMO_USER)
    result = dict(await loaded_entry.start_reconfigure_flow(hass))
    result = await _submit(
        hass, result["flow_id"], {"username": DEMO_USER, "password": "bad"}
    )
    assert result["step_id"] == "captcha"
    result = await _submit(
        hass, result["flow_id"], {"captcha": server.captcha_answer()}
    )
    assert result["step_id"] == "reconfigure"
    assert result["errors"] == {"base": "invalid_auth"}


async def test_reconfigure_other_account(
    hass: HomeAssistant, server: Simulator, loaded_entry: MockConfigEntry
) -> None:
    result = dict(await loaded_entry.start_reconfigure_flow(hass))
    result = await _submit(
        hass, result["flow_id"], {"username": "someone@example.com", "password": "x"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_account"


def _suggested(result: dict[str, Any]) -> dict[str, Any]:
    """The options form's fields and what each is pre-filled with."""
    return {
        str(key): (key.description or {}).get("suggested_value")
        for key in result["data_schema"].schema
    }


async def _open_options(hass: HomeAssistant, entry: MockConfigEntry) -> dict[str, Any]:
    result = dict(await hass.config_entries.options.async_init(entry.entry_id))
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "init"
    return result


async def _submit_options(
    hass: HomeAssistant, result: dict[str, Any], options: dict[str, Any]
) -> dict[str, Any]:
    return dict(
        await hass.config_entries.options.async_configure(result["flow_id"], options)
    )


async def test_options(
    hass: HomeAssistant, server: Simulator, loaded_entry: MockConfigEntry
) -> None:
    result = await _open_options(hass, loaded_entry)
    # Every car of the account is ticked.
    assert _suggested(result)[CONF_VEHICLES] == [
        TAYCAN_VIN,
        MACAN_VIN,
        CAYENNE_VIN,
        CARRERA_VIN,
        UNPAIRED_VIN,
    ]
    options = {
        CONF_SCAN_INTERVAL: 30,
        CONF_CHARGING_SCAN_INTERVAL: 10,
        CONF_VEHICLES: [MACAN_VIN],
        CONF_LANGUAGE: "en",
        CONF_COUNTRY: "gb",
        CONF_TIME_ZONE: "Nowhere/Atlantis",
    }
    result = dict(
        await hass.config_entries.options.async_configure(result["flow_id"], options)
    )
    assert result["errors"] == {CONF_TIME_ZONE: "invalid_time_zone"}

    options[CONF_TIME_ZONE] = "Europe/London"
    options[CONF_COUNTRY] = "GBR"
    result = dict(
        await hass.config_entries.options.async_configure(result["flow_id"], options)
    )
    assert result["errors"] == {CONF_COUNTRY: "invalid_country"}

    options[CONF_COUNTRY] = "gb"
    result = dict(
        await hass.config_entries.options.async_configure(result["flow_id"], options)
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    # Stored: the cars unticked, not the ones ticked.
    del options[CONF_VEHICLES]
    assert loaded_entry.options == {
        **options,
        CONF_COUNTRY: "GB",
        CONF_EXCLUDED_VEHICLES: [TAYCAN_VIN, CAYENNE_VIN, CARRERA_VIN, UNPAIRED_VIN],
    }
    # Reloaded with only the Macan; the other cars' devices are gone.
    assert set(loaded_entry.runtime_data.vehicles) == {MACAN_VIN}
    devices = dr.async_entries_for_config_entry(
        dr.async_get(hass), loaded_entry.entry_id
    )
    assert [device.serial_number for device in devices] == [MACAN_VIN]
    # The form ticks what is included.
    result = await _open_options(hass, loaded_entry)
    assert _suggested(result)[CONF_VEHICLES] == [MACAN_VIN]


@pytest.mark.parametrize(
    ("break_it", "state"),
    [
        (
            lambda sim: sim.change_password(DEMO_USER, "other"),
            ConfigEntryState.SETUP_ERROR,
        ),
        (
            lambda sim: sim.faults.status(
                503, path="/app/connect/v1/vehicles", times=None
            ),
            ConfigEntryState.SETUP_RETRY,
        ),
    ],
)
async def test_options_of_an_entry_not_loaded(
    hass: HomeAssistant, server: Simulator, break_it: Any, state: ConfigEntryState
) -> None:
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=DEMO_USER,
        data=CREDENTIALS,
        options={CONF_EXCLUDED_VEHICLES: [CARRERA_VIN]},
    )
    break_it(server)
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is state
    # The cars are unknown: the form leaves them out and the choice stays.
    result = await _open_options(hass, entry)
    assert CONF_VEHICLES not in _suggested(result)
    result = await _submit_options(
        hass, result, {**_suggested(result), CONF_SCAN_INTERVAL: 30}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options[CONF_SCAN_INTERVAL] == 30
    assert entry.options[CONF_EXCLUDED_VEHICLES] == [CARRERA_VIN]
    await hass.async_block_till_done()


def test_readable_captcha() -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="150" height="50"><text>ab12</text></svg>'
    image = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    readable = base64.b64decode(readable_captcha(image).split(",", 1)[1]).decode()
    assert 'width="300" height="100"' in readable
    assert '<rect width="100%" height="100%" fill="#ffffff"/>' in readable
    assert "<text>ab12</text>" in readable
    assert 'width="150"' not in readable


@pytest.mark.parametrize(
    "image",
    [
        "data:image/png;base64,AAAA",
        "data:image/svg+xml;base64,!!!not base64!!!",
        "data:image/svg+xml;base64," + base64.b64encode(b"<html></html>").decode(),
    ],
)
def test_readable_captcha_leaves_odd_images_alone(image: str) -> None:
    assert readable_captcha(image) == image
