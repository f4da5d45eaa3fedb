"""Diagnostics: what the integration sees, with every secret and precise location redacted."""

from __future__ import annotations

from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.const import CONF_PASSWORD, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.helpers.device_registry import DeviceEntry

from .const import CONF_EXCLUDED_VEHICLES, CONF_TOKEN, CONF_VEHICLES, DOMAIN
from .coordinator import PorscheConfigEntry, VehicleCoordinator

# Keys whose values never leave the house, wherever they appear in the data.
TO_REDACT = {
    CONF_PASSWORD,
    CONF_USERNAME,
    CONF_TOKEN,
    # The options' VINs: the cars unticked (and the include-list of earlier versions).
    CONF_EXCLUDED_VEHICLES,
    CONF_VEHICLES,
    "access_token",
    "refresh_token",
    "id_token",
    "email",
    "vin",
    "pairingCodeV2",
    "pairingCode",
    "code",
    "location",
    "latitude",
    "longitude",
    "challenge",
    "spin",
    "title",
    "unique_id",
    "serial_number",
}


def _vehicle(coordinator: VehicleCoordinator) -> dict[str, Any]:
    overview = coordinator.data
    return {
        "model": coordinator.vehicle.model_name,
        "model_code": coordinator.vehicle.model_code,
        "model_year": coordinator.vehicle.model_year,
        "last_update_success": coordinator.last_update_success,
        "update_interval": str(coordinator.update_interval),
        "unavailable": dict(overview.unavailable) if overview else None,
        "raw": async_redact_data(dict(overview.raw), TO_REDACT) if overview else None,
    }


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: PorscheConfigEntry
) -> dict[str, Any]:
    """Everything, redacted."""
    data = entry.runtime_data
    return {
        "entry": async_redact_data(entry.as_dict(), TO_REDACT),
        "token_expires_at": str(data.session.session.expires_at),
        "vehicles": [
            async_redact_data(dict(vehicle.raw), TO_REDACT)
            for vehicle in data.account.data or []
        ],
        "overviews": [_vehicle(c) for c in data.vehicles.values()],
    }


async def async_get_device_diagnostics(
    hass: HomeAssistant, entry: PorscheConfigEntry, device: DeviceEntry
) -> dict[str, Any]:
    """One car, redacted."""
    vins = {identifier for domain, identifier in device.identifiers if domain == DOMAIN}
    return {
        "vehicle": next(
            (
                _vehicle(c)
                for vin, c in entry.runtime_data.vehicles.items()
                if vin in vins
            ),
            None,
        )
    }
