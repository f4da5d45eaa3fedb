"""The offline hassfest / HACS checks pass on the tree, and catch what they should."""

from __future__ import annotations

import json
from pathlib import Path
import runpy
import shutil

from homeassistant.const import __version__ as HA_VERSION
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest
import yaml

from custom_components.porsche_connect.const import DOMAIN

from .hassfest import check_all

ROOT = Path(__file__).resolve().parent.parent
INTEGRATION = Path("custom_components") / "porsche_connect"


@pytest.fixture(name="tree")
def tree_fixture(tmp_path: Path) -> Path:
    """A copy of the parts of the repository the checks read."""
    shutil.copytree(ROOT / INTEGRATION, tmp_path / INTEGRATION)
    shutil.copy(ROOT / "hacs.json", tmp_path / "hacs.json")
    return tmp_path


def test_repository_passes() -> None:
    assert check_all(ROOT, HA_VERSION) == []


def test_copy_passes(tree: Path) -> None:
    assert check_all(tree, HA_VERSION) == []


def test_manifest_out_of_order_fails(tree: Path) -> None:
    path = tree / INTEGRATION / "manifest.json"
    manifest = json.loads(path.read_text())
    reordered = {"name": manifest.pop("name"), **manifest}
    path.write_text(json.dumps(reordered))
    assert any("out of order" in p for p in check_all(tree, HA_VERSION))


def test_manifest_domain_and_version_fail(tree: Path) -> None:
    path = tree / INTEGRATION / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["domain"] = "porsche"
    manifest["version"] = "latest"
    path.write_text(json.dumps(manifest))
    problems = check_all(tree, HA_VERSION)
    assert "manifest: domain differs from the folder name" in problems
    assert "manifest: version is not MAJOR.MINOR.PATCH" in problems


def test_hacs_wrong_release_fails(tree: Path) -> None:
    (tree / "hacs.json").write_text(
        json.dumps(
            {
                "name": "x",
                "homeassistant": "2020.1.0",
                "render_readme": True,
                "bogus": 1,
            }
        )
    )
    problems = check_all(tree, HA_VERSION)
    assert any("unknown keys ['bogus']" in p for p in problems)
    assert any("is not the tested" in p for p in problems)


def test_invalid_json_fails(tree: Path) -> None:
    (tree / INTEGRATION / "translations" / "xx.json").write_text("{oops")
    assert any("invalid JSON" in p for p in check_all(tree, HA_VERSION))


def test_missing_brand_icon_fails(tree: Path) -> None:
    (tree / INTEGRATION / "brand" / "icon.png").unlink()
    assert "brand/icon.png: missing" in check_all(tree, HA_VERSION)


def test_wrong_icon_size_fails(tree: Path) -> None:
    logo = (tree / INTEGRATION / "brand" / "icon.png").read_bytes()
    patched = logo[:16] + (128).to_bytes(4, "big") + logo[20:]
    (tree / INTEGRATION / "brand" / "icon.png").write_bytes(patched)
    assert any("expected 256x256" in p for p in check_all(tree, HA_VERSION))


def test_missing_translation_fails(tree: Path) -> None:
    module = tree / INTEGRATION / "sensor.py"
    module.write_text(
        module.read_text()
        + '\n\nEXTRA = SensorEntityDescription(key="x", translation_key="not_translated")\n'
        if module.exists()
        else 'EXTRA = SensorEntityDescription(key="x", translation_key="not_translated")\n'
    )
    assert "en.json: entity.sensor.not_translated missing" in check_all(
        tree, HA_VERSION
    )


def test_missing_exception_translation_fails(tree: Path) -> None:
    module = tree / INTEGRATION / "extra.py"
    module.write_text(
        'raise HomeAssistantError(translation_domain="x", translation_key="boom")\n'
    )
    assert "en.json: exceptions.boom missing" in check_all(tree, HA_VERSION)


def test_unused_translation_fails(tree: Path) -> None:
    path = tree / INTEGRATION / "translations" / "en.json"
    en = json.loads(path.read_text())
    en.setdefault("entity", {}).setdefault("sensor", {})["ghost"] = {"name": "Ghost"}
    path.write_text(json.dumps(en))
    assert "en.json: entity.sensor.ghost is not used" in check_all(tree, HA_VERSION)


def test_service_without_translation_or_icon_fails(tree: Path) -> None:
    path = tree / INTEGRATION / "services.yaml"
    services = (yaml.safe_load(path.read_text()) if path.exists() else None) or {}
    services["ghost_action"] = {"fields": {}}
    path.write_text(yaml.safe_dump(services))
    problems = check_all(tree, HA_VERSION)
    assert "en.json: services.ghost_action missing" in problems
    assert "icons.json: services.ghost_action missing" in problems


def test_brand_images_are_reproducible() -> None:
    render = runpy.run_path(str(ROOT / "scripts" / "brand.py"))["render"]
    assert callable(render)
    assert render(256, 256) == (ROOT / INTEGRATION / "brand" / "icon.png").read_bytes()


async def test_registered_services_match_services_yaml(hass: HomeAssistant) -> None:
    path = ROOT / INTEGRATION / "services.yaml"
    documented = set(
        (yaml.safe_load(path.read_text()) if path.exists() else None) or {}
    )
    assert await async_setup_component(hass, DOMAIN, {})
    assert set(hass.services.async_services_for_domain(DOMAIN)) == documented


def test_exception_without_message_fails(tree: Path) -> None:
    path = tree / INTEGRATION / "translations" / "en.json"
    en = json.loads(path.read_text())
    en["exceptions"]["auth_failed"] = "a bare string"
    path.write_text(json.dumps(en))
    assert "en.json: exceptions.auth_failed needs a message" in check_all(
        tree, HA_VERSION
    )
