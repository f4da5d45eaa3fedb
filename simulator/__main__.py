"""Run the simulator: ``python -m simulator [--host H] [--port P] ...``."""

from __future__ import annotations

import argparse
import asyncio
import contextlib

from .fleet import DEMO_EMAIL, DEMO_PASSWORD, DEMO_SPIN, DEMO_VINS
from .server import Simulator


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        prog="python -m simulator",
        description="Porsche Connect simulator (identity server and API on one origin).",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--latency-ms", type=int, default=0)
    parser.add_argument("--wake-latency-ms", type=int, default=3000)
    parser.add_argument("--token-lifetime", type=int, default=3600)
    parser.add_argument("--command-delay", type=float, default=2.0)
    return parser.parse_args(argv)


async def serve(args: argparse.Namespace) -> None:
    """Serve until cancelled, then stop cleanly."""
    sim = Simulator(
        latency_ms=args.latency_ms,
        token_lifetime=args.token_lifetime,
        command_delay=args.command_delay,
        wake_latency_ms=args.wake_latency_ms,
    )
    base_url = await sim.start(args.host, args.port)
    print(f"Porsche Connect simulator at {base_url}")
    print(f"  identity: {sim.identity_url}   API: {sim.api_url}")
    print(f"  demo account: {DEMO_EMAIL} / {DEMO_PASSWORD}   S-PIN: {DEMO_SPIN}")
    print(f"  cars: {', '.join(DEMO_VINS)}")
    print("Press Ctrl-C to stop.", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await sim.stop()
        print("Simulator stopped.", flush=True)


def main(argv: list[str] | None = None) -> None:
    """Entry point."""
    args = parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args))


if __name__ == "__main__":
    main()
