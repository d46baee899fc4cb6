"""Serving the app as ``mizaan serve`` does: its settings in one ``ServeConfig``, which travels to every
process of ``--workers N`` through the environment (uvicorn starts each process from an import string), so
that all of them share the data folder, the start-up token and the secret that signs cookies."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from fastapi import FastAPI

from mizaan.knowledge import load_knowledge_base
from mizaan.web.accounts import Accounts
from mizaan.web.security import LOOPBACK_NAMES, Guard, is_loopback, new_token

ENV = "MIZAAN_SERVE_CONFIG"


@dataclass(frozen=True)
class ServeConfig:
    host: str = "127.0.0.1"
    port: int = 8000
    data: str = ""
    kb_dir: str | None = None
    example: str | None = None
    store: str | None = None
    truth: str | None = None
    track: str | None = None  # the tracking database: its API, webhooks and report (``--track-db``)
    threads: int | None = None
    token: str = field(default_factory=new_token)
    secret: str = field(default_factory=lambda: os.urandom(32).hex())
    hosts: tuple[str, ...] = ()
    accounts: bool = False  # sign-in by name and password, workspaces and roles (``mizaan users``)
    behind_https: bool = False  # served to people through an HTTPS proxy: cookies are marked Secure

    @property
    def public(self) -> bool:
        return not is_loopback(self.host)

    def allowed_hosts(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys([*LOOPBACK_NAMES, self.host.lower(), *(h.lower() for h in self.hosts)]))

    def address(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    def to_env(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_env(cls) -> ServeConfig:
        raw = json.loads(os.environ[ENV])
        raw["hosts"] = tuple(raw.get("hosts") or ())
        return cls(**raw)


def build(config: ServeConfig) -> FastAPI:
    from mizaan.web.app import create_app

    def path(value: str | None) -> Path | None:
        return Path(value) if value else None

    return create_app(
        load_knowledge_base(path(config.kb_dir)),
        example=path(config.example),
        store=path(config.store),
        truth=path(config.truth),
        data=path(config.data),
        guard=Guard(
            token=None if config.accounts else config.token,
            hosts=config.allowed_hosts(),
            secret=bytes.fromhex(config.secret),
            accounts=accounts_of(Path(config.data)) if config.accounts else None,
            secure=config.behind_https,
        ),
        threads=config.threads,
        track=path(config.track),
    )


def accounts_of(data: Path) -> Accounts:
    """The accounts kept in a data folder (``accounts.sqlite``)."""
    return Accounts(data / "accounts.sqlite")


def app_from_environment() -> FastAPI:
    """The app of each ``--workers`` process (uvicorn's factory), from the settings ``mizaan serve`` set."""
    return build(ServeConfig.from_env())


__all__ = ["ENV", "ServeConfig", "accounts_of", "app_from_environment", "build"]
