"""The token endpoint: authorization-code and refresh-token grants."""

from __future__ import annotations

from collections.abc import Mapping
import json
from typing import Any
from urllib.parse import urljoin

import aiohttp

from . import _http
from .config import CLIENT_ID, X_CLIENT_ID, Config
from .errors import (
    InvalidResponse,
    PorscheAuthError,
    PorscheConnectionError,
    RateLimited,
    RefreshTokenInvalid,
    ServerError,
)


async def token_request(
    http: aiohttp.ClientSession, config: Config, form: Mapping[str, str]
) -> dict[str, Any]:
    """POST ``/oauth/token``; return its JSON (which has an ``access_token``).

    Raises:
        RefreshTokenInvalid: 403, or 400/401 with ``invalid_grant``.
        PorscheAuthError: Another refusal.
        RateLimited: 429.
        ServerError: 5xx.
        PorscheConnectionError: Transport error or timeout.
        InvalidResponse: A success without an access token.
    """
    try:
        async with http.post(
            urljoin(config.identity_url + "/", "/oauth/token"),
            data=dict(form),
            headers={
                "User-Agent": config.user_agent,
                "X-Client-ID": X_CLIENT_ID,
                "Accept": "application/json",
            },
            allow_redirects=False,
            timeout=aiohttp.ClientTimeout(total=config.timeout),
        ) as resp:
            status = resp.status
            body = await resp.read()
            retry_after = _http.parse_retry_after(resp.headers.get("Retry-After"))
    except (aiohttp.ClientError, TimeoutError) as err:
        raise PorscheConnectionError("identity server not reachable") from err
    if status == 200:
        data = _http.decode_json(body)
        if not isinstance(data, dict) or not isinstance(data.get("access_token"), str):
            raise InvalidResponse("token response without an access token")
        return data
    error: Any = None
    try:
        parsed = json.loads(body) if body.strip() else None
        error = parsed.get("error") if isinstance(parsed, dict) else None
    except ValueError:
        error = None
    if status == 429:
        raise RateLimited("token: HTTP 429", retry_after)
    if status >= 500:
        raise ServerError(f"token: HTTP {status}", status, retry_after)
    if status == 403 or (status in (400, 401) and error == "invalid_grant"):
        raise RefreshTokenInvalid("token: grant refused")
    raise PorscheAuthError(f"token: HTTP {status}")


async def refresh_grant(
    http: aiohttp.ClientSession, config: Config, refresh_token: str
) -> dict[str, Any]:
    """Run the refresh-token grant; see :func:`token_request` for the errors."""
    return await token_request(
        http,
        config,
        {
            "client_id": CLIENT_ID,
            "grant_type": "refresh_token",
            "refresh_token": refresh_token,
        },
    )
