"""The simulated clock: real time plus an offset that tests move forward."""

from __future__ import annotations

import datetime as dt


class SimClock:
    """Wall-clock time shifted by an adjustable offset.

    ``now()`` reads the real (or, under freezegun, the frozen) UTC time and adds the
    offset, so the simulator follows Home Assistant's ``freezer`` as well as its own
    :meth:`advance`. Nothing in the simulator sleeps on this clock: every time-based
    behaviour is evaluated lazily against ``now()`` when a request or a control call
    looks at it.
    """

    def __init__(self) -> None:
        """Start with no offset."""
        self._offset = dt.timedelta()

    def now(self) -> dt.datetime:
        """Return the simulated time as an aware UTC datetime."""
        return dt.datetime.now(dt.UTC) + self._offset

    def timestamp(self) -> float:
        """Return the simulated time as seconds since the epoch."""
        return self.now().timestamp()

    def advance(self, seconds: float) -> None:
        """Move the simulated time forward by ``seconds`` (never backwards)."""
        if seconds < 0:
            raise ValueError("the simulated clock only moves forward")
        self._offset += dt.timedelta(seconds=seconds)

    @property
    def offset(self) -> float:
        """Return how far the simulated time is ahead of real time, in seconds."""
        return self._offset.total_seconds()


def iso_z(moment: dt.datetime) -> str:
    """Format an aware datetime as ISO-8601 UTC with a ``Z`` and whole seconds."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
