"""Constants of Porsche's service that the simulator checks, as the reference gives them."""

from __future__ import annotations

from typing import Final

CLIENT_ID: Final = "XhygisuebbrqQ80byOuU5VncxLIm8E6H"
X_CLIENT_ID: Final = "41843fb4-691d-4970-85c7-2673e8ecef40"
REDIRECT_URI: Final = "my-porsche-app://auth0/callback"
AUDIENCE: Final = "https://api.porsche.com"
SCOPE: Final = (
    "openid profile email offline_access mbb ssodb badge vin dealers cars charging "
    "manageCharging plugAndCharge climatisation manageClimatisation "
    "pid:user_profile.porscheid:read pid:user_profile.name:read "
    "pid:user_profile.vehicles:read pid:user_profile.dealers:read "
    "pid:user_profile.emails:read pid:user_profile.phones:read "
    "pid:user_profile.addresses:read pid:user_profile.birthdate:read "
    "pid:user_profile.locale:read pid:user_profile.legal:read"
)
APP_USER_AGENT_PREFIX: Final = "de.porsche.one/"
ACUL_SDK: Final = "@auth0/auth0-acul-js@1.2.0"
SESSION_COOKIE: Final = "auth0"

API_PREFIX: Final = "/app"
CONTROL_PREFIX: Final = "/_sim"
PICTURE_PREFIX: Final = "/picserv"

PICTURE_VIEWS: Final = ("frontView", "sideView", "rearView", "rearTopView", "topView")

DOOR_KEYS: Final = (
    "OPEN_STATE_DOOR_FRONT_LEFT",
    "OPEN_STATE_DOOR_FRONT_RIGHT",
    "OPEN_STATE_DOOR_REAR_LEFT",
    "OPEN_STATE_DOOR_REAR_RIGHT",
)
CLIMATE_ZONES: Final = ("frontLeft", "frontRight", "rearLeft", "rearRight")

# Keys withheld (reported disabled) while a car is in privacy mode.
PRIVACY_WITHHELD_PREFIXES: Final = ("GPS_LOCATION", "TRIP_STATISTICS_")
# Commands a car refuses while in privacy mode (its position must not be revealed
# and remote access to the body is blocked); climate and charging still work.
PRIVACY_FORBIDDEN_COMMANDS: Final = frozenset(
    {"HONK_FLASH", "LOCK", "UNLOCK", "SPIN_CHALLENGE", "TRUNK_UNLOCK"}
    | {"WINDOWS_SUNROOF_OPEN", "WINDOWS_SUNROOF_CLOSE", "WINDOWS_SUNROOF_VENT"}
)
