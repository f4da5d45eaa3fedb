"""Configuration of the client: where to connect, which locale, how patient to be.

A :class:`Config` is a frozen value. Build it from keywords, a mapping (for example the
options of a config entry) or another ``Config`` with :meth:`Config.build`; an unknown key
is a :class:`ValueError`, so a typo never passes silently.

Besides the fields agreed for the project, ``backoff_base`` (2 s: the first retry waits 2 s,
then 4, then 8, each capped at ``backoff_cap``) is configurable so that a caller can make
every delay zero.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any, Final

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
DEFAULT_API_URL: Final = "https://api.ppa.porsche.com/app"
DEFAULT_IDENTITY_URL: Final = "https://identity.porsche.com"
DEFAULT_USER_AGENT: Final = "de.porsche.one/20.26.36-row+186611 (android)"


@dataclass(frozen=True, slots=True)
class Config:
    """Everything the client needs to know besides the credentials.

    Attributes:
        language: Two-letter language code, e.g. ``"de"``.
        country: Two-letter country code, e.g. ``"DE"``.
        timezone: IANA time zone of the car's owner (local times of timers).
        api_url: Base of the data API, without a trailing slash.
        identity_url: Base of the identity (login) server, without a trailing slash.
        timeout: Total timeout of one HTTP request, in seconds.
        max_retries: How often an idempotent request is retried (429/502/503/504, transport).
        backoff_cap: Longest wait between two retries, in seconds.
        backoff_base: First wait between retries (then doubled), in seconds.
        user_agent: The app-style ``User-Agent`` sent with every request.
        resume_delay: Pause before the login's resume chain, in seconds.
    """

    language: str = "de"
    country: str = "DE"
    timezone: str = "Etc/UTC"
    api_url: str = DEFAULT_API_URL
    identity_url: str = DEFAULT_IDENTITY_URL
    timeout: float = 30.0
    max_retries: int = 3
    backoff_cap: float = 30.0
    backoff_base: float = 2.0
    user_agent: str = DEFAULT_USER_AGENT
    resume_delay: float = 2.5

    def __post_init__(self) -> None:
        """Normalise the locale and URLs and reject impossible values."""
        object.__setattr__(self, "language", str(self.language).strip().lower())
        object.__setattr__(self, "country", str(self.country).strip().upper())
        object.__setattr__(self, "api_url", str(self.api_url).rstrip("/"))
        object.__setattr__(self, "identity_url", str(self.identity_url).rstrip("/"))
        if not self.language or not self.country:
            raise ValueError("language and country must not be empty")
        if self.timeout <= 0:
            raise ValueError("timeout must be positive")
        if self.max_retries < 0:
            raise ValueError("max_retries must not be negative")
        if min(self.backoff_cap, self.backoff_base, self.resume_delay) < 0:
            raise ValueError("delays must not be negative")

    @property
    def locale(self) -> str:
        """Locale with an underscore, e.g. ``de_DE``."""
        return f"{self.language}_{self.country}"

    @property
    def accept_language(self) -> str:
        """Value of the ``Accept-Language`` header, e.g. ``de-DE``."""
        return f"{self.language}-{self.country}"

    @property
    def ui_locales(self) -> str:
        """Value of the login page's ``ui_locales`` parameter, e.g. ``de-DE``."""
        return f"{self.language}-{self.country}"

    @classmethod
    def build(
        cls, value: Config | Mapping[str, Any] | None = None, **overrides: Any
    ) -> Config:
        """Build a configuration from a ``Config``, a mapping and/or keywords.

        Args:
            value: A ``Config`` to start from, a mapping of field names, or ``None``
                for the defaults.
            **overrides: Fields to set on top of ``value``.

        Returns:
            The new configuration.

        Raises:
            ValueError: A key is not a field of ``Config``, or a value is impossible.
            TypeError: ``value`` is neither a ``Config`` nor a mapping.
        """
        known = {f.name for f in fields(cls)}
        if value is None:
            values: dict[str, Any] = {}
        elif isinstance(value, Config):
            values = {}
        elif isinstance(value, Mapping):
            values = dict(value)
        else:
            raise TypeError("value must be a Config, a mapping or None")
        values.update(overrides)
        unknown = sorted(str(key) for key in values if key not in known)
        if unknown:
            raise ValueError(f"unknown configuration key(s): {', '.join(unknown)}")
        if isinstance(value, Config):
            return replace(value, **values)
        return cls(**values)
