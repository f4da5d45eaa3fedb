"""A command's progress: accepted, performed or failed (section 4 of the reference)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
import json
from typing import Any


@dataclass(frozen=True, slots=True)
class PendingCommand:
    """A command the API accepted (201) and that can be polled.

    ``result`` and ``challenge`` (a refinement) come from the command response: the
    S-PIN challenge may already be there.
    """

    vin: str
    key: str
    id: str
    result: str = "ACCEPTED"
    challenge: str | None = None


def find_challenge(data: Any) -> str | None:
    """Find an S-PIN challenge in a command answer or status.

    Looked for in ``data.challenge``, ``challenge``, ``status.challenge`` and
    ``status.details.challenge``.
    """
    if not isinstance(data, Mapping):
        return None
    candidates = (
        ("data", "challenge"),
        ("challenge",),
        ("status", "challenge"),
        ("status", "details", "challenge"),
        ("details", "challenge"),
    )
    for path in candidates:
        value: Any = data
        for name in path:
            value = value.get(name) if isinstance(value, Mapping) else None
        if isinstance(value, str) and value:
            return value
    return None


def _details(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        code = next(
            (
                str(value[name])
                for name in ("code", "errorCode", "error")
                if isinstance(value.get(name), str) and value[name]
            ),
            None,
        )
        text = next(
            (
                str(value[name])
                for name in ("message", "reason", "description")
                if isinstance(value.get(name), str) and value[name]
            ),
            None,
        )
        if code or text:
            return ": ".join(part for part in (code, text) if part)
        rest = {k: v for k, v in value.items() if k not in ("challenge", "hash")}
        return json.dumps(rest, sort_keys=True, default=str) if rest else None
    if isinstance(value, list):
        parts = [part for item in value if (part := _details(item))]
        return "; ".join(parts) or None
    return str(value)


@dataclass(frozen=True, slots=True)
class CommandStatus:
    """The state of a command: ``ACCEPTED``, ``PERFORMED``, ``ERROR`` or another."""

    result: str
    details: str | None = None
    challenge: str | None = None

    @property
    def done(self) -> bool:
        """Whether the command finished (performed or failed)."""
        return self.result in ("PERFORMED", "ERROR")

    @classmethod
    def from_json(cls, data: Any) -> CommandStatus:
        """Parse ``{"status": {"result": …, "details": …}}``.

        Raises:
            ValueError: There is no result.
        """
        status = data.get("status") if isinstance(data, Mapping) else None
        result = status.get("result") if isinstance(status, Mapping) else None
        if not isinstance(result, str) or not result:
            raise ValueError("command status without a result")
        assert isinstance(status, Mapping)
        return cls(
            result=result.upper(),
            details=_details(status.get("details")),
            challenge=find_challenge(data),
        )
