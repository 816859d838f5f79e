"""Real SPARQL servers on loopback for the remote-store tests: Oxigraph server and Virtuoso Open Source.

Each is installed when missing (`pip install oxigraph` into this venv; Debian's `virtuoso-opensource`),
started in a private folder on free ports, and stopped (or killed, then restarted on the same data)
by the tests. No server outside this machine's loopback is ever contacted.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .processes import free_port, stop_process, wait_until_answers

KINDS = ("oxigraph", "virtuoso")
"""The remote server kinds every remote test runs against."""

XSD = "http://www.w3.org/2001/XMLSchema#"
# Oxigraph stores the derived integer types as xsd:integer; Virtuoso keeps them as written.
INTEGER_TYPES = {XSD + t for t in ("nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger",
                                   "long", "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte")}

VIRTUOSO_VSP = Path("/var/lib/virtuoso-opensource-7/vsp")
# The service description graph Virtuoso writes on first start; dropped so it does not show in the union.
VIRTUOSO_SD_GRAPH = "http://localuriqaserver/sparql"
# Virtuoso's own graphs, made private so they stay out of `GRAPH ?g` and the union default graph.
VIRTUOSO_OWN_GRAPHS = ("http://www.openlinksw.com/schemas/virtrdf#", "http://www.w3.org/ns/ldp#")


def _run(command: list[str], what: str, timeout: float = 600) -> None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    if done.returncode != 0:
        raise RuntimeError(f"{what} failed ({done.returncode}): {done.stderr[-2000:] or done.stdout[-2000:]}")


def oxigraph_command() -> str:
    """The `oxigraph` server command of this venv, installed from PyPI when missing."""
    command = Path(sys.executable).parent / "oxigraph"
    if not command.exists():
        _run([sys.executable, "-m", "pip", "install", "--quiet", "oxigraph>=0.5,<0.6"], "pip install oxigraph")
    return str(command)


def virtuoso_command() -> str:
    """Debian's `virtuoso-t`, installed with apt-get when missing (this machine runs as root)."""
    found = shutil.which("virtuoso-t")
    if found is None:
        prefix = [] if os.geteuid() == 0 else ["sudo", "-n"]
        _run([*prefix, "apt-get", "update", "-qq"], "apt-get update")
        _run([*prefix, "apt-get", "install", "-y", "-qq", "virtuoso-opensource"], "apt-get install virtuoso-opensource")
        found = shutil.which("virtuoso-t")
        if found is None:
            raise RuntimeError("virtuoso-opensource installed but virtuoso-t is not on PATH")
    return found


@dataclass
class RemoteServer:
    """One server process over a folder of its own; `location` is what WUGRAPH_STORE takes."""

    kind: str
    folder: Path
    http_port: int
    sql_port: int = 0
    process: subprocess.Popen | None = None
    setup_done: bool = field(default=False)

    @property
    def location(self) -> str:
        if self.kind == "oxigraph":
            return f"oxigraph+http://127.0.0.1:{self.http_port}"
        return f"virtuoso+http://127.0.0.1:{self.http_port}/sparql"

    @property
    def probe_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/" + ("query?query=ASK%7B%7D" if self.kind == "oxigraph" else "sparql?query=ASK%7B%7D")

    def start(self) -> "RemoteServer":
        """Start (or restart, on the same data and ports) and wait until queries are answered."""
        log = self.folder / "server.log"
        out = open(log, "ab")
        if self.kind == "oxigraph":
            command = [oxigraph_command(), "serve", "--location", str(self.folder / "data"),
                       "--bind", f"127.0.0.1:{self.http_port}"]
        else:
            self._write_ini()
            command = [virtuoso_command(), "+configfile", str(self.folder / "virtuoso.ini"), "+foreground"]
        self.process = subprocess.Popen(command, cwd=self.folder, stdout=out, stderr=subprocess.STDOUT)
        out.close()
        wait_until_answers(self.probe_url, self.process, 120, log)
        if self.kind == "virtuoso" and not self.setup_done:
            self._allow_updates()
        self.setup_done = True
        return self

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process)

    def kill(self) -> None:
        """SIGKILL: the server goes away mid-request, as a crashed machine would."""
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def checkpoint(self) -> None:
        """Virtuoso: write the transaction log into the database, so a restart after a kill is quick."""
        if self.kind == "virtuoso":
            self._isql("checkpoint;")

    def _isql(self, sql: str) -> None:
        isql = shutil.which("isql-vt") or shutil.which("isql")
        if isql is None:
            raise RuntimeError("Virtuoso's isql-vt is missing")
        _run([isql, str(self.sql_port), "dba", "dba", f"exec={sql}"], "isql", timeout=120)

    def _write_ini(self) -> None:
        """A private virtuoso.ini: own database files and ports, big result sets, no plugins."""
        d = self.folder
        (d / "virtuoso.ini").write_text(f"""[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{self.sql_port}
DisableUnixSocket = 1
MaxClientConnections = 20
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {d}
NumberOfBuffers = 170000
MaxDirtyBuffers = 130000
MaxQueryMem = 1G
[HTTPServer]
ServerPort = 127.0.0.1:{self.http_port}
ServerRoot = {VIRTUOSO_VSP if VIRTUOSO_VSP.is_dir() else d}
MaxClientConnections = 20
ServerThreads = 20
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = 300
MaxQueryCostEstimationTime = 0
""", encoding="utf-8")

    def _allow_updates(self) -> None:
        """Let the anonymous SPARQL account write, and hide Virtuoso's own graphs from its union default graph."""
        private = "http://www.openlinksw.com/schemas/virtrdf#PrivateGraphs"
        sql = " ".join([
            'GRANT SPARQL_UPDATE TO "SPARQL";',
            f"DB.DBA.RDF_GRAPH_GROUP_CREATE ('{private}', 1);",
            *(f"DB.DBA.RDF_GRAPH_GROUP_INS ('{private}', '{g}');" for g in VIRTUOSO_OWN_GRAPHS),
            "DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 0, 1);",  # private graphs: invisible
            "DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7, 0);",  # every other graph: read and write
            f"SPARQL DROP SILENT GRAPH <{VIRTUOSO_SD_GRAPH}>;",
        ])
        self._isql(sql)


def start_remote(kind: str, folder: Path) -> RemoteServer:
    """A fresh, empty server of `kind` ("oxigraph" or "virtuoso") in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    server = RemoteServer(kind, folder, free_port(), free_port() if kind == "virtuoso" else 0)
    return server.start()


class Servers:
    """One server of each kind for a whole test session, started on first use."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.running: dict[str, RemoteServer] = {}

    def __getitem__(self, kind: str) -> RemoteServer:
        if kind not in self.running:
            self.running[kind] = start_remote(kind, self.root / kind)
        return self.running[kind]

    def stop_all(self) -> None:
        for server in self.running.values():
            server.stop()
