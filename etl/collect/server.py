"""uvicorn around the collector's app, configured so that no client address is ever logged:
no access log, and no proxy-header rewriting (X-Forwarded-For is read only when the config
trusts it, by etl/collect/session.py)."""

from __future__ import annotations

import logging

import uvicorn

from newsdash.etl.collect.app import build_app
from newsdash.etl.collect.settings import CollectSettings

LOG_FORMAT = "%(asctime)s newsdash collect %(levelname)s: %(message)s"


def log_config() -> dict:
    """Our messages and uvicorn's errors on stderr; uvicorn's access logger switched off."""
    handler = {"class": "logging.StreamHandler", "stream": "ext://sys.stderr",
               "formatter": "plain"}  # fmt: skip
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"plain": {"format": LOG_FORMAT}},
        "handlers": {"stderr": handler},
        "loggers": {
            "newsdash.collect": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
            "uvicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
            "uvicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
        },
    }


def uvicorn_config(settings: CollectSettings, demo: bool) -> uvicorn.Config:
    return uvicorn.Config(
        build_app(settings, demo),
        host=settings.address,
        port=settings.port,
        access_log=False,
        proxy_headers=False,
        server_header=False,
        log_config=log_config(),
        lifespan="on",
        timeout_graceful_shutdown=10,
    )


def serve(settings: CollectSettings, demo: bool = False) -> int:
    """Serve until SIGINT/SIGTERM, then write what waits and rename the open file. Exit code 1
    when it could not start (the reason is logged)."""
    server = uvicorn.Server(uvicorn_config(settings, demo))
    where = f"http://{settings.address}:{settings.port}"
    logging.getLogger("newsdash.collect").info(
        "tracker %s/t.js, events to %s/e%s", where, where,
        f", demo page {where}/demo/article" if demo else "",
    )  # fmt: skip
    server.run()
    return 0 if server.started else 1
