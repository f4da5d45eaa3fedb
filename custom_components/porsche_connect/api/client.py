"""Stateless calls of the Porsche Connect API (PorscheConnEx's ``Client``).

Every call takes a :class:`~.session.Session` or a :class:`~.session.RequestData` first.

* With a ``Session``, a 401 refreshes the token once and retries the call once; with a
  ``RequestData`` a 401 raises :class:`~.errors.Unauthorized`.
* GETs are retried on 429/502/503/504 and transport errors, at most
  ``Config.max_retries`` times: after a numeric ``Retry-After``, else after 2, 4, 8 s
  (``Config.backoff_base`` doubled, capped at ``Config.backoff_cap``). A ``Retry-After``
  longer than the cap is not waited for: the error is raised with ``retry_after`` set.
* Command POSTs are never retried (a 401 excepted: the API refused it before doing
  anything).
* :func:`wait` keeps polling through 429, 502/503/504 and transport errors; its polls
  are not retried individually (the next poll is the retry).
* Waits use ``_http.sleep`` (replaceable in tests); ``interval`` and ``attempts`` of the
  command helpers are keywords.

Refinements of the agreed interface: :class:`~.status.PendingCommand` also carries the
POST's ``result`` and S-PIN ``challenge``; a POST answered with ``ERROR`` raises
:class:`~.errors.CommandError` at once; :func:`set_timers` sends ``{"list": [...]}``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
import hashlib
import logging
from typing import Any, Final
from urllib.parse import quote
import uuid

import aiohttp

from . import _http
from .errors import (
    CommandError,
    CommandTimeout,
    InvalidResponse,
    PorscheConnectionError,
    RateLimited,
    ServerError,
    Unauthorized,
)
from .keys import ALL_COMMANDS, ALL_MEASUREMENTS, TRIP_MEASUREMENT, measurement_params
from .overview import Overview
from .session import RequestData, Session, request_data
from .status import CommandStatus, PendingCommand, find_challenge
from .vehicle import Capabilities, Picture, Trip, Vehicle, parse_vehicles

_LOGGER = logging.getLogger(__name__)

type Source = Session | RequestData

HONK_FLASH_MODES: Final = ("FLASH", "HONK_AND_FLASH")
TARGET_SOC_RANGE: Final = (25, 100)
_ZONE_NAMES: Final = {
    "front_left": "frontLeft",
    "front_right": "frontRight",
    "rear_left": "rearLeft",
    "rear_right": "rearRight",
}
_TRANSIENT: Final = frozenset({502, 503, 504})


def _vehicle_path(vin: str) -> str:
    return f"/connect/v1/vehicles/{quote(vin, safe='')}"


async def _send(
    data: RequestData,
    method: str,
    url: str,
    *,
    what: str,
    headers: Mapping[str, str],
    params: Sequence[tuple[str, str]] | None = None,
    json_body: Any = None,
    retries: int = 0,
) -> bytes:
    """Send one request with the retry policy; return the body of a 2xx answer."""
    config = data.config
    attempt = 0
    while True:
        try:
            async with data.http.request(
                method,
                url,
                params=params,
                json=json_body,
                headers=dict(headers),
                allow_redirects=False,
                timeout=aiohttp.ClientTimeout(total=config.timeout),
            ) as resp:
                status = resp.status
                body = await resp.read()
                retry_after = _http.parse_retry_after(resp.headers.get("Retry-After"))
        except (aiohttp.ClientError, TimeoutError) as err:
            if attempt < retries:
                await _http.sleep(_http.backoff(config, attempt))
                attempt += 1
                continue
            raise PorscheConnectionError(
                f"{what}: Porsche Connect not reachable"
            ) from err
        if 200 <= status < 300:
            return body
        if status in _http.RETRY_STATUSES and attempt < retries:
            delay = (
                retry_after
                if retry_after is not None
                else _http.backoff(config, attempt)
            )
            if delay <= config.backoff_cap:
                _LOGGER.debug("%s: HTTP %s, retrying in %.1f s", what, status, delay)
                await _http.sleep(delay)
                attempt += 1
                continue
        raise _http.error_for_status(status, what, retry_after)


async def _request(
    source: Source,
    method: str,
    path: str,
    *,
    what: str,
    params: Sequence[tuple[str, str]] | None = None,
    json_body: Any = None,
    idempotent: bool = True,
    retries: int | None = None,
) -> Any:
    """Call the API at ``path``; return the decoded JSON of the answer."""
    data = await request_data(source)
    if retries is None:
        retries = data.config.max_retries if idempotent else 0
    url = data.config.api_url + path
    try:
        body = await _send(
            data,
            method,
            url,
            what=what,
            headers=data.headers,
            params=params,
            json_body=json_body,
            retries=retries,
        )
    except Unauthorized:
        if not isinstance(source, Session):
            raise
        _LOGGER.debug("%s: token refused, refreshing once", what)
        await source.recover_unauthorized(data)
        data = await source.request_data()
        body = await _send(
            data,
            method,
            url,
            what=what,
            headers=data.headers,
            params=params,
            json_body=json_body,
            retries=retries,
        )
    return _http.decode_json(body)


async def vehicles(source: Source) -> list[Vehicle]:
    """Return the cars of the account."""
    data = await _request(source, "GET", "/connect/v1/vehicles", what="vehicles")
    try:
        return parse_vehicles(data)
    except (TypeError, ValueError) as err:
        raise InvalidResponse("vehicles: not a list") from err


def _keys(keys: Iterable[str]) -> Iterable[str]:
    return (keys,) if isinstance(keys, str) else keys


async def overview(
    source: Source,
    vin: str,
    *,
    wake: bool = False,
    measurements: Iterable[str] = ALL_MEASUREMENTS,
    commands: Iterable[str] = (),
) -> Overview:
    """Return the car's overview in one request.

    Args:
        source: A session or request data.
        vin: The car.
        wake: Wake the car for current data (slow; drains the 12 V battery if overused).
        measurements: Measurement keys (``mf=``); default: every key, old and new.
        commands: Command keys (``cf=``) whose capability to fill in
            :attr:`~.overview.Overview.commands`.
    """
    params = measurement_params(_keys(measurements), "mf")
    params += measurement_params(_keys(commands), "cf")
    if wake:
        params.append(("wakeUpJob", str(uuid.uuid4())))
    data = await _request(
        source, "GET", _vehicle_path(vin), what="overview", params=params
    )
    try:
        return Overview.from_json(data)
    except (TypeError, ValueError) as err:
        raise InvalidResponse("overview: not a vehicle") from err


async def capabilities(source: Source, vin: str) -> Capabilities:
    """Return which commands the car accepts (every known key asked with ``cf=``)."""
    data = await _request(
        source,
        "GET",
        _vehicle_path(vin),
        what="capabilities",
        params=measurement_params(ALL_COMMANDS, "cf"),
    )
    try:
        return Capabilities.from_json(data)
    except (TypeError, ValueError) as err:
        raise InvalidResponse("capabilities: not a vehicle") from err


async def pictures(source: Source, vin: str) -> list[Picture]:
    """Return the renderings of the car."""
    data = await _request(
        source, "GET", f"{_vehicle_path(vin)}/pictures", what="pictures"
    )
    return Picture.list_from_json(data)


async def picture_bytes(source: Source, url: str) -> bytes:
    """Download a picture.

    The token is only sent when ``url`` lies under ``Config.api_url``; pictures on
    Porsche's picture server get the ``User-Agent`` only.
    """
    config = source.config
    if url.startswith(config.api_url + "/"):
        data = await request_data(source)
        headers: Mapping[str, str] = data.headers
    else:
        data = RequestData(config=config, headers={}, http=source.http)
        headers = {"User-Agent": config.user_agent}
    return await _send(
        data,
        "GET",
        url,
        what="picture",
        headers={**headers, "Accept": "image/*"},
        retries=config.max_retries,
    )


async def trip_statistics(source: Source, vin: str) -> list[Trip]:
    """Return the cyclic trip statistics (``TRIP_STATISTICS_CYCLIC``)."""
    data = await _request(
        source,
        "GET",
        _vehicle_path(vin),
        what="trips",
        params=[("mf", TRIP_MEASUREMENT)],
    )
    if not isinstance(data, Mapping):
        raise InvalidResponse("trips: not a vehicle")
    return Trip.list_from_overview(data)


async def send_command(
    source: Source, vin: str, key: str, payload: Mapping[str, Any]
) -> PendingCommand:
    """Send a command; return it pending. Never retried (except after a 401).

    Raises:
        CommandError: The API answered ``ERROR`` right away.
        InvalidResponse: The answer has no command id.
    """
    data = await _request(
        source,
        "POST",
        f"{_vehicle_path(vin)}/commands",
        what=f"command {key}",
        json_body={"key": key, "payload": dict(payload)},
        idempotent=False,
    )
    status = data.get("status") if isinstance(data, Mapping) else None
    status = status if isinstance(status, Mapping) else {}
    result = status.get("result")
    result = result.upper() if isinstance(result, str) and result else "ACCEPTED"
    command_id = status.get("id", data.get("id") if isinstance(data, Mapping) else None)
    if result == "ERROR":
        raise CommandError(key, CommandStatus.from_json(data).details)
    if isinstance(command_id, int) and not isinstance(command_id, bool):
        command_id = str(command_id)
    if not isinstance(command_id, str) or not command_id:
        raise InvalidResponse(f"command {key}: no command id")
    return PendingCommand(
        vin=vin,
        key=key,
        id=command_id,
        result=result,
        challenge=find_challenge(data),
    )


async def _poll(
    source: Source, pending: PendingCommand, retries: int | None = None
) -> CommandStatus:
    data = await _request(
        source,
        "GET",
        f"{_vehicle_path(pending.vin)}/commands/{quote(pending.id, safe='')}",
        what=f"command {pending.key} status",
        retries=retries,
    )
    try:
        status = CommandStatus.from_json(data)
    except ValueError as err:
        raise InvalidResponse(f"command {pending.key}: status without result") from err
    if status.challenge is None and pending.challenge:
        status = CommandStatus(status.result, status.details, pending.challenge)
    return status


async def poll(source: Source, pending: PendingCommand) -> CommandStatus:
    """Return the current status of a pending command (one request)."""
    return await _poll(source, pending)


async def wait(
    source: Source,
    pending: PendingCommand,
    *,
    interval: float = 1.0,
    attempts: int = 120,
) -> CommandStatus:
    """Poll a command until it is done.

    Returns:
        The ``PERFORMED`` status.

    Raises:
        CommandError: The command ended in ``ERROR``.
        CommandTimeout: Not done after ``attempts`` polls ``interval`` seconds apart.
    """
    if pending.result == "PERFORMED":
        return CommandStatus(pending.result, None, pending.challenge)
    for _attempt in range(attempts):
        await _http.sleep(interval)
        try:
            status = await _poll(source, pending, retries=0)
        except RateLimited as err:
            # Slow down as asked (within the backoff cap) before the next poll.
            extra = (err.retry_after or 0) - interval
            if extra > 0:
                await _http.sleep(min(extra, source.config.backoff_cap))
            continue
        except PorscheConnectionError:
            continue
        except ServerError as err:
            if err.status in _TRANSIENT:
                continue
            raise
        if status.result == "PERFORMED":
            return status
        if status.result == "ERROR":
            raise CommandError(pending.key, status.details)
    raise CommandTimeout(pending.key)


async def _run(
    source: Source,
    vin: str,
    key: str,
    payload: Mapping[str, Any],
    *,
    interval: float,
    attempts: int,
) -> CommandStatus:
    pending = await send_command(source, vin, key, payload)
    return await wait(source, pending, interval=interval, attempts=attempts)


async def lock(
    source: Source, vin: str, *, interval: float = 1.0, attempts: int = 120
) -> CommandStatus:
    """Lock the car."""
    return await _run(
        source, vin, "LOCK", {"spin": None}, interval=interval, attempts=attempts
    )


def spin_hash(spin: str, challenge: str) -> str:
    """Return the UNLOCK hash: uppercase hex of sha512(bytes.fromhex(spin + challenge)).

    Raises:
        ValueError: The S-PIN is not digits (the message never shows it).
        InvalidResponse: The challenge is not hex.
    """
    if not spin.isdigit() or not spin.isascii():
        raise ValueError("the S-PIN must consist of digits")
    try:
        raw = bytes.fromhex(spin + challenge)
    except ValueError as err:
        raise InvalidResponse("S-PIN challenge is not hexadecimal") from err
    return hashlib.sha512(raw).hexdigest().upper()


async def unlock(
    source: Source,
    vin: str,
    spin: str,
    *,
    interval: float = 1.0,
    attempts: int = 120,
) -> CommandStatus:
    """Unlock the car with the S-PIN: ``SPIN_CHALLENGE``, then ``UNLOCK`` with the hash."""
    if not spin.isdigit() or not spin.isascii():
        raise ValueError("the S-PIN must consist of digits")
    pending = await send_command(source, vin, "SPIN_CHALLENGE", {"spin": None})
    challenge = pending.challenge
    if challenge is None or pending.result != "PERFORMED":
        status = await wait(source, pending, interval=interval, attempts=attempts)
        challenge = status.challenge or challenge
    if not challenge:
        raise InvalidResponse("SPIN_CHALLENGE: no challenge in the answer")
    spin_payload = {"challenge": challenge, "hash": spin_hash(spin, challenge)}
    return await _run(
        source,
        vin,
        "UNLOCK",
        {"spin": spin_payload},
        interval=interval,
        attempts=attempts,
    )


async def honk_flash(
    source: Source,
    vin: str,
    mode: str = "FLASH",
    *,
    interval: float = 1.0,
    attempts: int = 120,
) -> CommandStatus:
    """Flash the lights (``FLASH``) or honk and flash (``HONK_AND_FLASH``)."""
    if mode not in HONK_FLASH_MODES:
        raise ValueError(f"mode must be one of {', '.join(HONK_FLASH_MODES)}")
    return await _run(
        source,
        vin,
        "HONK_FLASH",
        {"mode": mode, "spin": None},
        interval=interval,
        attempts=attempts,
    )


async def climatisation_start(
    source: Source,
    vin: str,
    celsius: float,
    zones: Mapping[str, bool] | None = None,
    *,
    interval: float = 1.0,
    attempts: int = 120,
) -> CommandStatus:
    """Start climatisation at ``celsius`` (sent in Kelvin).

    Args:
        source: A session or request data.
        vin: The car.
        celsius: Target temperature in °C (the car's range is in the capabilities).
        zones: Seat zones to include, by ``front_left``… or ``frontLeft``… names;
            zones not given are off.
        interval: Seconds between status polls.
        attempts: Polls before giving up.
    """
    enabled = dict.fromkeys(_ZONE_NAMES.values(), False)
    for name, on in (zones or {}).items():
        api_name = _ZONE_NAMES.get(name, name)
        if api_name not in enabled:
            raise ValueError(f"unknown climate zone {name!r}")
        enabled[api_name] = bool(on)
    payload = {
        "targetTemperature": round(float(celsius) + 273.15, 2),
        "climateZonesEnabled": enabled,
        "spin": None,
    }
    return await _run(
        source,
        vin,
        "REMOTE_CLIMATIZER_START",
        payload,
        interval=interval,
        attempts=attempts,
    )


async def climatisation_stop(
    source: Source, vin: str, *, interval: float = 1.0, attempts: int = 120
) -> CommandStatus:
    """Stop climatisation."""
    return await _run(
        source, vin, "REMOTE_CLIMATIZER_STOP", {}, interval=interval, attempts=attempts
    )


async def direct_charging(
    source: Source,
    vin: str,
    on: bool,
    *,
    interval: float = 1.0,
    attempts: int = 120,
) -> CommandStatus:
    """Switch direct charging on or off."""
    key = "DIRECT_CHARGING_START" if on else "DIRECT_CHARGING_STOP"
    return await _run(
        source, vin, key, {"spin": None}, interval=interval, attempts=attempts
    )


async def set_target_soc(
    source: Source,
    vin: str,
    percent: int,
    *,
    interval: float = 1.0,
    attempts: int = 120,
) -> CommandStatus:
    """Set the target state of charge (cars with departures): 25-100 %."""
    low, high = TARGET_SOC_RANGE
    if isinstance(percent, bool) or not low <= int(percent) <= high:
        raise ValueError(f"target state of charge must be {low}..{high} %")
    return await _run(
        source,
        vin,
        "CHARGING_SETTINGS_EDIT",
        {"targetSoc": int(percent), "spin": None},
        interval=interval,
        attempts=attempts,
    )


def _same_id(value: Any, profile_id: int) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return value == profile_id
    return isinstance(value, str) and value.strip() == str(profile_id)


async def set_charging_profile(
    source: Source,
    vin: str,
    profile_id: int,
    changes: Mapping[str, Any],
    *,
    current: Sequence[Mapping[str, Any]] | None = None,
    interval: float = 1.0,
    attempts: int = 120,
) -> CommandStatus:
    """Edit one charging profile by id and send the whole list (others unchanged).

    Args:
        source: A session or request data.
        vin: The car.
        profile_id: The ``id`` of the profile to edit.
        changes: Fields to set, in the API's names (e.g. ``{"minSoc": 40}``).
        current: The current list as received (e.g. ``[p.raw for p in
            overview.charging_profiles.profiles]``); ``None`` reads it first.
        interval: Seconds between status polls.
        attempts: Polls before giving up.

    Raises:
        ValueError: No profile has ``profile_id``.
        InvalidResponse: The car reports no charging profiles.
    """
    if current is None:
        stored = await overview(source, vin, measurements=("CHARGING_PROFILES",))
        value = stored.value("CHARGING_PROFILES")
        entries = value.get("list") if value is not None else None
        if not isinstance(entries, list):
            raise InvalidResponse("charging profiles are not available")
        current = [entry for entry in entries if isinstance(entry, Mapping)]
    edited: list[dict[str, Any]] = []
    found = False
    for entry in current:
        profile = dict(entry)
        if _same_id(profile.get("id"), profile_id):
            profile.update(changes)
            found = True
        edited.append(profile)
    if not found:
        raise ValueError(f"no charging profile with id {profile_id}")
    return await _run(
        source,
        vin,
        "CHARGING_PROFILES_EDIT",
        {"list": edited},
        interval=interval,
        attempts=attempts,
    )


async def set_timers(
    source: Source,
    vin: str,
    timers: Sequence[Mapping[str, Any]],
    *,
    key: str = "TIMERS_EDIT",
    interval: float = 1.0,
    attempts: int = 120,
) -> CommandStatus:
    """Send the edited timer (or departure, with ``key="DEPARTURES_EDIT"``) list."""
    payload = {"list": [dict(timer) for timer in timers]}
    return await _run(source, vin, key, payload, interval=interval, attempts=attempts)
