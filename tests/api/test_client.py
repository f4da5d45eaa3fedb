"""Data calls, retries and error mapping against the simulator."""

from __future__ import annotations

import aiohttp
import pytest

from custom_components.porsche_connect.api import (
    ALL_MEASUREMENTS,
    Forbidden,
    InvalidResponse,
    MobileAccessDisabled,
    PorscheConnectionError,
    PorscheError,
    RateLimited,
    ServerError,
    Session,
    VehicleNotFound,
    VehicleUnavailable,
    capabilities,
    overview,
    picture_bytes,
    pictures,
    trip_statistics,
    vehicles,
)
from simulator import (
    CARRERA_VIN,
    CAYENNE_VIN,
    DEMO_PASSWORD,
    MACAN_VIN,
    TAYCAN_VIN,
    UNPAIRED_VIN,
    Simulator,
)

from .conftest import new_session, sim_config

OVERVIEW_PATH = "/app/connect/v1/vehicles/{}"


async def test_vehicles(session: Session, simulator: Simulator) -> None:
    cars = await vehicles(session)
    assert [(c.vin, c.name, c.engine, c.connected) for c in cars] == [
        (TAYCAN_VIN, "Blue one", "BEV", True),
        (MACAN_VIN, "Macan 4 Electric", "BEV", True),
        (CAYENNE_VIN, "Weekend Cayenne", "PHEV", True),
        (CARRERA_VIN, "Sunday car", "COMBUSTION", True),
        (UNPAIRED_VIN, "Panamera 4 E-Hybrid", "PHEV", False),
    ]
    assert cars[0].model_year == 2022
    assert cars[0].model_code == "Y1ADB1"
    assert cars[0].color_name == "Frozen Blue Metallic"


async def test_overview_is_one_request_with_every_key(
    session: Session, simulator: Simulator
) -> None:
    simulator.log.clear()
    await overview(session, TAYCAN_VIN)
    assert len(simulator.log.records) == 1
    record = simulator.log.records[0]
    assert record.path == OVERVIEW_PATH.format(TAYCAN_VIN)
    assert record.query["mf"] == list(ALL_MEASUREMENTS)
    assert "wakeUpJob" not in record.query
    assert "cf" not in record.query


async def test_overview_wake_and_commands(
    session: Session, simulator: Simulator
) -> None:
    simulator.log.clear()
    ov = await overview(
        session, MACAN_VIN, wake=True, measurements="BATTERY_LEVEL", commands=["LOCK"]
    )
    record = simulator.log.records[0]
    assert record.query["mf"] == ["BATTERY_LEVEL"]
    assert record.query["cf"] == ["LOCK"]
    assert len(record.query["wakeUpJob"][0]) == 36
    assert ov.battery_level == 80
    assert ov.commands["LOCK"].enabled


def _value(sim: Simulator, vin: str, key: str, field: str) -> object:
    value = sim.measurement(vin, key)
    assert value is not None
    return value[field]


async def test_fleet_taycan(session: Session, simulator: Simulator) -> None:
    ov = await overview(session, TAYCAN_VIN)
    assert ov.vehicle.name == "Blue one"
    assert ov.battery_level == _value(simulator, TAYCAN_VIN, "BATTERY_LEVEL", "percent")
    assert ov.electric_range_km == _value(
        simulator, TAYCAN_VIN, "E_RANGE", "kilometers"
    )
    assert ov.mileage_km == 38421
    assert ov.charging is not None
    assert ov.charging.status == "CHARGING"
    assert ov.charging.mode == "PROFILE"
    assert ov.charging.plugged_in is True
    assert ov.charging.target_soc == 85
    assert ov.charging.active_profile_id == 4
    assert ov.charging.min_soc == 30
    assert ov.charging_rate is not None
    assert ov.charging_rate.power_kw == 11.0  # legacy chargingPower
    assert ov.charging_profiles is not None
    assert ov.charging_profiles.active is not None
    assert ov.charging_profiles.active.name == "Home"
    assert ov.climate is not None
    assert (ov.climate.on, ov.climate.target_celsius) == (False, 20.5)
    assert dict(ov.climate.zones) == {
        "front_left": False,
        "front_right": False,
        "rear_left": False,
        "rear_right": False,
    }
    assert ov.tyres["rear_left"].pressure_bar == 2.6  # legacy combined key
    assert ov.openings["charge_flap_left"] is True
    assert ov.locked is True
    assert ov.parking_brake is True
    assert ov.position is not None
    assert (ov.position.latitude, ov.position.longitude) == (48.8345, 9.1523)
    assert ov.position.heading == 112
    assert ov.service.main_km == 21579
    assert ov.service.intermediate_days == 37
    assert ov.timers is not None
    assert len(ov.timers) == 2
    assert ov.unavailable["HVAC_SUMMARY"] == "NOT_SUPPORTED"
    assert ov.data_updated_at is not None


async def test_fleet_macan(session: Session, simulator: Simulator) -> None:
    ov = await overview(session, MACAN_VIN)
    assert ov.vehicle.name == "Macan 4 Electric"
    assert ov.vehicle.custom_name is None
    assert ov.battery_level == 80
    assert ov.charging is not None
    assert ov.charging.status == "CHARGING_COMPLETED"
    assert ov.charging_rate is not None
    assert ov.charging_rate.power_kw == 0.0
    assert ov.charging_rate.max_power_kw == 270
    assert ov.charging_profiles is not None
    assert [p.id for p in ov.charging_profiles.profiles] == [0, 3, 5]
    assert ov.charging_profiles.active_id == 3
    assert ov.climate is not None
    assert (ov.climate.status, ov.climate.target_celsius) == ("OFF", 20.0)
    assert ov.tyres["rear_left"].pressure_bar == 3.0  # 2026 per-corner keys
    assert ov.openings["charge_flap_right"] is True
    assert "top" not in ov.openings
    assert ov.unavailable["TIRE_PRESSURE"] == "NOT_SUPPORTED"


async def test_fleet_cayenne(session: Session, simulator: Simulator) -> None:
    ov = await overview(session, CAYENNE_VIN)
    assert ov.vehicle.engine == "PHEV"
    assert ov.battery_level == 34
    assert ov.fuel_level == 62
    assert ov.fuel_reserve == 12
    assert ov.total_range_km == 472
    assert ov.charging is not None
    assert ov.charging.plugged_in is False
    assert ov.charging.mode == "CYCLIC_DEPARTURE"
    assert ov.charging_settings_target_soc == 80
    assert ov.charging_profiles is None
    assert ov.departures is not None
    assert [d["id"] for d in ov.departures] == [1, 2]
    assert ov.timers is None
    assert ov.locked is False
    assert ov.climate is not None
    assert ov.climate.target_celsius == 21.0
    assert len(ov.climate.zones) == 4
    assert ov.service.main_km == _value(
        simulator, CAYENNE_VIN, "MAIN_SERVICE_RANGE", "kilometers"
    )


async def test_fleet_carrera(session: Session, simulator: Simulator) -> None:
    # The reference gives no shape for OIL_LEVEL_*: disabled (UNKNOWN) unless the
    # simulator is asked for its invented {"liters": …} values.
    ov = await overview(session, CARRERA_VIN)
    assert ov.oil_level is None
    assert ov.unavailable["OIL_LEVEL_CURRENT"] == "UNKNOWN"
    simulator.options.oil_level_shape = True
    ov = await overview(session, CARRERA_VIN)
    assert ov.vehicle.engine == "COMBUSTION"
    assert ov.battery_level is None
    assert ov.unavailable["BATTERY_LEVEL"] == "NOT_SUPPORTED"
    assert ov.charging is None
    assert ov.climate is None
    assert ov.fuel_level == 41
    assert ov.oil_level == 7.1
    assert ov.service.oil_km == -350
    assert ov.service.oil_days == -12
    assert ov.openings["spoiler"] is False
    assert ov.tyres["front_left"].pressure_bar == 2.4


async def test_fleet_unpaired(session: Session, simulator: Simulator) -> None:
    ov = await overview(session, UNPAIRED_VIN)
    assert ov.vehicle.connected is False
    assert ov.available_keys == frozenset()
    assert set(ov.unavailable.values()) == {"NOT_CONNECTED"}
    assert ov.locked is None
    assert ov.position is None


async def test_privacy_mode_withholds_position(
    session: Session, simulator: Simulator
) -> None:
    simulator.set_privacy_mode(TAYCAN_VIN)
    ov = await overview(session, TAYCAN_VIN)
    assert ov.privacy_mode is True
    assert ov.position is None
    assert "GPS_LOCATION" in ov.unavailable


async def test_dropped_and_odd_measurements(
    session: Session, simulator: Simulator
) -> None:
    simulator.faults.drop_measurement("CHARGING_SUMMARY")
    simulator.faults.unexpected_shape("BATTERY_LEVEL", {"percent": "full"})
    simulator.faults.unexpected_shape("LOCK_STATE_VEHICLE")
    ov = await overview(session, TAYCAN_VIN)
    assert ov.charging is None  # plugged: unknown, not false
    assert ov.battery_level is None
    assert ov.locked is None
    assert ov.mileage_km == 38421  # the rest of the car is fine


async def test_capabilities(session: Session) -> None:
    caps = await capabilities(session, TAYCAN_VIN)
    assert caps.enabled("LOCK")
    assert caps.enabled("REMOTE_CLIMATIZER_START")
    assert not caps.enabled("CHARGING_SETTINGS_EDIT")
    assert caps.commands["TRUNK_UNLOCK"].cause == "NOT_SUPPORTED"
    assert (caps.climatisation_min_celsius, caps.climatisation_max_celsius) == (
        15.0,
        30.0,
    )
    carrera = await capabilities(session, CARRERA_VIN)
    assert not carrera.enabled("REMOTE_CLIMATIZER_START")
    assert carrera.climatisation_min_celsius is None


async def test_pictures(session: Session, simulator: Simulator) -> None:
    pics = await pictures(session, TAYCAN_VIN)
    assert [p.view for p in pics] == [
        "frontView",
        "sideView",
        "rearView",
        "rearTopView",
        "topView",
    ]
    assert pics[0].size == 2
    data = await picture_bytes(session, pics[0].url)
    assert data.startswith(b"\x89PNG")


async def test_picture_under_the_api_gets_the_token(
    session: Session, simulator: Simulator
) -> None:
    with pytest.raises(VehicleNotFound):
        await picture_bytes(session, f"{simulator.api_url}/connect/v1/vehicles/X")


async def test_trip_statistics(session: Session, simulator: Simulator) -> None:
    trips = await trip_statistics(session, TAYCAN_VIN)
    assert [t.distance_km for t in trips] == [42.7, 12.1]
    assert trips[0].avg_kwh_per_100km == 21.4
    macan = await trip_statistics(session, MACAN_VIN)
    assert macan[0].distance_km == 88.3
    assert macan[0].avg_kwh_per_100km == 18.2
    assert simulator.log.records[-1].query["mf"] == ["TRIP_STATISTICS_CYCLIC"]


async def test_unknown_vehicle(session: Session) -> None:
    with pytest.raises(VehicleNotFound) as err:
        await overview(session, "WP0ZZZ00000000000")
    assert "WP0ZZZ00000000000" not in str(err.value)


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, PorscheError),
        (403, Forbidden),
        (405, MobileAccessDisabled),
        (408, VehicleUnavailable),
        (500, ServerError),
    ],
)
async def test_status_errors_not_retried(
    session: Session,
    simulator: Simulator,
    sleeps: list[float],
    status: int,
    error: type[Exception],
) -> None:
    simulator.faults.status(status)
    with pytest.raises(error):
        await overview(session, TAYCAN_VIN)
    assert simulator.log.count(path=OVERVIEW_PATH.format(TAYCAN_VIN)) == 1
    assert sleeps == []


async def test_retry_after_is_honoured(
    session: Session, simulator: Simulator, sleeps: list[float]
) -> None:
    simulator.faults.rate_limit(retry_after=7)
    await vehicles(session)
    assert sleeps == [7]
    assert simulator.log.count(path="/app/connect/v1/vehicles") == 2


@pytest.mark.parametrize("status", [502, 503, 504])
async def test_backoff_2_4_8(
    session: Session, simulator: Simulator, sleeps: list[float], status: int
) -> None:
    simulator.faults.server_errors(status, times=3)
    assert len(await vehicles(session)) == 5
    assert sleeps == [2, 4, 8]


async def test_at_most_three_retries(
    session: Session, simulator: Simulator, sleeps: list[float]
) -> None:
    simulator.faults.server_errors(503, times=10)
    with pytest.raises(ServerError) as err:
        await vehicles(session)
    assert err.value.status == 503
    assert simulator.log.count(path="/app/connect/v1/vehicles") == 4
    assert sleeps == [2, 4, 8]


async def test_backoff_cap(
    simulator: Simulator, http: aiohttp.ClientSession, sleeps: list[float]
) -> None:
    session = new_session(simulator, http, config=sim_config(simulator, backoff_cap=5))
    await session.login()
    simulator.faults.rate_limit(retry_after=None, times=3)
    await vehicles(session)
    assert sleeps == [2, 4, 5]


async def test_long_retry_after_is_raised(
    session: Session, simulator: Simulator, sleeps: list[float]
) -> None:
    simulator.faults.rate_limit(retry_after=600)
    with pytest.raises(RateLimited) as err:
        await vehicles(session)
    assert err.value.retry_after == 600
    assert sleeps == []


async def test_timeout_is_retried(
    simulator: Simulator, http: aiohttp.ClientSession, sleeps: list[float]
) -> None:
    session = new_session(simulator, http, config=sim_config(simulator, timeout=0.3))
    await session.login()
    simulator.faults.timeout(path="/app/connect/v1/vehicles")
    assert len(await vehicles(session)) == 5
    assert sleeps == [2]


async def test_timeout_gives_connection_error(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    config = sim_config(simulator, timeout=0.2, max_retries=0)
    session = new_session(simulator, http, config=config)
    await session.login()
    simulator.faults.timeout(path="/app/connect/v1/vehicles")
    with pytest.raises(PorscheConnectionError):
        await vehicles(session)


async def test_unreachable(
    session: Session, simulator: Simulator, sleeps: list[float]
) -> None:
    await simulator.stop()
    with pytest.raises(PorscheConnectionError):
        await vehicles(session)
    assert sleeps == [2, 4, 8]
    with pytest.raises(PorscheConnectionError):
        await session.login()


async def test_malformed_json(session: Session, simulator: Simulator) -> None:
    simulator.faults.malformed_json()
    with pytest.raises(InvalidResponse):
        await overview(session, TAYCAN_VIN)


async def test_html_body_with_200(session: Session, simulator: Simulator) -> None:
    simulator.faults.html_body(status=200)
    with pytest.raises(InvalidResponse):
        await vehicles(session)


async def test_html_502_is_retried(
    session: Session, simulator: Simulator, sleeps: list[float]
) -> None:
    simulator.faults.html_body(status=502, times=2)
    assert len(await vehicles(session)) == 5
    assert sleeps == [2, 4]


async def test_html_and_empty_error_bodies(
    session: Session, simulator: Simulator
) -> None:
    simulator.faults.html_body(status=404)
    with pytest.raises(VehicleNotFound):
        await vehicles(session)
    simulator.faults.empty_body(status=200)
    with pytest.raises(InvalidResponse, match="empty"):
        await vehicles(session)
    simulator.faults.empty_body(status=405)
    with pytest.raises(MobileAccessDisabled):
        await vehicles(session)


async def test_not_a_list_or_object(session: Session, simulator: Simulator) -> None:
    simulator.faults.status(200)  # {"status": 200, "message": ...}
    with pytest.raises(InvalidResponse):
        await vehicles(session)


async def test_errors_free_of_secrets(session: Session, simulator: Simulator) -> None:
    token = session.token
    assert token is not None
    raised: list[BaseException] = []
    for arm in (
        lambda: simulator.faults.status(403),
        lambda: simulator.faults.rate_limit(retry_after=999),
        simulator.faults.malformed_json,
    ):
        arm()
        with pytest.raises(PorscheError) as err:
            await overview(session, TAYCAN_VIN)
        raised.append(err.value)
    for error in raised:
        text = f"{error!s} {error!r}"
        for secret in (token["access_token"], token["refresh_token"], DEMO_PASSWORD):
            assert secret not in text
        assert TAYCAN_VIN not in text
