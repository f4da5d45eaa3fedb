"""Constants of the Porsche Connect integration."""

from __future__ import annotations

from datetime import timedelta
import logging
from typing import Final

DOMAIN: Final = "porsche_connect"
LOGGER = logging.getLogger(__package__)

# Entry data.
CONF_TOKEN: Final = "token"  # noqa: S105 - a key name, not a secret
# Entry options.
CONF_SCAN_INTERVAL: Final = "scan_interval"  # minutes
CONF_CHARGING_SCAN_INTERVAL: Final = "charging_scan_interval"  # minutes
# VINs the user unticked; absent = none. Cars that join the account later are included.
CONF_EXCLUDED_VEHICLES: Final = "excluded_vehicles"
# The options form's field: the cars ticked. Not stored since excluded_vehicles; entries
# saved before may still hold it (an include-list), which is ignored.
CONF_VEHICLES: Final = "vehicles"
CONF_LANGUAGE: Final = "language"
CONF_COUNTRY: Final = "country"
CONF_TIME_ZONE: Final = "time_zone"

DEFAULT_SCAN_INTERVAL: Final = 15
DEFAULT_CHARGING_SCAN_INTERVAL: Final = 5
MIN_SCAN_INTERVAL: Final = 5
MAX_SCAN_INTERVAL: Final = 24 * 60

# How often the account's vehicle list is read (cars added or removed).
VEHICLE_LIST_INTERVAL: Final = timedelta(hours=1)
# While a car has no pictures, how often the poll asks for them again.
PICTURES_RETRY_INTERVAL: Final = timedelta(hours=1)
# After a failed token refresh, try again this often until the token expires.
REFRESH_RETRY_INTERVAL: Final = timedelta(minutes=1)
# At most one full login per this interval, whatever fails: Porsche answers repeated
# logins with captchas for days, or locks the account.
LOGIN_RETRY_INTERVAL: Final = timedelta(minutes=30)

# Charging states in which the faster polling interval applies.
CHARGING_STATES: Final = frozenset({"CHARGING", "INITIALISING", "INSTANT_CHARGING"})

# Development only: point the integration at a Porsche Connect simulator
# (e.g. http://127.0.0.1:8765) instead of Porsche. Read from the environment.
ENV_SERVER: Final = "PORSCHE_CONNECT_SERVER"
