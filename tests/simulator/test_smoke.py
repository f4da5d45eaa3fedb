from __future__ import annotations

from simulator import DEMO_EMAIL, DEMO_PASSWORD, DEMO_VINS, TAYCAN_VIN, Simulator

from .refclient import RefClient


async def test_login_list_read(simulator: Simulator, client: RefClient) -> None:
    tokens = await client.login(DEMO_EMAIL, DEMO_PASSWORD)
    assert tokens["expires_in"] == 3600
    cars = await client.vehicles()
    assert [car["vin"] for car in cars] == list(DEMO_VINS)
    body = await client.overview(
        TAYCAN_VIN, ["BATTERY_LEVEL", "HVAC_SUMMARY"], ["LOCK"]
    )
    print(body)
    result = await client.unlock(TAYCAN_VIN, "1234")
    assert result["status"]["result"] == "PERFORMED", result
    assert simulator.log.logins == 1
