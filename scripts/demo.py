"""The demo: the simulator and Home Assistant with Porsche Connect already set up.

Run it through ``scripts/develop`` (which provides Python 3.14 and ``.venv``)::

    scripts/develop            # http://localhost:8123, login demo / demo-demo-demo
    scripts/develop --reset    # start again from an empty config/

What it does, every step idempotent:

1. installs what Home Assistant needs beyond the test stack (the frontend and the
   requirements of the integrations Home Assistant always loads), at the versions Home
   Assistant's own manifests pin;
2. writes ``config/configuration.yaml`` and links ``config/custom_components/porsche_connect``
   to this checkout's integration;
3. starts the simulator and Home Assistant (``PORSCHE_CONNECT_SERVER`` points the
   integration at the simulator);
4. onboards Home Assistant over its HTTP API (owner user, location, analytics, done) or, when
   ``config/`` is onboarded already, logs in with the demo login;
5. adds the Porsche Connect entry through the real config flow, unless it exists;
6. prints the URL and the login, and stops both processes on Ctrl-C.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Iterator, Mapping
import contextlib
from dataclasses import dataclass
from datetime import UTC, datetime
import http.client
import importlib.metadata
import json
import os
from pathlib import Path
import shutil
import signal
import socket
import subprocess
import sys
import time
from typing import Any, Final
from urllib.parse import urlencode

ROOT: Final = Path(__file__).resolve().parent.parent
CONFIG_DIR: Final = ROOT / "config"
INTEGRATION_DIR: Final = ROOT / "custom_components" / "porsche_connect"
DOMAIN: Final = "porsche_connect"
ENV_SERVER: Final = "PORSCHE_CONNECT_SERVER"

# The local Home Assistant login the demo creates (documented in the README).
OWNER_NAME: Final = "Demo"
OWNER_USERNAME: Final = "demo"
OWNER_PASSWORD: Final = "demo-demo-demo"  # noqa: S105 - a documented local demo login

# The simulator's demo account (simulator/fleet/__init__.py: DEMO_EMAIL, DEMO_PASSWORD).
PORSCHE_USERNAME: Final = "demo@example.com"
PORSCHE_PASSWORD: Final = "demo"  # noqa: S105 - the simulator's public demo account

# Integrations the generated configuration.yaml names.
CONFIGURED_DOMAINS: Final = (
    "api",
    "config",
    "frontend",
    "history",
    "logbook",
    "logger",
    "recorder",
)
# Home Assistant's onboarding steps (onboarding/const.py STEPS).
ONBOARDING_STEPS: Final = ("user", "core_config", "analytics", "integration")
# Integrations the onboarding's core_config step sets up (onboarding/views.py).
ONBOARDING_DOMAINS: Final = (
    "google_translate",
    "met",
    "radio_browser",
    "shopping_list",
)

# Home: the Porsche Museum in Stuttgart-Zuffenhausen, where the demo Taycan is parked.
HOME: Final[Mapping[str, Any]] = {
    "name": "Porsche Connect demo",
    "latitude": 48.8345,
    "longitude": 9.1523,
    "elevation": 250,
    "unit_system": "metric",
    "currency": "EUR",
    "country": "DE",
    "language": "en",
    "time_zone": "Europe/Berlin",
}

# Bookkeeping fields of a stored HTTP config (not settings).
META_KEYS: Final = frozenset({"created_at", "error", "error_message"})

HASS_START_TIMEOUT: Final = 600.0
HASS_STOP_TIMEOUT: Final = 60.0
SIMULATOR_START_TIMEOUT: Final = 60.0
ENTRY_LOAD_TIMEOUT: Final = 180.0
HASS_RUNNING_TIMEOUT: Final = 120.0
HASS_RESTART_CODE: Final = 100  # homeassistant.const.RESTART_EXIT_CODE


class DemoError(Exception):
    """Something the demo cannot recover from; the message says what to do."""


# --- Requirements -------------------------------------------------------------------------


def _manifest(components: Path, domain: str) -> dict[str, Any] | None:
    path = components / domain / "manifest.json"
    if not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def wanted_requirements() -> list[str]:
    """The requirements (as Home Assistant's manifests pin them) of what the demo loads.

    That is the integrations Home Assistant always sets up, the ones configuration.yaml
    names, the ones onboarding adds and Porsche Connect, with their dependencies.
    """
    from homeassistant import bootstrap

    components = Path(bootstrap.__file__).parent / "components"
    todo = [
        *bootstrap.CORE_INTEGRATIONS,
        *bootstrap.DEFAULT_INTEGRATIONS,
        *CONFIGURED_DOMAINS,
        *ONBOARDING_DOMAINS,
    ]
    ours = json.loads((INTEGRATION_DIR / "manifest.json").read_text(encoding="utf-8"))
    todo.extend(ours.get("dependencies", []))
    requirements: list[str] = list(ours.get("requirements", []))
    seen: set[str] = set()
    while todo:
        domain = todo.pop()
        if domain in seen:
            continue
        seen.add(domain)
        if (manifest := _manifest(components, domain)) is None:
            continue
        requirements.extend(manifest.get("requirements", []))
        todo.extend(manifest.get("dependencies", []))
    return sorted(set(requirements), key=str.lower)


def is_installed(requirement: str) -> bool:
    """Whether an installed distribution satisfies the requirement."""
    from packaging.requirements import Requirement

    req = Requirement(requirement)
    if req.marker is not None and not req.marker.evaluate():
        return True
    try:
        version = importlib.metadata.version(req.name)
    except importlib.metadata.PackageNotFoundError:
        return False
    return req.specifier.contains(version, prereleases=True)


def ensure_requirements() -> None:
    """Install what is missing, constrained like Home Assistant installs its own."""
    import homeassistant

    missing = [req for req in wanted_requirements() if not is_installed(req)]
    if not missing:
        return
    say(f"installing {len(missing)} packages Home Assistant needs for the demo (once):")
    say("  " + " ".join(missing))
    constraints = Path(homeassistant.__file__).parent / "package_constraints.txt"
    uv = shutil.which("uv")
    command = (
        [uv, "pip", "install", "--quiet", "--python", sys.executable]
        if uv
        else [sys.executable, "-m", "pip", "install", "--quiet"]
    )
    if constraints.is_file():
        command += ["--constraint", str(constraints)]
    if subprocess.run([*command, *missing], check=False).returncode != 0:  # noqa: S603
        raise DemoError("installing the packages failed (see above)")


# --- Configuration ------------------------------------------------------------------------


def configuration_yaml() -> str:
    """The generated configuration.yaml."""
    home = "\n".join(f"  {key}: {json.dumps(value)}" for key, value in HOME.items())
    return f"""\
# Written by scripts/develop on every start: changes here are lost.
# Put your own additions in config/packages/*.yaml (Home Assistant packages).
homeassistant:
{home}
  packages: !include_dir_named packages

api:
config:
frontend:
history:
logbook:
recorder:
  purge_keep_days: 7

logger:
  default: warning
  logs:
    custom_components.porsche_connect: debug
"""


def write_http_config(config_dir: Path, port: int, host: str) -> None:
    """Set Home Assistant's HTTP server (address, port) in its own storage.

    Home Assistant 2026.10 keeps the HTTP settings in ``.storage/http``: an ``http:``
    YAML section is imported once, as a trial that reverts (with a restart) unless
    confirmed in the UI within five minutes, and ignored afterwards. The demo writes the
    confirmed ("stable") settings instead, before every start.
    """
    from homeassistant.components.http import config as http_config

    wanted: dict[str, Any] = http_config.HTTP_STORAGE_SCHEMA(
        {"server_host": host, "server_port": port}
    )
    path = config_dir / ".storage" / http_config.STORAGE_KEY
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        data = json.loads(path.read_text(encoding="utf-8"))["data"]
        stable = {k: v for k, v in data["stable"].items() if k not in META_KEYS}
        if stable == wanted and data["pending"] is None:
            return
    stored = {
        "version": http_config.STORAGE_VERSION,
        "minor_version": http_config.STORAGE_MINOR_VERSION,
        "key": http_config.STORAGE_KEY,
        "data": {
            "stable": wanted
            | {
                "created_at": datetime.now(UTC).isoformat(),
                "error": None,
                "error_message": None,
            },
            "pending": None,
            "yaml_migration_done": True,
        },
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(stored, indent=2) + "\n", encoding="utf-8")
    path.chmod(0o600)


def prepare_config(config_dir: Path, port: int, host: str, *, reset: bool) -> None:
    """Create (or wipe and create) the config folder, the YAML and the integration link."""
    if reset and config_dir.exists():
        say(f"--reset: removing {display(config_dir)}")
        shutil.rmtree(config_dir)
    (config_dir / "packages").mkdir(parents=True, exist_ok=True)
    (config_dir / "configuration.yaml").write_text(
        configuration_yaml(), encoding="utf-8"
    )
    write_http_config(config_dir, port, host)
    link = config_dir / "custom_components" / DOMAIN
    link.parent.mkdir(exist_ok=True)
    target = Path(os.path.relpath(INTEGRATION_DIR, link.parent))
    if link.is_symlink() and Path(os.readlink(link)) == target:
        return
    if link.is_symlink() or link.is_file():
        link.unlink()
    elif link.is_dir():
        shutil.rmtree(link)
    link.symlink_to(target, target_is_directory=True)


# --- HTTP ---------------------------------------------------------------------------------


@dataclass(slots=True)
class Response:
    """An HTTP response: status and decoded JSON (or text)."""

    status: int
    body: Any


class HomeAssistantApi:
    """A small client for the parts of Home Assistant's HTTP API the demo uses."""

    def __init__(self, port: int) -> None:
        """Talk to Home Assistant on 127.0.0.1:port."""
        self.port = port
        self.token: str | None = None

    @property
    def client_id(self) -> str:
        """The client id (an URL, as IndieAuth wants) the demo logs in as."""
        return f"http://127.0.0.1:{self.port}/"

    @property
    def redirect_uri(self) -> str:
        """The redirect URI that belongs to the client id."""
        return f"{self.client_id}?auth_callback=1"

    def request(
        self,
        method: str,
        path: str,
        body: Mapping[str, Any] | None = None,
        *,
        form: Mapping[str, str] | None = None,
        timeout: float = 60.0,
    ) -> Response:
        """Send one request and decode the answer."""
        headers = {"Accept": "application/json"}
        payload: bytes | None = None
        if form is not None:
            payload = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=payload, headers=headers)
            response = conn.getresponse()
            raw = response.read().decode("utf-8", "replace")
        finally:
            conn.close()
        try:
            decoded: Any = json.loads(raw) if raw else None
        except json.JSONDecodeError:
            decoded = raw
        return Response(response.status, decoded)

    def call(
        self,
        method: str,
        path: str,
        body: Mapping[str, Any] | None = None,
        *,
        form: Mapping[str, str] | None = None,
    ) -> Any:
        """Send one request; anything but 2xx is an error."""
        response = self.request(method, path, body, form=form)
        if not 200 <= response.status < 300:
            raise DemoError(
                f"{method} {path} answered {response.status}: {response.body!r}"
            )
        return response.body

    def onboarding_steps(self) -> dict[str, bool] | None:
        """Each onboarding step and whether it is done; None while not answering.

        Home Assistant opens its HTTP server once the frontend (and so onboarding) is set
        up; once onboarding is complete, it no longer serves these views (404). Asking
        here, rather than anything that needs a login, keeps failed-login warnings away.
        """
        try:
            response = self.request("GET", "/api/onboarding", timeout=5)
        except OSError, http.client.HTTPException:
            return None
        if response.status == 404:
            return dict.fromkeys(ONBOARDING_STEPS, True)
        if response.status != 200 or not isinstance(response.body, list):
            raise DemoError(f"GET /api/onboarding answered {response.status}")
        return {step["step"]: bool(step["done"]) for step in response.body}

    def exchange_code(self, code: str) -> None:
        """Exchange an authorization code for an access token."""
        tokens = self.call(
            "POST",
            "/auth/token",
            form={
                "grant_type": "authorization_code",
                "code": code,
                "client_id": self.client_id,
            },
        )
        self.token = str(tokens["access_token"])

    def log_in(self, username: str, password: str) -> None:
        """Log in through the login flow (as the frontend does)."""
        flow = self.call(
            "POST",
            "/auth/login_flow",
            {
                "client_id": self.client_id,
                "handler": ["homeassistant", None],
                "redirect_uri": self.redirect_uri,
            },
        )
        result = self.call(
            "POST",
            f"/auth/login_flow/{flow['flow_id']}",
            {"username": username, "password": password, "client_id": self.client_id},
        )
        if result.get("type") != "create_entry":
            raise DemoError(
                f"the demo login {username} / {password} was refused "
                f"({result.get('errors')}); start again with --reset"
            )
        self.exchange_code(str(result["result"]))


# --- Onboarding and the config entry ------------------------------------------------------


def onboard(api: HomeAssistantApi, steps: Mapping[str, bool]) -> None:
    """Finish whatever onboarding step is open, logged in as the owner."""
    if not steps.get("user"):
        say(f"onboarding: creating the owner {OWNER_USERNAME!r}")
        created = api.call(
            "POST",
            "/api/onboarding/users",
            {
                "client_id": api.client_id,
                "name": OWNER_NAME,
                "username": OWNER_USERNAME,
                "password": OWNER_PASSWORD,
                "language": HOME["language"],
            },
        )
        api.exchange_code(str(created["auth_code"]))
    else:
        api.log_in(OWNER_USERNAME, OWNER_PASSWORD)
    if not steps.get("core_config"):
        say("onboarding: location and units (from configuration.yaml)")
        api.call("POST", "/api/onboarding/core_config", {})
    if not steps.get("analytics"):
        say("onboarding: analytics (left off)")
        api.call("POST", "/api/onboarding/analytics", {})
    if not steps.get("integration"):
        say("onboarding: done")
        api.call(
            "POST",
            "/api/onboarding/integration",
            {"client_id": api.client_id, "redirect_uri": api.redirect_uri},
        )


def porsche_entries(api: HomeAssistantApi) -> list[dict[str, Any]]:
    """The Porsche Connect config entries."""
    entries = api.call("GET", f"/api/config/config_entries/entry?domain={DOMAIN}")
    return [entry for entry in entries if entry.get("domain") == DOMAIN]


def add_entry(api: HomeAssistantApi) -> None:
    """Add the Porsche Connect entry through the config flow, as a user would."""
    say(f"adding Porsche Connect for {PORSCHE_USERNAME} through the config flow")
    flow = api.call(
        "POST",
        "/api/config/config_entries/flow",
        {"handler": DOMAIN, "show_advanced_options": False},
    )
    if flow.get("type") != "form" or flow.get("step_id") != "user":
        raise DemoError(f"the config flow did not start with the user step: {flow}")
    result = api.call(
        "POST",
        f"/api/config/config_entries/flow/{flow['flow_id']}",
        {"username": PORSCHE_USERNAME, "password": PORSCHE_PASSWORD},
    )
    if result.get("type") == "create_entry":
        return
    with contextlib.suppress(DemoError):
        api.call("DELETE", f"/api/config/config_entries/flow/{flow['flow_id']}")
    raise DemoError(
        f"the config flow ended in {result.get('type')} / {result.get('step_id')} "
        f"(errors: {result.get('errors')}, reason: {result.get('reason')}); "
        "add the integration by hand in Settings → Devices & services"
    )


def wait_for_entry(api: HomeAssistantApi, children: Children) -> dict[str, Any]:
    """Wait until the entry has finished setting up (loaded or failed)."""
    deadline = time.monotonic() + ENTRY_LOAD_TIMEOUT
    while True:
        entries = porsche_entries(api)
        if entries and entries[0].get("state") not in {
            "not_loaded",
            "setup_in_progress",
        }:
            return entries[0]
        if time.monotonic() > deadline:
            raise DemoError(
                "the Porsche Connect entry did not finish setting up in time"
            )
        children.check()
        time.sleep(1)


# --- Processes ----------------------------------------------------------------------------


@dataclass(slots=True)
class Child:
    """A process the demo runs, and how to run it again."""

    name: str
    command: list[str]
    log: Path
    env: Mapping[str, str]
    stop_timeout: float
    restart_code: int | None = None
    process: subprocess.Popen[bytes] | None = None

    def spawn(self) -> None:
        """Start the process; its log starts afresh, except after a restart."""
        with self.log.open("wb" if self.process is None else "ab") as out:
            self.process = subprocess.Popen(  # noqa: S603
                self.command,
                cwd=ROOT,
                env=dict(self.env),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )


class Children:
    """The simulator and Home Assistant, each in a session of its own.

    Ctrl-C reaches only this script, which then stops Home Assistant first (it may still be
    talking to the simulator) and the simulator after it. A restart asked for in Home
    Assistant (its exit status 100) starts it again, as Home Assistant's own runners do.
    """

    def __init__(self) -> None:
        """No processes yet."""
        self.children: list[Child] = []

    def start(self, child: Child) -> None:
        """Start a child and keep track of it."""
        child.spawn()
        self.children.append(child)

    def check(self) -> None:
        """Restart a child that asked for it; raise if one has ended otherwise."""
        for child in self.children:
            assert child.process is not None
            if (code := child.process.poll()) is None:
                continue
            if code == child.restart_code:
                say(f"{child.name} asked for a restart; starting it again")
                child.spawn()
                continue
            raise DemoError(f"{child.name} exited with status {code}")

    def stop(self) -> None:
        """Stop in reverse order: SIGINT, then SIGKILL when it takes too long."""
        while self.children:
            child = self.children.pop()
            process = child.process
            if process is None or process.poll() is not None:
                continue
            say(f"stopping {child.name}")
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGINT)
            try:
                process.wait(child.stop_timeout)
            except subprocess.TimeoutExpired, KeyboardInterrupt:
                say(f"{child.name} did not stop in time; killing it")
                process.kill()
                process.wait()


def port_in_use(port: int) -> bool:
    """Whether something listens on 127.0.0.1:port."""
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def wait_for_port(port: int, children: Children, timeout: float, what: str) -> None:
    """Wait until something listens on 127.0.0.1:port."""
    deadline = time.monotonic() + timeout
    while not port_in_use(port):
        children.check()
        if time.monotonic() > deadline:
            raise DemoError(f"{what} did not open port {port} in time")
        time.sleep(0.5)


def wait_for_hass(api: HomeAssistantApi, children: Children) -> dict[str, bool]:
    """Wait until Home Assistant answers; return the onboarding steps."""
    deadline = time.monotonic() + HASS_START_TIMEOUT
    while (steps := api.onboarding_steps()) is None:
        children.check()
        if time.monotonic() > deadline:
            raise DemoError("Home Assistant did not answer in time")
        time.sleep(2)
    return steps


def wait_for_running(api: HomeAssistantApi, children: Children) -> None:
    """Wait (a while, not forever) until Home Assistant has finished starting."""
    deadline = time.monotonic() + HASS_RUNNING_TIMEOUT
    while api.call("GET", "/api/config").get("state") != "RUNNING":
        children.check()
        if time.monotonic() > deadline:
            say("Home Assistant is still starting; carrying on")
            return
        time.sleep(1)


# --- Main ---------------------------------------------------------------------------------


def say(message: str) -> None:
    """Progress for the person at the terminal."""
    print(f"[develop] {message}", flush=True)


def display(path: Path) -> str:
    """A path relative to the checkout, for messages."""
    with contextlib.suppress(ValueError):
        return str(path.relative_to(ROOT))
    return str(path)


def banner(
    port: int, sim_url: str, entry: Mapping[str, Any], logs: Iterable[Path]
) -> str:
    """What the newcomer needs, once everything is up."""
    state = entry.get("state")
    lines = [
        "",
        "=" * 72,
        "  Porsche Connect demo is running",
        "",
        f"  Home Assistant   http://localhost:{port}",
        f"  Login            username {OWNER_USERNAME}   password {OWNER_PASSWORD}",
        "",
        f"  Simulator        {sim_url}",
        f"  Porsche account  {PORSCHE_USERNAME} / {PORSCHE_PASSWORD}",
        f"  Entry            {entry.get('title')} ({state})",
        f"  Logs             {', '.join(display(log) for log in logs)}",
        "",
        "  Press Ctrl-C to stop both.",
        "=" * 72,
        "",
    ]
    if state != "loaded":
        lines.insert(-2, f"  The entry is {state}: see the Home Assistant log.")
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(
        prog="scripts/develop",
        description=(
            "Start the simulator and Home Assistant with Porsche Connect set up "
            "against the simulator's demo account."
        ),
    )
    parser.add_argument(
        "--port", type=int, default=8123, help="Home Assistant's port (8123)"
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address Home Assistant listens on (127.0.0.1; 0.0.0.0 for the network)",
    )
    parser.add_argument(
        "--simulator-port", type=int, default=8765, help="the simulator's port (8765)"
    )
    parser.add_argument(
        "--reset", action="store_true", help="wipe config/ first (a fresh start)"
    )
    parser.add_argument(
        "--config", type=Path, default=CONFIG_DIR, help="config folder (config/)"
    )
    return parser.parse_args(argv)


@contextlib.contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """Treat SIGTERM (and SIGHUP) like Ctrl-C, so the children are stopped either way."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = {
        sig: signal.signal(sig, interrupt) for sig in (signal.SIGTERM, signal.SIGHUP)
    }
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def run(args: argparse.Namespace) -> None:
    """Bring the demo up and keep it running until interrupted."""
    config_dir: Path = args.config.resolve()
    for port, what in (
        (args.port, "Home Assistant"),
        (args.simulator_port, "simulator"),
    ):
        if port_in_use(port):
            raise DemoError(
                f"port {port} (for the {what}) is in use: stop what runs there "
                "or choose another port"
            )
    started = time.monotonic()
    ensure_requirements()
    prepare_config(config_dir, args.port, args.host, reset=args.reset)

    sim_url = f"http://127.0.0.1:{args.simulator_port}"
    env = dict(os.environ) | {ENV_SERVER: sim_url}
    sim_log = config_dir / "simulator.log"
    hass_log = config_dir / "home-assistant.log"
    children = Children()
    try:
        say(f"starting the simulator at {sim_url}")
        children.start(
            Child(
                "the simulator",
                [
                    sys.executable,
                    "-m",
                    "simulator",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(args.simulator_port),
                ],
                sim_log,
                env,
                stop_timeout=10,
            )
        )
        wait_for_port(
            args.simulator_port, children, SIMULATOR_START_TIMEOUT, "the simulator"
        )

        say(
            f"starting Home Assistant on port {args.port} (the first start takes a while)"
        )
        children.start(
            Child(
                "Home Assistant",
                [
                    sys.executable,
                    "-m",
                    "homeassistant",
                    "--config",
                    str(config_dir),
                    "--skip-pip",
                ],
                config_dir / "home-assistant.console.log",
                env,
                stop_timeout=HASS_STOP_TIMEOUT,
                restart_code=HASS_RESTART_CODE,
            )
        )
        api = HomeAssistantApi(args.port)
        steps = wait_for_hass(api, children)
        say(f"Home Assistant answers (after {time.monotonic() - started:.0f} s)")
        onboard(api, steps)
        if not porsche_entries(api):
            add_entry(api)
        entry = wait_for_entry(api, children)
        wait_for_running(api, children)
        say(f"ready after {time.monotonic() - started:.0f} s")
        print(banner(args.port, sim_url, entry, (hass_log, sim_log)), flush=True)
        while True:
            children.check()
            time.sleep(1)
    except KeyboardInterrupt:
        print(flush=True)
        say("interrupted")
    finally:
        children.stop()
        say("stopped")


def main(argv: list[str] | None = None) -> int:
    """Entry point: 0 after Ctrl-C, 1 on a failure."""
    args = parse_args(argv)
    # A shell starts background jobs with SIGINT ignored; Ctrl-C and `kill -INT` should
    # still stop the demo (and the children should not inherit the ignoring).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    with sigterm_as_interrupt():
        try:
            run(args)
        except DemoError as err:
            say(f"error: {err}")
            say(
                f"logs: {display(args.config.resolve())}/home-assistant.log, "
                "home-assistant.console.log, simulator.log"
            )
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
