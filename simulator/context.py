"""Options and the shared context every part of the simulator works on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .clock import SimClock
from .log import RequestLog
from .state import World
from .tokens import IdentityState

type ChallengePlace = Literal[
    "status_details", "status", "response_status", "data", "response"
]
"""Where the ``SPIN_CHALLENGE`` command hands out its challenge.

- ``status_details``: in the status poll, ``status.details.challenge`` (default);
- ``status``: in the status poll, ``status.challenge``;
- ``response_status``: in the 201 answer, ``status.challenge``;
- ``data``: in the 201 answer, ``data.challenge``;
- ``response``: in the 201 answer, top-level ``challenge``.
"""

type ActiveProfileFields = Literal["both", "summary_id", "none"]
"""Which invented fields name the active charging profile in overviews.

- ``both``: ``CHARGING_PROFILES.currentProfileId`` and ``CHARGING_SUMMARY.chargingProfile.id``;
- ``summary_id``: only ``CHARGING_SUMMARY.chargingProfile.id``;
- ``none``: neither (only ``chargingProfile.minSoC``/``targetSoC`` hint at it).
"""

type CaptchaLayout = Literal["both", "context", "img", "bare"]
"""Where the captcha image appears on the 400 page: ``screen.captcha.image`` of the
``atob`` context and ``<img alt="captcha">`` (``both``), only one of them, or only as a
bare ``data:image/svg+xml;base64,…`` string (``bare``)."""


@dataclass(slots=True)
class SimOptions:
    """Behaviour switches of the simulator (all changeable at run time).

    Attributes:
        latency_ms: Delay added to every answer.
        wake_latency_ms: Extra delay of an overview with ``wakeUpJob``.
        token_lifetime: Access-token lifetime (``expires_in``), seconds.
        refresh_token_lifetime: Absolute lifetime of a refresh token, seconds.
        rotate_refresh_tokens: Hand out a new refresh token at every refresh (the old
            one then dies); when off, the refresh answer carries no ``refresh_token``.
        invalid_grant_status: Status of an ``invalid_grant`` answer (403, 400 or 401).
        command_delay: Seconds from ``ACCEPTED`` to the final result.
        login_rate_limit: Logins per address and window before the captcha comes.
        login_rate_window: Length of that window, seconds.
        captcha_duration: How long the captcha stays once triggered, seconds.
        session_lifetime: Lifetime of the identity session cookie, seconds.
        code_lifetime: Lifetime of an authorization code, seconds.
        challenge_place: Where ``SPIN_CHALLENGE`` puts its challenge.
        challenge_lifetime: How long an S-PIN challenge can be used, seconds.
        spin_max_attempts: Wrong S-PINs in a row before unlocking is locked.
        spin_lockout: How long unlocking stays locked, seconds.
        privacy_cause: Cause of measurements withheld in privacy mode.
        wake_needs_app_user_agent: A ``wakeUpJob`` only wakes the car when the
            ``User-Agent`` is app-style (starts with ``de.porsche.one/``); otherwise the
            stored data comes back as it is (the reference: the app User-Agent is
            needed for live wake-up).
        active_profile_fields: Which invented fields name the active charging profile.
        strict_login_forms: Answer 400 when a login form lacks a field the reference
            posts (identifier: ``state``, ``username``, ``js-available``,
            ``webauthn-available``, ``is-brave``, ``webauthn-platform-available``,
            ``action``; password: ``state``, ``username``, ``password``, ``action``).
        captcha_layout: Where the captcha image appears on the page.
        captcha_rounds: Captchas to answer in a row before the login goes on.
        oil_level_shape: Answer ``OIL_LEVEL_*`` with the invented ``{"liters": …}``
            values; when off (default) these keys come back disabled with cause
            ``UNKNOWN``, as the reference gives no shape for them.
    """

    latency_ms: int = 0
    wake_latency_ms: int = 0
    token_lifetime: int = 3600
    refresh_token_lifetime: int = 90 * 24 * 3600
    rotate_refresh_tokens: bool = True
    invalid_grant_status: int = 403
    command_delay: float = 2.0
    login_rate_limit: int = 10
    login_rate_window: int = 3600
    captcha_duration: int = 72 * 3600
    session_lifetime: int = 3 * 24 * 3600
    code_lifetime: int = 600
    challenge_place: ChallengePlace = "status_details"
    challenge_lifetime: int = 300
    spin_max_attempts: int = 3
    spin_lockout: int = 900
    privacy_cause: str = "UNKNOWN"
    wake_needs_app_user_agent: bool = True
    active_profile_fields: ActiveProfileFields = "both"
    strict_login_forms: bool = True
    captcha_layout: CaptchaLayout = "both"
    captcha_rounds: int = 1
    oil_level_shape: bool = False


@dataclass(slots=True)
class SimContext:
    """Everything the request handlers share."""

    options: SimOptions
    clock: SimClock = field(default_factory=SimClock)
    log: RequestLog = field(default_factory=RequestLog)
    world: World = field(default_factory=World)
    identity: IdentityState = field(default_factory=IdentityState)
    base_url: str = ""
