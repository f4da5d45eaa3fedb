"""Timers and departures: edit one entry by id and send the whole list back."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
import dataclasses
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from homeassistant.exceptions import ServiceValidationError
from homeassistant.util import dt as dt_util

from . import api
from .api import Overview
from .commands import Source, async_run_command, command_enabled, polling
from .const import DOMAIN
from .coordinator import VehicleCoordinator

WEEKDAYS = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)


@dataclasses.dataclass(frozen=True, slots=True)
class TimerList:
    """Where a car keeps its timers: the list, its edit command, its overview field."""

    command: str
    field: str  # "timers" or "departures" of the Overview
    entries: tuple[Mapping[str, Any], ...]


def timer_list(coordinator: VehicleCoordinator, overview: Overview) -> TimerList:
    """The car's editable timer list (timers first, else departures) in ``overview``.

    Raises:
        ServiceValidationError: The car has no timers it lets us edit.
    """
    if command_enabled(overview, "TIMERS_EDIT") and overview.timers is not None:
        return TimerList("TIMERS_EDIT", "timers", overview.timers)
    if command_enabled(overview, "DEPARTURES_EDIT") and overview.departures is not None:
        return TimerList("DEPARTURES_EDIT", "departures", overview.departures)
    raise ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key="timers_not_supported",
        translation_placeholders={"name": coordinator.vehicle.name},
    )


def _time_zone(coordinator: VehicleCoordinator) -> tzinfo:
    zone = dt_util.get_time_zone(coordinator.session.session.config.timezone)
    return zone or dt_util.get_default_time_zone()


def _departure(entry: Mapping[str, Any], zone: tzinfo) -> datetime | None:
    value = entry.get("departureDateTime")
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed.astimezone(zone) if parsed.tzinfo else parsed.replace(tzinfo=zone)


def next_departure(at: time, weekdays: list[str], zone: tzinfo) -> datetime:
    """The next moment at ``at`` (local time) on one of ``weekdays``."""
    now = dt_util.now(zone)
    wanted = {WEEKDAYS.index(day.lower()) for day in weekdays}
    for offset in range(8):
        day: date = now.date() + timedelta(days=offset)
        moment = datetime.combine(day, at, zone)
        if day.weekday() in wanted and moment > now:
            return moment
    return datetime.combine(now.date() + timedelta(days=7), at, zone)


def edit_timer(
    entry: Mapping[str, Any] | None,
    timer_id: int,
    data: Mapping[str, Any],
    zone: tzinfo,
) -> dict[str, Any]:
    """Return the timer ``timer_id`` with the action's fields applied.

    Raises:
        ServiceValidationError: Both weekdays and a date, or a new timer without its
            departure time and days.
    """
    weekdays: list[str] | None = data.get("weekdays") or None
    single: date | None = data.get("date")
    at: time | None = data.get("departure_time")
    if weekdays and single:
        raise ServiceValidationError(
            translation_domain=DOMAIN, translation_key="timer_repeat_conflict"
        )
    if entry is None and (at is None or not (weekdays or single)):
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="timer_incomplete",
            translation_placeholders={"timer": str(timer_id)},
        )
    timer: dict[str, Any] = (
        dict(entry)
        if entry is not None
        else {
            "id": timer_id,
            "active": True,
            "climatised": False,
            "chargeOption": False,
        }
    )
    timer.pop("lastModified", None)
    if entry is None or at is not None or weekdays or single is not None:
        _schedule(timer, at, weekdays, single, zone)
    for field, api_field in (
        ("climatise", "climatised"),
        ("charge", "chargeOption"),
        ("target_soc", "targetChargeLevel"),
        ("enabled", "active"),
    ):
        if field in data:
            timer[api_field] = data[field]
    return timer


def _schedule(
    timer: dict[str, Any],
    at: time | None,
    weekdays: list[str] | None,
    single: date | None,
    zone: tzinfo,
) -> None:
    """Set the departure's time, days and next date (in the car's time zone)."""
    current = _departure(timer, zone)
    if at is None:
        at = current.time().replace(tzinfo=None) if current else time(7, 0)
    if single is not None:
        timer |= {"frequency": "SINGLE", "weekDays": []}
    elif weekdays:
        timer |= {
            "frequency": "CYCLIC",
            "weekDays": [day.upper() for day in WEEKDAYS if day in weekdays],
        }
    days = [str(day) for day in timer.get("weekDays") or ()]
    if timer.get("frequency") == "CYCLIC" and days:
        moment = next_departure(at, days, zone)
    else:
        day = single or (current.date() if current else dt_util.now(zone).date())
        moment = datetime.combine(day, at, zone)
    timer["departureDateTime"] = moment.isoformat(timespec="seconds")


type TimerEdit = Callable[[Sequence[Mapping[str, Any]]], list[dict[str, Any]]]


async def _async_edit(coordinator: VehicleCoordinator, edit: TimerEdit) -> None:
    """Send the car's timer list with ``edit`` applied to it.

    The list is edited as it is when the command is sent (earlier edits done), and
    then shown as sent. A wrong edit is refused at once, before it waits its turn.

    Raises:
        ServiceValidationError: The car has no editable timers, or ``edit`` refuses.
    """
    edit(timer_list(coordinator, coordinator.data).entries)
    vin = coordinator.vin
    sent: list[TimerList] = []  # the list as sent

    async def send(source: Source, overview: Overview) -> api.CommandStatus:
        timers = timer_list(coordinator, overview)
        entries = edit(timers.entries)
        sent[:] = [dataclasses.replace(timers, entries=tuple(entries))]
        return await api.set_timers(
            source, vin, entries, key=timers.command, **polling()
        )

    def edited(overview: Overview) -> Overview:
        # The car keeps the list as sent.
        (timers,) = sent
        if timers.field == "timers":
            return dataclasses.replace(overview, timers=timers.entries)
        return dataclasses.replace(overview, departures=timers.entries)

    await async_run_command(coordinator, send, optimistic=edited)


def _same(entry: Mapping[str, Any], timer_id: int) -> bool:
    value = entry.get("id")
    return not isinstance(value, bool) and str(value) == str(timer_id)


async def async_set_timer(
    coordinator: VehicleCoordinator, data: Mapping[str, Any]
) -> None:
    """Create or change one timer, the others sent back untouched."""
    timer_id: int = data["timer_id"]
    zone = _time_zone(coordinator)

    def edit(entries: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        existing = next((e for e in entries if _same(e, timer_id)), None)
        timer = edit_timer(existing, timer_id, data, zone)
        edited = [timer if _same(e, timer_id) else dict(e) for e in entries]
        if existing is None:
            edited.append(timer)
        return edited

    await _async_edit(coordinator, edit)


async def async_delete_timer(coordinator: VehicleCoordinator, timer_id: int) -> None:
    """Remove one timer, the others sent back untouched."""

    def edit(entries: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        if not any(_same(entry, timer_id) for entry in entries):
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="unknown_timer",
                translation_placeholders={"timer": str(timer_id)},
            )
        return [dict(e) for e in entries if not _same(e, timer_id)]

    await _async_edit(coordinator, edit)
