"""Clock, request log, fleet files, the command line and the start helpers."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import aiohttp
from freezegun.api import FrozenDateTimeFactory
import pytest

from simulator import (
    DEMO_EMAIL,
    DEMO_PASSWORD,
    DEMO_VINS,
    MACAN_VIN,
    TAYCAN_VIN,
    Simulator,
    start_simulator,
)
from simulator.__main__ import parse_args
from simulator.clock import SimClock
from simulator.fleet import FLEET_DIR, NICKNAMES, CarSpec, load_car, load_fleet
from simulator.log import RequestLog, RequestRecord

from .refclient import RefClient


def test_clock_advances_and_never_goes_back() -> None:
    clock = SimClock()
    before = clock.now()
    clock.advance(3600)
    assert clock.now() - before >= dt.timedelta(hours=1)
    assert clock.offset == 3600
    assert clock.timestamp() >= before.timestamp() + 3600
    with pytest.raises(ValueError, match="forward"):
        clock.advance(-1)


def test_clock_follows_freezegun(freezer: FrozenDateTimeFactory) -> None:
    freezer.move_to("2026-11-05T20:00:00Z")
    clock = SimClock()
    assert clock.now() == dt.datetime(2026, 11, 5, 20, tzinfo=dt.UTC)
    freezer.tick(60)
    clock.advance(30)
    assert clock.now() == dt.datetime(2026, 11, 5, 20, 1, 30, tzinfo=dt.UTC)


def test_request_log_counts() -> None:
    log = RequestLog()
    at = dt.datetime.now(dt.UTC)
    log.add(
        RequestRecord("POST", "/oauth/token", {}, 200, 1.0, "authorization_code", at)
    )
    log.add(RequestRecord("POST", "/oauth/token", {}, 200, 1.0, "refresh_token", at))
    log.add(RequestRecord("POST", "/oauth/token", {}, 403, 1.0, "refresh_token", at))
    log.add(RequestRecord("GET", "/app/connect/v1/vehicles", {}, 200, 1.0, None, at))
    assert (log.logins, log.refreshes) == (1, 1)
    assert log.count(method="get") == 1
    assert log.count(path="/app/*") == 1
    assert log.count(status=403) == 1
    log.clear()
    assert log.count() == 0


async def test_log_records_query_and_grant(
    simulator: Simulator, client: RefClient
) -> None:
    await client.login(DEMO_EMAIL, DEMO_PASSWORD)
    await client.refresh()
    await client.overview(TAYCAN_VIN, ["BATTERY_LEVEL", "E_RANGE"], ["LOCK"])
    record = simulator.log.records[-1]
    assert record.query == {"mf": ["BATTERY_LEVEL", "E_RANGE"], "cf": ["LOCK"]}
    assert record.status == 200
    assert record.path == f"/app/connect/v1/vehicles/{TAYCAN_VIN}"
    assert (simulator.log.logins, simulator.log.refreshes) == (1, 1)
    paths = [r.path for r in simulator.log.records]
    assert paths[:2] == ["/authorize", "/u/login/identifier"]
    assert simulator.log.count(path="/u/login/password", status=302) == 1


def test_fleet_files() -> None:
    specs = load_fleet()
    assert [spec.vin for spec in specs] == list(DEMO_VINS)
    assert len(list(FLEET_DIR.glob("*.json"))) == len(DEMO_VINS)
    for spec in specs:
        assert len(spec.vin) == 17
        assert spec.vehicle.get("customName") == NICKNAMES[spec.vin]
    with pytest.raises(KeyError):
        load_car("WP0NOPE0000000000")


async def test_add_a_car_from_a_dict(simulator: Simulator, client: RefClient) -> None:
    data = json.loads((FLEET_DIR / "macan_electric_2026.json").read_text())
    data["vehicle"]["vin"] = "WP1ZZZXAZTL999999"
    data["vehicle"]["customName"] = "Second Macan"
    car = simulator.add_car(DEMO_EMAIL, data)
    assert car.vin == "WP1ZZZXAZTL999999"
    simulator.add_car(DEMO_EMAIL, CarSpec.from_dict(data))  # already there: no-op
    await client.login(DEMO_EMAIL, DEMO_PASSWORD)
    cars = await client.vehicles()
    assert [c["vin"] for c in cars][-1] == "WP1ZZZXAZTL999999"
    assert cars[-1]["customName"] == "Second Macan"


async def test_start_simulator_context(
    session: aiohttp.ClientSession, socket_enabled: None
) -> None:
    async with start_simulator(command_delay=0, token_lifetime=60) as sim:
        assert sim.base_url.startswith("http://127.0.0.1:")
        assert sim.identity_url == sim.base_url
        assert sim.api_url == f"{sim.base_url}/app"
        assert await sim.start() == sim.base_url  # already started
        client = RefClient(session, sim.identity_url, sim.api_url)
        tokens = await client.login(DEMO_EMAIL, DEMO_PASSWORD)
        assert tokens["expires_in"] == 60
    await sim.stop()  # stopping twice is harmless


async def test_without_demo_account(socket_enabled: None) -> None:
    async with start_simulator(demo_account=False) as sim:
        assert sim.ctx.world.accounts == {}


async def test_fixture_defaults(simulator: Simulator) -> None:
    assert simulator.options.command_delay == 0
    assert simulator.options.latency_ms == 0
    assert simulator.options.token_lifetime == 3600
    assert simulator.measurement(MACAN_VIN, "NOPE") is None


def test_command_line_arguments() -> None:
    args = parse_args(["--port", "0", "--latency-ms", "5", "--command-delay", "0.5"])
    assert (args.host, args.port, args.latency_ms, args.command_delay) == (
        "127.0.0.1",
        0,
        5,
        0.5,
    )
    assert args.token_lifetime == 3600


@pytest.mark.usefixtures("socket_enabled")
def test_python_m_simulator_runs_and_stops_on_ctrl_c() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "simulator", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith("Porsche Connect simulator at http://127.0.0.1:")
        output = first + "".join(process.stdout.readline() for _ in range(4))
        assert f"{DEMO_EMAIL} / {DEMO_PASSWORD}" in output
        process.send_signal(subprocess.signal.SIGINT)  # type: ignore[attr-defined]
        rest, _ = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0
    assert "Simulator stopped." in rest
