"""Fleet dates are offsets from the simulator's start, not fixed November 2026 dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from freezegun.api import FrozenDateTimeFactory

from simulator import CARRERA_VIN, CAYENNE_VIN, MACAN_VIN, TAYCAN_VIN, Simulator
from simulator.fleet import load_car
from simulator.fleet_dates import FLEET_EPOCH, shift_dates


def _when(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def _trip_ends(sim: Simulator, vin: str) -> list[dt.datetime]:
    trips = sim.measurement(vin, "TRIP_STATISTICS_CYCLIC") or {}
    return [_when(t["tripEndTime"]) for t in trips["list"] if "tripEndTime" in t]


async def test_dates_are_relative_to_the_start(simulator: Simulator) -> None:
    now = simulator.clock.now()
    summary: Any = simulator.measurement(TAYCAN_VIN, "CHARGING_SUMMARY")
    assert (
        now < _when(summary["targetDateTimeWithOffset"]) < now + dt.timedelta(hours=4)
    )
    cayenne: Any = simulator.measurement(CAYENNE_VIN, "CHARGING_SUMMARY")
    assert _when(cayenne["targetDateTimeWithOffset"]) > now
    for vin, key in ((TAYCAN_VIN, "TIMERS"), (CAYENNE_VIN, "DEPARTURES")):
        timers: Any = simulator.measurement(vin, key)
        for timer in timers["list"]:
            departure = _when(timer["departureDateTime"])
            assert now < departure < now + dt.timedelta(days=10), timer
    for vin in (TAYCAN_VIN, MACAN_VIN, CAYENNE_VIN, CARRERA_VIN):
        ends = _trip_ends(simulator, vin)
        assert ends
        assert all(now - dt.timedelta(days=7) < end < now for end in ends), vin


async def test_dates_as_written_at_the_epoch(freezer: FrozenDateTimeFactory) -> None:
    freezer.move_to(FLEET_EPOCH)
    sim = Simulator(command_delay=0)
    spec = load_car(TAYCAN_VIN).measurements
    assert sim.measurement(TAYCAN_VIN, "TIMERS") == spec["TIMERS"]
    assert (
        sim.measurement(TAYCAN_VIN, "TRIP_STATISTICS_CYCLIC")
        == (spec["TRIP_STATISTICS_CYCLIC"])
    )


async def test_moved_dates_keep_the_zone(freezer: FrozenDateTimeFactory) -> None:
    freezer.move_to("2027-07-01T12:00:30Z")
    sim = Simulator(command_delay=0)
    timers: Any = sim.measurement(TAYCAN_VIN, "TIMERS")
    # 2026-11-09T07:30+01:00 is 3 days 10.5 h after the epoch; in summer it is +02:00.
    assert timers["list"][0]["departureDateTime"] == "2027-07-05T00:30:00+02:00"
    assert _trip_ends(sim, CARRERA_VIN)[0].utcoffset() == dt.timedelta(0)
    trips: Any = sim.measurement(CARRERA_VIN, "TRIP_STATISTICS_CYCLIC")
    assert trips["list"][0]["tripEndTime"].endswith("Z")


def test_shift_dates_leaves_other_strings() -> None:
    value = {"a": ["2026-11-05", "soon", 3, {"b": "2026-11-05T20:00Z"}]}
    moved = shift_dates(value, dt.timedelta(hours=1), dt.UTC)
    assert moved == {"a": ["2026-11-05", "soon", 3, {"b": "2026-11-05T21:00:00Z"}]}
