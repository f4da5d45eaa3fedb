"""A stateful stand-in for Porsche's identity server and Connect API, for tests and demos.

Usage::

    async with start_simulator(command_delay=0) as sim:
        ...  # log in at sim.identity_url, call the API at sim.api_url

See ``simulator/README.md`` for the fleet, the control handle and the faults.
"""

from __future__ import annotations

from .fleet import (
    CARRERA_VIN,
    CAYENNE_VIN,
    DEMO_EMAIL,
    DEMO_PASSWORD,
    DEMO_SPIN,
    DEMO_VINS,
    MACAN_VIN,
    TAYCAN_VIN,
    UNPAIRED_VIN,
)
from .server import Simulator, start_simulator

__all__ = [
    "CARRERA_VIN",
    "CAYENNE_VIN",
    "DEMO_EMAIL",
    "DEMO_PASSWORD",
    "DEMO_SPIN",
    "DEMO_VINS",
    "MACAN_VIN",
    "TAYCAN_VIN",
    "UNPAIRED_VIN",
    "Simulator",
    "start_simulator",
]
