"""`newsdash collect`: the parser entry and the command, kept here so etl/cli.py only points
at them."""

from __future__ import annotations

import argparse
import dataclasses

from etl.collect.settings import collect_settings
from etl.config import load_settings


def add_parser(sub: argparse._SubParsersAction) -> None:
    collect = sub.add_parser("collect", help="receive the site's events over HTTP into the inbox")
    collect.add_argument("--port", type=int, help="default: [collect] port (8502)")
    collect.add_argument(
        "--address", help="address to listen on (default: [collect] address, 127.0.0.1)"
    )
    collect.add_argument(
        "--demo", action="store_true", help="also serve the demo article page at /demo/article"
    )


def run(args: argparse.Namespace) -> int:
    from etl.collect.server import serve

    settings = collect_settings(load_settings(args.config))
    overrides = {"port": args.port, "address": args.address}
    settings = dataclasses.replace(settings, **{k: v for k, v in overrides.items() if v})
    return serve(settings, demo=args.demo)
