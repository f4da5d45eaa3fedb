"""Fixtures of the client tests: no Home Assistant, the simulator over 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from custom_components.porsche_connect.api import _http

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLES = Path(__file__).parents[3] / "shared" / "api-samples"


def load_fixture(name: str) -> Any:
    """Return a JSON fixture of tests/api/fixtures."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def load_sample(name: str) -> Any:
    """Return one of ../shared/api-samples."""
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """Override the root conftest's fixture: these tests need no Home Assistant."""


@pytest.fixture(autouse=True)
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Never really sleep; record every delay the client asked for."""
    recorded: list[float] = []

    async def fake_sleep(delay: float) -> None:
        recorded.append(delay)

    monkeypatch.setattr(_http, "sleep", fake_sleep)
    return recorded
