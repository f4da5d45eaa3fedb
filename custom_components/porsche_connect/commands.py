"""Shared command handling for every control and action.

A command is sent through the session coordinator, then its status is polled until
Porsche reports ``PERFORMED`` (the client keeps polling through 504s and 429s, and renews
a refused token between polls: a command Porsche took is never sent again; nothing
blocks the event loop). Then the car's state is updated at once where the outcome is certain, and its
coordinator refreshed. Commands to one car are queued on the coordinator's
``command_lock``: a command is built from the car's state only once the lock is held,
and its effect is shown before the next command is built, so edits sent at the same
time each build on the one before. Failures become translated errors that carry
Porsche's reason; an S-PIN never appears in a log line or an error.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypedDict

from homeassistant.exceptions import HomeAssistantError, ServiceValidationError

from .api import (
    CommandError,
    CommandStatus,
    CommandTimeout,
    Overview,
    PorscheError,
    RateLimited,
    RequestData,
    Session,
)
from .const import DOMAIN, LOGGER
from .coordinator import VehicleCoordinator
from .entity import PorscheEntity, PorscheEntityDescription
from .errors import request_failed

# Seconds between two status polls of a command, and how many polls before giving up
# (about three minutes, as the reference advises). Tests set the interval to 0.
POLL_INTERVAL = 2.0
POLL_ATTEMPTS = 90
# A command refused with 429 is sent once more after Porsche's Retry-After (else this
# many seconds), unless Porsche asks for a longer pause than RATE_LIMIT_MAX_WAIT.
RATE_LIMIT_WAIT = 5.0
RATE_LIMIT_MAX_WAIT = 30.0

# What the client's calls take as their source. Commands are given the session itself.
type Source = Session | RequestData
# A command call: given the source and the car's current state (read once the car's
# command lock is held), it sends the command and waits until it is done.
type CommandCall[T] = Callable[[Source, Overview], Awaitable[T]]


class Polling(TypedDict):
    """Keyword arguments of the client's command helpers that set the polling."""

    interval: float
    attempts: int


def polling() -> Polling:
    """The polling of a command, read at call time (tests change the constants)."""
    return Polling(interval=POLL_INTERVAL, attempts=POLL_ATTEMPTS)


def command_enabled(overview: Overview | None, key: str) -> bool:
    """Whether the car lists command ``key`` as enabled."""
    if overview is None:
        return False
    capability = overview.commands.get(key)
    return capability is not None and capability.enabled


def check_remote_access(coordinator: VehicleCoordinator) -> None:
    """Refuse a command to a car whose owner has not authorised remote access."""
    if coordinator.data is not None and coordinator.data.remote_access is False:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="remote_access_disabled",
            translation_placeholders={"name": coordinator.vehicle.name},
        )


def check_command(coordinator: VehicleCoordinator, key: str) -> None:
    """Refuse a command the car does not list as enabled (from a control or an action)."""
    if not command_enabled(coordinator.data, key):
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="command_not_supported",
            translation_placeholders={
                "command": key,
                "name": coordinator.vehicle.name,
            },
        )


def command_failed(err: CommandError) -> HomeAssistantError:
    """A translated error for a command Porsche answered with ``ERROR``."""
    details = err.details or ""
    upper = details.upper()
    if "SPIN_LOCKED" in upper or "LOCKED_OUT" in upper:
        return HomeAssistantError(
            translation_domain=DOMAIN, translation_key="pin_locked"
        )
    if err.key in ("UNLOCK", "SPIN_CHALLENGE") and "PIN" in upper:
        # The user typed it: a validation error, not a failure of the integration.
        return ServiceValidationError(
            translation_domain=DOMAIN, translation_key="wrong_pin"
        )
    if "PRIVACY" in upper:
        return HomeAssistantError(
            translation_domain=DOMAIN, translation_key="privacy_mode"
        )
    if "REMOTE_ACCESS" in upper:
        return HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="command_remote_access",
        )
    if details:
        return HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="command_failed",
            translation_placeholders={"command": err.key, "reason": details},
        )
    return HomeAssistantError(
        translation_domain=DOMAIN,
        translation_key="command_failed_no_reason",
        translation_placeholders={"command": err.key},
    )


async def _async_call_with_backoff[T](
    coordinator: VehicleCoordinator, call: Callable[[Source], Awaitable[T]]
) -> T:
    """Run a command call; after a 429 wait as Porsche asks and send it once more.

    A 429 on the command itself means Porsche did nothing, so one more try is safe.
    The call gets the session itself: a refused token is renewed by the client while
    it polls, so the command is not sent again.
    """
    try:
        return await coordinator.session.async_run_command(call)
    except RateLimited as err:
        wait = RATE_LIMIT_WAIT if err.retry_after is None else err.retry_after
        if wait > RATE_LIMIT_MAX_WAIT:
            raise
        LOGGER.debug("Porsche asks to slow down; sending again in %.0f s", wait)
        await asyncio.sleep(wait)
        return await coordinator.session.async_run_command(call)


async def async_run_command[T](
    coordinator: VehicleCoordinator,
    call: CommandCall[T],
    *,
    optimistic: Callable[[Overview], Overview] | None = None,
    refresh: bool = True,
) -> T:
    """Send a command to a car, wait until it is done, then show its effect.

    Everything that depends on the car's state is read inside ``call`` and
    ``optimistic`` from the overview they are given: both run while the car's command
    lock is held, so a command queued behind another builds on its outcome.

    Args:
        coordinator: The car's coordinator.
        call: The client call, given the source and the car's current state, e.g.
            ``lambda source, _: api.lock(source, vin, **polling())``. It may raise a
            translated error when the state no longer allows the command.
        optimistic: Returns the car's state as it is once the command is done (given
            the state of then); shown at once, before the refresh confirms it.
        refresh: Read the car's stored data afterwards (not for a mere flash).

    Raises:
        HomeAssistantError: Translated: remote access off, command failed (with
            Porsche's reason), wrong S-PIN, timeout, rate limit, connection trouble.
    """
    check_remote_access(coordinator)
    async with coordinator.command_lock:
        try:
            result = await _async_call_with_backoff(
                coordinator, lambda source: call(source, coordinator.data)
            )
        except CommandError as err:
            LOGGER.debug("Command %s failed: %s", err.key, err.details)
            raise command_failed(err) from err
        except CommandTimeout as err:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="command_timeout",
                translation_placeholders={"command": err.key},
            ) from err
        except PorscheError as err:
            raise request_failed(err) from err
        except ValueError as err:
            # The client refused to build the command (e.g. a profile that is gone).
            raise HomeAssistantError(
                translation_domain=DOMAIN, translation_key="invalid_command"
            ) from err
        if optimistic is not None:
            coordinator.async_set_updated_data(optimistic(coordinator.data))
    if refresh:
        await coordinator.async_request_refresh()
    return result


@dataclass(frozen=True, kw_only=True)
class PorscheCommandDescription(PorscheEntityDescription):
    """A control: it exists only where the car lists its commands as enabled.

    `commands` must all be enabled for the control to exist (and to be available).
    """

    commands: tuple[str, ...] = ()

    def exists(self, overview: Overview) -> bool:
        """Whether the car offers the commands (and has the measurement shown)."""
        return all(
            command_enabled(overview, key) for key in self.commands
        ) and super().exists(overview)


class PorscheCommandEntity(PorscheEntity):
    """A control of one car: unavailable while remote access is off."""

    entity_description: PorscheCommandDescription

    @property
    def available(self) -> bool:
        """Unavailable without remote access or once a command is no longer offered."""
        overview = self.coordinator.data
        return (
            super().available
            and overview.remote_access is not False
            and all(
                command_enabled(overview, key)
                for key in self.entity_description.commands
            )
        )

    async def async_command[T](
        self,
        call: CommandCall[T],
        optimistic: Callable[[Overview], Overview] | None = None,
        *,
        refresh: bool = True,
    ) -> T:
        """Send a command to this entity's car (see `async_run_command`)."""
        return await async_run_command(
            self.coordinator, call, optimistic=optimistic, refresh=refresh
        )


def status_response(status: CommandStatus) -> dict[str, Any]:
    """A command's final status as an action response."""
    return {"result": status.result, "details": status.details}
