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
