"""The request log: every request the simulator answered, for tests and benchmarks."""

from __future__ import annotations

from dataclasses import dataclass
import datetime as dt


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """One answered request.

    Attributes:
        method: HTTP method.
        path: URL path (without query).
        query: Query parameters, each name with all its values in order.
        status: HTTP status sent (0 when the simulator never answered).
        latency_ms: Time spent answering, in milliseconds (injected latency included).
        grant: For ``/oauth/token``, the ``grant_type`` sent, else ``None``.
        at: Simulated time at which the request arrived.
        user_agent: The ``User-Agent`` header sent (``None`` without one).
        client_id: The ``X-Client-ID`` header sent (``None`` without one).
    """

    method: str
    path: str
    query: dict[str, list[str]]
    status: int
    latency_ms: float
    grant: str | None
    at: dt.datetime
    user_agent: str | None = None
    client_id: str | None = None


class RequestLog:
    """An in-memory list of :class:`RequestRecord` with counting helpers."""

    def __init__(self) -> None:
        """Start empty."""
        self.records: list[RequestRecord] = []

    def add(self, record: RequestRecord) -> None:
        """Append a record."""
        self.records.append(record)

    def clear(self) -> None:
        """Forget every record."""
        self.records.clear()

    def count(
        self,
        method: str | None = None,
        path: str | None = None,
        grant: str | None = None,
        status: int | None = None,
    ) -> int:
        """Count the records matching every criterion given.

        Args:
            method: HTTP method (case-insensitive).
            path: Exact path, or a prefix when it ends with ``*``.
            grant: ``grant_type`` of a token request.
            status: HTTP status.

        Returns:
            The number of matching records.
        """
        return sum(
            1
            for record in self.records
            if (method is None or record.method == method.upper())
            and (path is None or _path_matches(record.path, path))
            and (grant is None or record.grant == grant)
            and (status is None or record.status == status)
        )

    @property
    def logins(self) -> int:
        """Return the number of successful ``authorization_code`` grants."""
        return self.count(path="/oauth/token", grant="authorization_code", status=200)

    @property
    def refreshes(self) -> int:
        """Return the number of successful ``refresh_token`` grants."""
        return self.count(path="/oauth/token", grant="refresh_token", status=200)


def _path_matches(actual: str, wanted: str) -> bool:
    if wanted.endswith("*"):
        return actual.startswith(wanted[:-1])
    return actual == wanted
