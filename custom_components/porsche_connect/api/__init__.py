"""A Porsche Connect client: aiohttp and the standard library only, no Home Assistant.

Log in with a :class:`Session`, then call the stateless functions of :mod:`.client`
with the session (or a :class:`RequestData` taken from it)::

    session = Session(http, "me@example.com", "secret", Config(country="GB", language="en"))
    await session.login()
    for car in await vehicles(session):
        data = await overview(session, car.vin)
"""

from .auth import LoginContinuation
from .client import (
    capabilities,
    overview,
    picture_bytes,
    pictures,
    poll,
    send_command,
    trip_statistics,
    vehicles,
    wait,
)
from .config import Config
from .errors import (
    AccountLocked,
    BadRequest,
    CaptchaRequired,
    CommandError,
    CommandTimeout,
    Forbidden,
    InvalidCredentials,
    InvalidResponse,
    MobileAccessDisabled,
    PorscheAuthError,
    PorscheConnectionError,
    PorscheError,
    RateLimited,
    RefreshTokenInvalid,
    ServerError,
    TooManyLogins,
    Unauthorized,
    VehicleNotFound,
    VehicleUnavailable,
)
from .keys import (
    ALL_COMMANDS,
    ALL_MEASUREMENTS,
)
from .overview import (
    Overview,
)
from .parts import (
    ChargingProfile,
    ChargingProfiles,
    ChargingRate,
    ChargingSummary,
    Climate,
    Position,
    ServiceIntervals,
    Tyre,
)
from .remote import (
    HONK_FLASH_MODES,
    climatisation_start,
    climatisation_stop,
    direct_charging,
    honk_flash,
    lock,
    set_charging_profile,
    set_target_soc,
    set_timers,
    spin_hash,
    unlock,
)
from .session import RequestData, Session, request_data
from .status import (
    CommandStatus,
    PendingCommand,
)
from .vehicle import (
    Capabilities,
    CommandCapability,
    Picture,
    Trip,
    Vehicle,
)

__all__ = [
    "ALL_COMMANDS",
    "ALL_MEASUREMENTS",
    "HONK_FLASH_MODES",
    "AccountLocked",
    "BadRequest",
    "Capabilities",
    "CaptchaRequired",
    "ChargingProfile",
    "ChargingProfiles",
    "ChargingRate",
    "ChargingSummary",
    "Climate",
    "CommandCapability",
    "CommandError",
    "CommandStatus",
    "CommandTimeout",
    "Config",
    "Forbidden",
    "InvalidCredentials",
    "InvalidResponse",
    "LoginContinuation",
    "MobileAccessDisabled",
    "Overview",
    "PendingCommand",
    "Picture",
    "PorscheAuthError",
    "PorscheConnectionError",
    "PorscheError",
    "Position",
    "RateLimited",
    "RefreshTokenInvalid",
    "RequestData",
    "ServerError",
    "ServiceIntervals",
    "Session",
    "TooManyLogins",
    "Trip",
    "Tyre",
    "Unauthorized",
    "Vehicle",
    "VehicleNotFound",
    "VehicleUnavailable",
    "capabilities",
    "climatisation_start",
    "climatisation_stop",
    "direct_charging",
    "honk_flash",
    "lock",
    "overview",
    "picture_bytes",
    "pictures",
    "poll",
    "request_data",
    "send_command",
    "set_charging_profile",
    "set_target_soc",
    "set_timers",
    "spin_hash",
    "trip_statistics",
    "unlock",
    "vehicles",
    "wait",
]
