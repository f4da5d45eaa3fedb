"""Injected faults: error statuses, hangs, broken bodies and odd measurements."""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any, Literal

type FaultKind = Literal["status", "timeout", "html", "malformed", "empty"]

API_PATHS = "/app/*"
COMMAND_STATUS_PATHS = "/app/connect/v1/vehicles/*/commands/*"


@dataclass(slots=True)
class HttpFault:
    """A fault answering requests instead of the simulator.

    Attributes:
        kind: ``status`` (an error status with a JSON body), ``timeout`` (no answer
            at all), ``html`` (an HTML body labelled ``application/json``),
            ``malformed`` (truncated JSON) or ``empty`` (no body, JSON content type).
        path: ``fnmatch`` pattern on the request path.
        method: Only this HTTP method (any when None).
        status: Status sent (``status``, ``html``, ``malformed``, ``empty``).
        retry_after: ``Retry-After`` header value, if any.
        times: How many requests it answers (None: until cleared).
    """

    kind: FaultKind
    path: str = API_PATHS
    method: str | None = None
    status: int = 500
    retry_after: str | None = None
    times: int | None = 1

    def matches(self, method: str, path: str) -> bool:
        """Return whether the fault applies to this request."""
        return (self.method is None or self.method.upper() == method) and fnmatchcase(
            path, self.path
        )


@dataclass(slots=True)
class MeasurementFault:
    """A fault in the overview: a measurement missing or with an unexpected shape.

    Attributes:
        key: Measurement key.
        vin: Only this car (any when None).
        value: The entry to send instead (None: leave the key out).
        times: How many overviews it affects (None: until cleared).
    """

    key: str
    vin: str | None = None
    value: dict[str, Any] | None = None
    times: int | None = 1


class Faults:
    """The faults currently armed; each answers ``times`` requests then disarms."""

    def __init__(self) -> None:
        """Start with none."""
        self.http: list[HttpFault] = []
        self.measurements: list[MeasurementFault] = []

    def clear(self) -> None:
        """Disarm every fault."""
        self.http.clear()
        self.measurements.clear()

    def add(self, fault: HttpFault) -> HttpFault:
        """Arm an HTTP fault (checked in the order armed)."""
        self.http.append(fault)
        return fault

    def status(
        self,
        status: int,
        *,
        times: int | None = 1,
        path: str = API_PATHS,
        method: str | None = None,
        retry_after: int | str | None = None,
    ) -> HttpFault:
        """Answer with an error status (and a JSON error body)."""
        return self.add(
            HttpFault(
                "status",
                path,
                method,
                status,
                None if retry_after is None else str(retry_after),
                times,
            )
        )

    def rate_limit(
        self,
        *,
        retry_after: int | str | None = 30,
        times: int | None = 1,
        path: str = API_PATHS,
        method: str | None = None,
    ) -> HttpFault:
        """Answer 429, with ``Retry-After`` unless ``retry_after`` is None."""
        return self.status(
            429, times=times, path=path, method=method, retry_after=retry_after
        )

    def server_errors(
        self,
        status: int = 503,
        *,
        times: int = 3,
        path: str = API_PATHS,
        method: str | None = None,
    ) -> HttpFault:
        """Answer a burst of ``times`` server errors (500, 502, 503 or 504)."""
        return self.status(status, times=times, path=path, method=method)

    def command_poll_504(self, *, times: int | None = 1) -> HttpFault:
        """Answer 504 to command status polls (the command still goes on)."""
        return self.status(504, times=times, path=COMMAND_STATUS_PATHS, method="GET")

    def timeout(
        self, *, times: int | None = 1, path: str = API_PATHS, method: str | None = None
    ) -> HttpFault:
        """Never answer (until the simulator stops)."""
        return self.add(HttpFault("timeout", path, method, 0, None, times))

    def html_body(
        self,
        *,
        status: int = 502,
        times: int | None = 1,
        path: str = API_PATHS,
        method: str | None = None,
    ) -> HttpFault:
        """Answer an HTML page labelled ``application/json``."""
        return self.add(HttpFault("html", path, method, status, None, times))

    def malformed_json(
        self,
        *,
        status: int = 200,
        times: int | None = 1,
        path: str = API_PATHS,
        method: str | None = None,
    ) -> HttpFault:
        """Answer a truncated JSON body."""
        return self.add(HttpFault("malformed", path, method, status, None, times))

    def empty_body(
        self,
        *,
        status: int = 502,
        times: int | None = 1,
        path: str = API_PATHS,
        method: str | None = None,
    ) -> HttpFault:
        """Answer an empty body labelled ``application/json``."""
        return self.add(HttpFault("empty", path, method, status, None, times))

    def drop_measurement(
        self,
        key: str = "CHARGING_SUMMARY",
        *,
        vin: str | None = None,
        times: int | None = 1,
    ) -> MeasurementFault:
        """Leave a measurement out of overviews even when requested."""
        fault = MeasurementFault(key, vin, None, times)
        self.measurements.append(fault)
        return fault

    def unexpected_shape(
        self,
        key: str,
        value: Any = "unexpected",
        *,
        vin: str | None = None,
        times: int | None = None,
    ) -> MeasurementFault:
        """Send a measurement whose ``value`` has an unexpected shape.

        Args:
            key: Measurement key.
            value: What to put in ``value`` (default: a bare string).
            vin: Only this car.
            times: How many overviews (None: until cleared).
        """
        entry = {"key": key, "status": {"isEnabled": True}, "value": value}
        fault = MeasurementFault(key, vin, entry, times)
        self.measurements.append(fault)
        return fault

    def take_http(self, method: str, path: str) -> HttpFault | None:
        """Return (and use up once) the first fault matching a request."""
        for fault in self.http:
            if fault.matches(method, path):
                _use(self.http, fault)
                return fault
        return None

    def take_measurement(self, vin: str, key: str) -> MeasurementFault | None:
        """Return (and use up once) the measurement fault for a car's key."""
        for fault in self.measurements:
            if fault.key == key and fault.vin in {None, vin}:
                _use(self.measurements, fault)
                return fault
        return None


def _use[T: (HttpFault, MeasurementFault)](faults: list[T], fault: T) -> None:
    if fault.times is None:
        return
    fault.times -= 1
    if fault.times <= 0:
        faults.remove(fault)
