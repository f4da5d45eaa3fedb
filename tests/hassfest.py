"""Offline stand-ins for hassfest and the HACS action, which cannot run here.

Each check takes the integration folder (and the repository root where needed) and returns
a list of problems, so tests can run it on the real tree and on deliberately broken copies.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
import json
from pathlib import Path
import re
import struct
from typing import Any

import yaml

MANIFEST_REQUIRED = {
    "domain",
    "name",
    "codeowners",
    "config_flow",
    "documentation",
    "integration_type",
    "iot_class",
    "issue_tracker",
    "loggers",
    "requirements",
    "version",
}
HACS_KEYS = {
    "name",
    "homeassistant",
    "render_readme",
    "content_in_root",
    "zip_release",
    "filename",
    "hide_default_branch",
    "country",
    "hacs",
    "persistent_directory",
}
ENTITY_PLATFORMS = {
    "binary_sensor",
    "button",
    "climate",
    "device_tracker",
    "image",
    "lock",
    "number",
    "select",
    "sensor",
    "switch",
}
EXCEPTION_CALLS = re.compile(r"(Error|Failed|NotReady|Exception)$")
# Helpers of Home Assistant's flows that abort with a reason of their own.
IMPLICIT_ABORTS = {
    "_abort_if_unique_id_configured": ("already_configured",),
    "async_update_reload_and_abort": ("reauth_successful", "reconfigure_successful"),
}
BRAND_IMAGES = {"icon.png": (256, 256), "logo.png": None}


def check_manifest(integration: Path) -> list[str]:
    """Keys present, in Home Assistant's order, with sane values."""
    problems: list[str] = []
    manifest = json.loads((integration / "manifest.json").read_text())
    keys = list(manifest)
    missing = MANIFEST_REQUIRED - set(keys)
    if missing:
        problems.append(f"manifest: missing keys {sorted(missing)}")
    expected_order = [
        "domain",
        "name",
        *sorted(k for k in keys if k not in {"domain", "name"}),
    ]
    if keys != expected_order:
        problems.append(f"manifest: keys out of order, expected {expected_order}")
    if manifest.get("domain") != integration.name:
        problems.append("manifest: domain differs from the folder name")
    if not re.fullmatch(r"\d+\.\d+\.\d+", str(manifest.get("version", ""))):
        problems.append("manifest: version is not MAJOR.MINOR.PATCH")
    if manifest.get("iot_class") != "cloud_polling":
        problems.append("manifest: iot_class must be cloud_polling")
    if manifest.get("integration_type") != "hub":
        problems.append("manifest: integration_type must be hub")
    if manifest.get("requirements") != []:
        problems.append("manifest: requirements must be empty (the client is bundled)")
    return problems


def check_hacs(root: Path, ha_version: str) -> list[str]:
    """hacs.json has known keys and names the Home Assistant release the suite runs."""
    problems: list[str] = []
    hacs = json.loads((root / "hacs.json").read_text())
    unknown = set(hacs) - HACS_KEYS
    if unknown:
        problems.append(f"hacs.json: unknown keys {sorted(unknown)}")
    for key in ("name", "homeassistant", "render_readme"):
        if key not in hacs:
            problems.append(f"hacs.json: missing {key}")
    if hacs.get("homeassistant") != ha_version:
        problems.append(
            f"hacs.json: homeassistant {hacs.get('homeassistant')} is not the tested {ha_version}"
        )
    return problems


def check_json_files(root: Path) -> list[str]:
    """Every JSON file of the project parses."""
    problems: list[str] = []
    for path in root.rglob("*.json"):
        if any(part.startswith(".") for part in path.relative_to(root).parts):
            continue
        try:
            json.loads(path.read_text())
        except ValueError as err:
            problems.append(f"{path.relative_to(root)}: invalid JSON ({err})")
    return problems


def check_brand(integration: Path) -> list[str]:
    """Brand images exist, are PNGs, and the icon is 256x256."""
    problems: list[str] = []
    for name, size in BRAND_IMAGES.items():
        path = integration / "brand" / name
        if not path.is_file():
            problems.append(f"brand/{name}: missing")
            continue
        data = path.read_bytes()
        if not data.startswith(b"\x89PNG\r\n\x1a\n"):
            problems.append(f"brand/{name}: not a PNG")
            continue
        width, height = struct.unpack(">II", data[16:24])
        if size is not None and (width, height) != size:
            problems.append(
                f"brand/{name}: {width}x{height}, expected {size[0]}x{size[1]}"
            )
    return problems


class UsedKeys:
    """Translation keys the code uses, gathered from its syntax tree."""

    def __init__(self) -> None:
        """Start empty."""
        self.entity: set[tuple[str, str]] = set()  # (platform, translation_key)
        self.exceptions: set[str] = set()
        self.issues: set[str] = set()
        self.flow: dict[str, set[tuple[str, str]]] = {"config": set(), "options": set()}


def _constant(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _call_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def _keywords(call: ast.Call) -> dict[str, str]:
    return {
        kw.arg: value
        for kw in call.keywords
        if kw.arg and (value := _constant(kw.value)) is not None
    }


def _walk_classes(tree: ast.Module) -> Iterator[tuple[str, ast.AST]]:
    """Yield (kind, node) with kind "options" inside options-flow classes, else "config"."""
    for node in tree.body:
        kind = "config"
        if isinstance(node, ast.ClassDef) and any(
            "OptionsFlow" in ast.unparse(base) for base in node.bases
        ):
            kind = "options"
        for child in ast.walk(node):
            yield kind, child


def collect_used_keys(integration: Path) -> UsedKeys:
    """Read every module of the integration (not the api client) for the keys it uses."""
    used = UsedKeys()
    for path in integration.glob("*.py"):
        tree = ast.parse(path.read_text())
        platform = path.stem
        for kind, node in _walk_classes(tree):
            if isinstance(node, ast.Call):
                name = _call_name(node)
                kws = _keywords(node)
                if "translation_key" in kws:
                    if name == "async_create_issue":
                        used.issues.add(kws["translation_key"])
                    elif EXCEPTION_CALLS.search(name):
                        used.exceptions.add(kws["translation_key"])
                    elif platform in ENTITY_PLATFORMS:
                        used.entity.add((platform, kws["translation_key"]))
                if name == "async_show_form" and "step_id" in kws:
                    used.flow[kind].add(("step", kws["step_id"]))
                if "reason" in kws:
                    used.flow[kind].add(("abort", kws["reason"]))
                for reason in IMPLICIT_ABORTS.get(name, ()):
                    used.flow[kind].add(("abort", reason))
            elif (
                isinstance(node, ast.AnnAssign | ast.Assign)
                and isinstance(node.value, ast.Dict)
                and ast.unparse(
                    node.target if isinstance(node, ast.AnnAssign) else node.targets[0]
                ).endswith("ERROR_TRANSLATION_KEYS")
            ):
                # A table of exception keys chosen at run time.
                used.exceptions.update(
                    value
                    for value_node in node.value.values
                    if (value := _constant(value_node)) is not None
                )
            elif (
                isinstance(node, ast.AnnAssign | ast.Assign)
                and node.value is not None
                and platform == "config_flow"
                and ast.unparse(
                    node.target if isinstance(node, ast.AnnAssign) else node.targets[0]
                ).endswith("_ERRORS")
            ):
                # A table of form errors chosen at run time.
                used.flow[kind].update(
                    ("error", value)
                    for value_node in ast.walk(node.value)
                    if (value := _constant(value_node)) is not None  # type: ignore[arg-type]
                )
            elif isinstance(node, ast.Assign) and platform in ENTITY_PLATFORMS:
                value = _constant(node.value)
                for target in node.targets:
                    if (
                        isinstance(target, ast.Name | ast.Attribute)
                        and (
                            getattr(target, "id", None) or getattr(target, "attr", None)
                        )
                        == "_attr_translation_key"
                        and value is not None
                    ):
                        used.entity.add((platform, value))
            if (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Subscript)
                and isinstance(node.targets[0].value, ast.Name)
                and node.targets[0].value.id == "errors"
                and (value := _constant(node.value)) is not None
            ):
                used.flow[kind].add(("error", value))
    return used


def check_translations(integration: Path, used: UsedKeys) -> list[str]:
    """en.json covers every key the code uses, holds nothing unused, and de.json matches."""
    problems: list[str] = []
    translations = integration / "translations"
    en = json.loads((translations / "en.json").read_text())
    services = _services_yaml(integration)

    def section(*path: str) -> dict[str, Any]:
        node: Any = en
        for part in path:
            node = node.get(part, {}) if isinstance(node, dict) else {}
        return node if isinstance(node, dict) else {}

    problems.extend(
        f"en.json: exceptions.{key} needs a message"
        for key, value in section("exceptions").items()
        if not (isinstance(value, dict) and isinstance(value.get("message"), str))
    )
    problems.extend(
        f"en.json: issues.{key} needs a title and a description"
        for key, value in section("issues").items()
        if not (isinstance(value, dict) and {"title", "description"} <= set(value))
    )
    for platform, key in sorted(used.entity):
        if key not in section("entity", platform):
            problems.append(f"en.json: entity.{platform}.{key} missing")
    for platform, entries in section("entity").items():
        for key in entries:
            if (platform, key) not in used.entity:
                problems.append(f"en.json: entity.{platform}.{key} is not used")
    for area, keys in (("exceptions", used.exceptions), ("issues", used.issues)):
        for key in sorted(keys):
            if key not in section(area):
                problems.append(f"en.json: {area}.{key} missing")
        problems.extend(
            f"en.json: {area}.{key} is not used"
            for key in section(area)
            if key not in keys
        )
    for flow, keys in used.flow.items():
        for kind, key in sorted(keys):
            if key not in section(flow, kind):
                problems.append(f"en.json: {flow}.{kind}.{key} missing")
        for kind in ("step", "error", "abort"):
            problems.extend(
                f"en.json: {flow}.{kind}.{key} is not used"
                for key in section(flow, kind)
                if (kind, key) not in keys
            )
    for service in services:
        if service not in section("services"):
            problems.append(f"en.json: services.{service} missing")
    problems.extend(
        f"en.json: services.{service} is not in services.yaml"
        for service in section("services")
        if service not in services
    )
    for path in sorted(translations.glob("*.json")):
        if path.name != "en.json":
            try:
                other = json.loads(path.read_text())
            except ValueError:
                continue  # reported by check_json_files
            problems.extend(
                f"{path.name}: {missing} missing"
                for missing in sorted(_leaf_paths(en) - _leaf_paths(other))
            )
    return problems


def check_icons(integration: Path, used: UsedKeys) -> list[str]:
    """icons.json names only keys the code uses, and gives every service an icon."""
    problems: list[str] = []
    path = integration / "icons.json"
    icons = json.loads(path.read_text()) if path.is_file() else {}
    for platform, entries in icons.get("entity", {}).items():
        problems.extend(
            f"icons.json: entity.{platform}.{key} is not used"
            for key in entries
            if (platform, key) not in used.entity
        )
    services = _services_yaml(integration)
    icon_services = icons.get("services", {})
    problems.extend(
        f"icons.json: services.{service} missing"
        for service in services
        if service not in icon_services
    )
    problems.extend(
        f"icons.json: services.{service} is not in services.yaml"
        for service in icon_services
        if service not in services
    )
    return problems


def _services_yaml(integration: Path) -> set[str]:
    path = integration / "services.yaml"
    if not path.is_file():
        return set()
    return set(yaml.safe_load(path.read_text()) or {})


def _leaf_paths(node: Any, prefix: str = "") -> set[str]:
    if isinstance(node, dict):
        paths: set[str] = set()
        for key, value in node.items():
            paths |= _leaf_paths(value, f"{prefix}.{key}" if prefix else key)
        return paths
    return {prefix}


def check_all(root: Path, ha_version: str) -> list[str]:
    """Every check over the repository at root."""
    integration = root / "custom_components" / "porsche_connect"
    used = collect_used_keys(integration)
    return [
        *check_manifest(integration),
        *check_hacs(root, ha_version),
        *check_json_files(root),
        *check_brand(integration),
        *check_translations(integration, used),
        *check_icons(integration, used),
    ]
