"""Every command, its waiting, and its failures, against the simulator."""

from __future__ import annotations

from typing import Any

import pytest

from custom_components.porsche_connect.api import (
    CommandError,
    CommandTimeout,
    InvalidResponse,
    ServerError,
    Session,
    climatisation_start,
    climatisation_stop,
    direct_charging,
    honk_flash,
    lock,
    overview,
    poll,
    send_command,
    set_charging_profile,
    set_target_soc,
    set_timers,
    unlock,
    wait,
)
from simulator import (
    CARRERA_VIN,
    CAYENNE_VIN,
    DEMO_SPIN,
    MACAN_VIN,
    TAYCAN_VIN,
    Simulator,
)

FAST: dict[str, Any] = {"interval": 0, "attempts": 5}
COMMANDS = "/app/connect/v1/vehicles/*/commands"


def _commands(vin: str) -> str:
    return f"/app/connect/v1/vehicles/{vin}/commands"


def _payload(simulator: Simulator, key: str) -> dict[str, Any]:
    command = next(
        c for c in reversed(simulator.ctx.world.commands.values()) if c.key == key
    )
    return dict(command.payload)


async def test_lock(session: Session, simulator: Simulator) -> None:
    simulator.set_measurement(CAYENNE_VIN, "LOCK_STATE_VEHICLE", {"isLocked": False})
    status = await lock(session, CAYENNE_VIN, **FAST)
    assert status.result == "PERFORMED"
    assert _payload(simulator, "LOCK") == {"spin": None}
    assert (await overview(session, CAYENNE_VIN)).locked is True


async def test_lock_error(session: Session, simulator: Simulator) -> None:
    simulator.set_measurement(
        TAYCAN_VIN, "OPEN_STATE_DOOR_FRONT_LEFT", {"isOpen": True}
    )
    with pytest.raises(CommandError) as err:
        await lock(session, TAYCAN_VIN, **FAST)
    assert err.value.key == "LOCK"
    assert err.value.details is not None
    assert "DOOR_OPEN" in err.value.details


@pytest.mark.parametrize(
    "place", ["status_details", "status", "response_status", "data", "response"]
)
async def test_unlock(session: Session, simulator: Simulator, place: str) -> None:
    simulator.options.challenge_place = place  # type: ignore[assignment]
    status = await unlock(session, TAYCAN_VIN, DEMO_SPIN, **FAST)
    assert status.result == "PERFORMED"
    spin = _payload(simulator, "UNLOCK")["spin"]
    assert set(spin) == {"challenge", "hash"}
    assert len(spin["hash"]) == 128
    assert spin["hash"] == spin["hash"].upper()
    assert (await overview(session, TAYCAN_VIN)).locked is False


async def test_unlock_wrong_spin(session: Session, simulator: Simulator) -> None:
    with pytest.raises(CommandError) as err:
        await unlock(session, TAYCAN_VIN, "9999", **FAST)
    assert err.value.key == "UNLOCK"
    assert "9999" not in str(err.value)
    assert (await overview(session, TAYCAN_VIN)).locked is True
    with pytest.raises(ValueError, match="digits"):
        await unlock(session, TAYCAN_VIN, "12ab", **FAST)


async def test_honk_flash(session: Session, simulator: Simulator) -> None:
    await honk_flash(session, TAYCAN_VIN, **FAST)
    await honk_flash(session, TAYCAN_VIN, "HONK_AND_FLASH", **FAST)
    assert [e.kind for e in simulator.events(TAYCAN_VIN)][-2:] == [
        "FLASH",
        "HONK_AND_FLASH",
    ]
    with pytest.raises(ValueError, match="mode"):
        await honk_flash(session, TAYCAN_VIN, "HONK")


async def test_climatisation(session: Session, simulator: Simulator) -> None:
    status = await climatisation_start(
        session, MACAN_VIN, 21.5, {"front_left": True}, **FAST
    )
    assert status.result == "PERFORMED"
    payload = _payload(simulator, "REMOTE_CLIMATIZER_START")
    assert payload == {
        "targetTemperature": 294.65,
        "climateZonesEnabled": {
            "frontLeft": True,
            "frontRight": False,
            "rearLeft": False,
            "rearRight": False,
        },
        "spin": None,
    }
    climate = (await overview(session, MACAN_VIN)).climate
    assert climate is not None
    assert climate.on is True
    assert climate.target_celsius == 21.5
    await climatisation_stop(session, MACAN_VIN, **FAST)
    assert _payload(simulator, "REMOTE_CLIMATIZER_STOP") == {}
    climate = (await overview(session, MACAN_VIN)).climate
    assert climate is not None
    assert climate.on is False
    with pytest.raises(ValueError, match="zone"):
        await climatisation_start(session, MACAN_VIN, 20, {"boot": True})


async def test_climatisation_out_of_range(session: Session) -> None:
    with pytest.raises(CommandError, match="INVALID_TEMPERATURE"):
        await climatisation_start(session, MACAN_VIN, 40, **FAST)


async def test_direct_charging(session: Session, simulator: Simulator) -> None:
    await direct_charging(session, TAYCAN_VIN, True, **FAST)
    assert (await overview(session, TAYCAN_VIN)).direct_charging is True
    await direct_charging(session, TAYCAN_VIN, False, **FAST)
    assert (await overview(session, TAYCAN_VIN)).direct_charging is False
    assert _payload(simulator, "DIRECT_CHARGING_STOP") == {"spin": None}


async def test_set_target_soc(session: Session, simulator: Simulator) -> None:
    await set_target_soc(session, CAYENNE_VIN, 90, **FAST)
    assert _payload(simulator, "CHARGING_SETTINGS_EDIT") == {
        "targetSoc": 90,
        "spin": None,
    }
    assert (await overview(session, CAYENNE_VIN)).charging_settings_target_soc == 90
    with pytest.raises(ValueError, match=r"25\.\.100"):
        await set_target_soc(session, CAYENNE_VIN, 10)


async def test_set_charging_profile_reads_then_edits_one(
    session: Session, simulator: Simulator
) -> None:
    before = simulator.measurement(MACAN_VIN, "CHARGING_PROFILES")
    assert before is not None
    await set_charging_profile(session, MACAN_VIN, 5, {"minSoc": 50}, **FAST)
    sent = _payload(simulator, "CHARGING_PROFILES_EDIT")["list"]
    assert [p["id"] for p in sent] == [0, 3, 5]
    assert sent[0] == before["list"][0]
    assert sent[1] == before["list"][1]
    assert sent[2] == {**before["list"][2], "minSoc": 50}
    profiles = (await overview(session, MACAN_VIN)).charging_profiles
    assert profiles is not None
    assert profiles.get(5).min_soc == 50  # type: ignore[union-attr]
    assert profiles.get(3).min_soc == 25  # type: ignore[union-attr]
    assert profiles.active_id == 3


async def test_set_charging_profile_with_current_list(
    session: Session, simulator: Simulator
) -> None:
    profiles = (await overview(session, TAYCAN_VIN)).charging_profiles
    assert profiles is not None
    simulator.log.clear()
    await set_charging_profile(
        session,
        TAYCAN_VIN,
        4,
        {"targetSoc": 90},
        current=[p.raw for p in profiles.profiles],
        **FAST,
    )
    assert simulator.log.count(path=f"/app/connect/v1/vehicles/{TAYCAN_VIN}") == 0
    with pytest.raises(ValueError, match="no charging profile"):
        await set_charging_profile(session, TAYCAN_VIN, 99, {}, **FAST)
    with pytest.raises(InvalidResponse):
        await set_charging_profile(session, CARRERA_VIN, 1, {}, **FAST)


async def test_set_timers_and_departures(
    session: Session, simulator: Simulator
) -> None:
    timers = (await overview(session, TAYCAN_VIN)).timers
    assert timers is not None
    edited = [{**timers[0], "active": False}, timers[1]]
    await set_timers(session, TAYCAN_VIN, edited, **FAST)
    after = (await overview(session, TAYCAN_VIN)).timers
    assert after is not None
    assert after[0]["active"] is False
    departures = (await overview(session, CAYENNE_VIN)).departures
    assert departures is not None
    await set_timers(
        session,
        CAYENNE_VIN,
        [{**departures[0], "targetChargeLevel": 70}],
        key="DEPARTURES_EDIT",
        **FAST,
    )
    after = (await overview(session, CAYENNE_VIN)).departures
    assert after is not None
    assert after[0]["targetChargeLevel"] == 70


async def test_send_poll_wait(session: Session, simulator: Simulator) -> None:
    simulator.options.command_delay = 30
    pending = await send_command(session, TAYCAN_VIN, "LOCK", {"spin": None})
    assert pending.key == "LOCK"
    assert pending.result == "ACCEPTED"
    assert (await poll(session, pending)).result == "ACCEPTED"
    simulator.clock.advance(31)
    assert (await poll(session, pending)).result == "PERFORMED"
    assert (await wait(session, pending, **FAST)).result == "PERFORMED"


async def test_wait_times_out(
    session: Session, simulator: Simulator, sleeps: list[float]
) -> None:
    simulator.options.command_delay = 1000
    with pytest.raises(CommandTimeout) as err:
        await lock(session, TAYCAN_VIN, interval=1.5, attempts=3)
    assert err.value.key == "LOCK"
    assert sleeps == [1.5, 1.5, 1.5]


async def test_wait_default_is_120_polls(
    session: Session, simulator: Simulator, sleeps: list[float]
) -> None:
    simulator.options.command_delay = 10_000
    pending = await send_command(session, TAYCAN_VIN, "LOCK", {"spin": None})
    with pytest.raises(CommandTimeout):
        await wait(session, pending)
    assert sleeps == [1.0] * 120


async def test_wait_keeps_polling_through_504_and_429(
    session: Session, simulator: Simulator, sleeps: list[float]
) -> None:
    simulator.faults.command_poll_504(times=2)
    simulator.faults.rate_limit(retry_after=5, path=f"{COMMANDS}/*", method="GET")
    simulator.faults.server_errors(503, times=1, path=f"{COMMANDS}/*", method="GET")
    status = await lock(session, TAYCAN_VIN, interval=1, attempts=10)
    assert status.result == "PERFORMED"
    # Polls are not retried on their own; after the 429 the next poll waits the
    # 5 seconds Porsche asked for (1 + 4).
    assert sleeps == [1, 1, 1, 4, 1, 1]


async def test_wait_gives_up_on_other_errors(
    session: Session, simulator: Simulator
) -> None:
    simulator.faults.status(500, path=f"{COMMANDS}/*", method="GET")
    with pytest.raises(ServerError):
        await lock(session, TAYCAN_VIN, **FAST)


async def test_command_post_never_retried(
    session: Session, simulator: Simulator, sleeps: list[float]
) -> None:
    for status in (503, 504, 429):
        simulator.faults.status(status, path=COMMANDS, method="POST")
        with pytest.raises(Exception):  # noqa: B017, PT011
            await lock(session, TAYCAN_VIN, **FAST)
    assert simulator.log.count(method="POST", path=_commands(TAYCAN_VIN)) == 3
    assert sleeps == []


async def test_command_after_401_is_sent_again(
    session: Session, simulator: Simulator
) -> None:
    simulator.expire_access_tokens()
    await lock(session, TAYCAN_VIN, **FAST)
    path = _commands(TAYCAN_VIN)
    assert simulator.log.count(method="POST", path=path, status=401) == 1
    assert simulator.log.count(method="POST", path=path, status=201) == 1


async def test_command_refused_without_remote_access(
    session: Session, simulator: Simulator
) -> None:
    simulator.set_remote_access(TAYCAN_VIN, False)
    with pytest.raises(CommandError, match="REMOTE_ACCESS_DISABLED"):
        await honk_flash(session, TAYCAN_VIN, **FAST)


async def test_command_without_id(session: Session, simulator: Simulator) -> None:
    simulator.faults.status(201, path=COMMANDS, method="POST")
    with pytest.raises(InvalidResponse):
        await send_command(session, TAYCAN_VIN, "LOCK", {"spin": None})
