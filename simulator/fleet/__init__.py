"""The demo fleet: one JSON file per car in this folder, plus constants naming them.

Add a car by dropping a JSON file here (same shape as the others): every ``*.json``
file in this folder is loaded, in file-name order, and given to the demo account.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
import json
from pathlib import Path
from typing import Any, Final

FLEET_DIR: Final = Path(__file__).parent

DEMO_EMAIL: Final = "demo@example.com"
DEMO_PASSWORD: Final = "demo"  # noqa: S105 - the public demo account
DEMO_SPIN: Final = "1234"

TAYCAN_VIN: Final = "WP0ZZZY1ZNS100001"
"""Taycan 4S 2022 (BEV), pre-2026 keys, plugged in and charging (profile 4 "Home")."""
MACAN_VIN: Final = "WP1ZZZXAZTL200002"
"""Macan 4 Electric 2026 (BEV), 2026 keys, three charging profiles, charged (completed)."""
CAYENNE_VIN: Final = "WP1ZZZ9YZRD300003"
"""Cayenne E-Hybrid 2024 (PHEV), fuel and battery, departures, CHARGING_SETTINGS."""
CARRERA_VIN: Final = "WP0ZZZ99ZSS400004"
"""911 Carrera 2025 (combustion), oil level and an overdue oil service."""
UNPAIRED_VIN: Final = "WP0ZZZYAZSL500005"
"""Panamera 4 E-Hybrid 2025, not paired (``connect: false``)."""

DEMO_VINS: Final = (TAYCAN_VIN, MACAN_VIN, CAYENNE_VIN, CARRERA_VIN, UNPAIRED_VIN)
"""Every VIN of the demo account, in the order the vehicle list gives them."""

NICKNAMES: Final[dict[str, str | None]] = {
    TAYCAN_VIN: "Blue one",
    MACAN_VIN: None,
    CAYENNE_VIN: "Weekend Cayenne",
    CARRERA_VIN: "Sunday car",
    UNPAIRED_VIN: None,
}
"""``customName`` of each demo car (``None``: the owner set none)."""


@dataclass(frozen=True, slots=True)
class CarSpec:
    """A car as its data file describes it (never mutated; the state copies it).

    Attributes:
        vehicle: Top-level fields of the list entry and the overview.
        simulation: Physical parameters (battery size, consumption, zones, ...).
        measurements: Measurement key -> value (without ``lastModified``).
        disabled: Measurement key -> cause, for keys the car reports as disabled.
        commands: Capabilities: ``{"key": ..., "metadata": {...}}``.
    """

    vehicle: dict[str, Any]
    simulation: dict[str, Any] = field(default_factory=dict)
    measurements: dict[str, dict[str, Any]] = field(default_factory=dict)
    disabled: dict[str, str] = field(default_factory=dict)
    commands: list[dict[str, Any]] = field(default_factory=list)

    @property
    def vin(self) -> str:
        """Return the car's VIN."""
        return str(self.vehicle["vin"])

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CarSpec:
        """Build a spec from a data file's content (deep-copied)."""
        data = copy.deepcopy(data)
        return cls(
            vehicle=data["vehicle"],
            simulation=data.get("simulation", {}),
            measurements=data.get("measurements", {}),
            disabled=data.get("disabled", {}),
            commands=data.get("commands", []),
        )


def load_fleet(directory: Path = FLEET_DIR) -> list[CarSpec]:
    """Load every ``*.json`` car file of ``directory``, ordered as :data:`DEMO_VINS`.

    Cars not named in :data:`DEMO_VINS` follow, in file-name order.
    """
    specs = [
        CarSpec.from_dict(json.loads(path.read_text(encoding="utf-8")))
        for path in sorted(directory.glob("*.json"))
    ]
    order = {vin: index for index, vin in enumerate(DEMO_VINS)}
    return sorted(specs, key=lambda spec: order.get(spec.vin, len(order)))


def load_car(vin: str) -> CarSpec:
    """Return the demo car with this VIN.

    Raises:
        KeyError: No car file has this VIN.
    """
    for spec in load_fleet():
        if spec.vin == vin:
            return spec
    raise KeyError(vin)
