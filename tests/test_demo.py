"""The demo's offline parts: generated configuration, the integration link, requirements.

Part of the suite (``scripts/test``); the demo itself is run by ``scripts/develop``.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
import sys
from types import ModuleType

from homeassistant.util.yaml import load_yaml_dict
import pytest


def _load_demo() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "demo", Path(__file__).resolve().parent.parent / "scripts" / "demo.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["demo"] = module
    spec.loader.exec_module(module)
    return module


demo = _load_demo()


def test_configuration_yaml_loads(tmp_path: Path) -> None:
    """The generated YAML is valid for Home Assistant and names what the demo needs."""
    demo.prepare_config(tmp_path, 8124, "127.0.0.1", reset=False)
    config = load_yaml_dict(tmp_path / "configuration.yaml")
    assert "http" not in config  # HTTP settings live in .storage/http
    core = config["homeassistant"]
    assert core["time_zone"] == "Europe/Berlin"
    assert core["country"] == "DE"
    assert core["unit_system"] == "metric"
    assert core["packages"] == {}
    for domain in demo.CONFIGURED_DOMAINS:
        assert domain in config
    assert "default_config" not in config
    logs = config["logger"]["logs"]
    assert logs["custom_components.porsche_connect"] == "debug"


def test_http_config_is_stored_as_confirmed(tmp_path: Path) -> None:
    """Port and address go into .storage/http as the stable config, nothing pending."""
    demo.prepare_config(tmp_path, 8124, "127.0.0.1", reset=False)
    path = tmp_path / ".storage" / "http"
    stored = json.loads(path.read_text(encoding="utf-8"))
    assert stored["key"] == "http"
    data = stored["data"]
    assert data["pending"] is None
    assert data["yaml_migration_done"] is True
    assert data["stable"]["server_port"] == 8124
    assert data["stable"]["server_host"] == ["127.0.0.1"]
    assert data["stable"]["error"] is None

    # Unchanged settings: the file is left alone; another port: rewritten.
    before = path.read_text(encoding="utf-8")
    demo.prepare_config(tmp_path, 8124, "127.0.0.1", reset=False)
    assert path.read_text(encoding="utf-8") == before
    demo.prepare_config(tmp_path, 8125, "::1", reset=False)
    stable = json.loads(path.read_text(encoding="utf-8"))["data"]["stable"]
    assert stable["server_port"] == 8125
    assert stable["server_host"] == ["::1"]


def test_prepare_config_links_integration(tmp_path: Path) -> None:
    """The integration is a link into the checkout; a second run keeps it, --reset wipes."""
    config_dir = tmp_path / "config"
    demo.prepare_config(config_dir, 8123, "127.0.0.1", reset=False)
    link = config_dir / "custom_components" / "porsche_connect"
    assert link.is_symlink()
    assert link.resolve() == demo.INTEGRATION_DIR.resolve()
    assert (link / "manifest.json").is_file()

    (config_dir / "keep.txt").write_text("x")
    demo.prepare_config(config_dir, 8123, "127.0.0.1", reset=False)
    assert link.is_symlink()
    assert (config_dir / "keep.txt").exists()

    demo.prepare_config(config_dir, 8123, "127.0.0.1", reset=True)
    assert not (config_dir / "keep.txt").exists()
    assert link.is_symlink()


def test_wanted_requirements_pin_home_assistant_versions() -> None:
    """The frontend is wanted at exactly the version Home Assistant's manifest names."""
    import homeassistant

    path = Path(homeassistant.__file__).parent / "components/frontend/manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    wanted = demo.wanted_requirements()
    for requirement in manifest["requirements"]:
        assert requirement in wanted
    assert all("==" in requirement for requirement in wanted)


@pytest.mark.parametrize(
    ("requirement", "expected"),
    [
        (f"pytest=={pytest.__version__}", True),
        ("pytest==0.0.1", False),
        ("surely-not-installed-package==1.0", False),
        ('pytest==0.0.1; python_version < "3"', True),
    ],
)
def test_is_installed(requirement: str, *, expected: bool) -> None:
    """Installed versions are compared with the pin; foreign markers count as met."""
    assert demo.is_installed(requirement) is expected


def test_banner_shows_url_and_login() -> None:
    """The banner names the URL and the login, and warns when the entry is not loaded."""
    text = demo.banner(
        8123,
        "http://127.0.0.1:8765",
        {"title": "demo@example.com", "state": "loaded"},
        [demo.CONFIG_DIR / "home-assistant.log"],
    )
    assert "http://localhost:8123" in text
    assert demo.OWNER_USERNAME in text
    assert demo.OWNER_PASSWORD in text
    assert "config/home-assistant.log" in text
    failed = demo.banner(8123, "x", {"title": "t", "state": "setup_error"}, [])
    assert "The entry is setup_error" in failed
