"""Real `wugraph serve` processes on loopback, over a store folder or a SPARQL server URL."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .paths import ROOT
from .processes import free_port, stop_process, wait_until_answers


@dataclass
class LiveServer:
    """A real `wugraph serve` process on loopback."""

    url: str
    process: subprocess.Popen
    store: str

    @property
    def sparql(self) -> str:
        return self.url + "/sparql"

    @property
    def store_dir(self) -> Path:
        return Path(self.store)

    def stop(self) -> None:
        stop_process(self.process)


def start_server(store: Path | str, extra_env: dict[str, str] | None = None, log: Path | None = None,
                 seconds: float = 120) -> LiveServer:
    """Start `wugraph serve` on a free loopback port and wait until its endpoint answers a cheap query."""
    port = free_port()
    env = {**os.environ, "WUGRAPH_STORE": str(store), **(extra_env or {})}
    command = [sys.executable, "-m", "wugraph", "serve", "--host", "127.0.0.1", "--port", str(port)]
    out = open(log, "ab") if log is not None else subprocess.DEVNULL
    try:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
    finally:
        if log is not None:
            out.close()  # type: ignore[union-attr]
    server = LiveServer(f"http://127.0.0.1:{port}", process, str(store))
    wait_until_answers(server.sparql + "?query=ASK%7B%7D", process, seconds, log)
    return server


def stop_server(server: LiveServer) -> None:
    server.stop()
