"""The fleet's real parts: a TUF repository made with verifier-central, served over real HTTP on 127.0.0.1.

TUF judges metadata expiry by the system clock, so these tests take the real time as their reference
(REAL_NOW, read once) and make every signed thing relative to it; nothing depends on how fast the
machine is.
"""

from __future__ import annotations

import datetime as dt
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterator

import pytest

from verifier_app.cli import central as central_cli
from verifier_app.cli import verifier as verifier_cli
from verifier_app.cli._common import run
from verifier_app.issuer.authority import Authority
from verifier_app.station import admin_audit

REAL_NOW = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


class _Handler(SimpleHTTPRequestHandler):
    """Serves whatever folder the server points at now (tests swap in an older copy)."""

    def __init__(self, request: Any, client_address: Any, server: Any) -> None:
        super().__init__(request, client_address, server, directory=str(server.root))

    def log_message(self, *args: Any) -> None:  # quiet
        pass


class Server:
    def __init__(self, root: Path) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.root = root  # type: ignore[attr-defined]
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.requests: list[str] = []
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def serve(self, root: Path) -> None:
        self.httpd.root = root  # type: ignore[attr-defined]

    def stop(self) -> None:
        if self.thread.is_alive():
            self.httpd.shutdown()
            self.httpd.server_close()
            self.thread.join()


def call(main: Any, args: list[str], capsys: Any) -> tuple[int, str, str]:
    code = run(main, args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def fleet_authority(tmp_path) -> Authority:
    return Authority.create(tmp_path / "auth", code="CN-BJ", name="Beijing Traffic Police",
                            now=REAL_NOW - dt.timedelta(days=30))


@pytest.fixture
def repo_dir(tmp_path, capsys) -> Path:
    folder = tmp_path / "repo"
    assert call(central_cli.main, ["repo", "init", str(folder)], capsys)[0] == 0
    return folder


@pytest.fixture
def server(repo_dir) -> Iterator[Server]:
    s = Server(repo_dir / "public")
    yield s
    s.stop()


class Fleet:
    """The operator's repository, its server, and helpers to publish and to run station commands."""

    def __init__(self, tmp_path: Path, repo: Path, server: Server, authority: Authority, capsys: Any) -> None:
        self.tmp, self.repo, self.server, self.authority, self.capsys = tmp_path, repo, server, authority, capsys
        self._n = 0

    def file(self, data: bytes, suffix: str = ".dltrust") -> Path:
        self._n += 1
        path = self.tmp / f"published-{self._n}{suffix}"
        path.write_bytes(data)
        return path

    def bundle(self, sequence: int) -> bytes:
        return self.authority.make_bundle(now=REAL_NOW - dt.timedelta(hours=3) + dt.timedelta(minutes=sequence),
                                          sequence=sequence)

    def publish(self, *datas: bytes, extra: tuple[str, ...] = ()) -> str:
        code, out, err = call(central_cli.main, ["repo", "publish", str(self.repo),
                                                 *[str(self.file(d)) for d in datas], *extra], self.capsys)
        assert code == 0, err
        return out

    def station(self, name: str, source: str | None = None) -> list[str]:
        data = self.tmp / name
        v = ["--data-dir", str(data)]
        assert self.verifier(v + ["trust", "install-root", str(self.authority.directory / "root-cert.pem")])[0] == 0
        code, out, err = self.verifier(v + ["trust", "subscribe", source or self.server.url,
                                            "--root", str(self.repo / "root.json")])
        assert code == 0, err
        return v

    def verifier(self, args: list[str]) -> tuple[int, str, str]:
        return call(verifier_cli.main, args, self.capsys)

    def sync(self, v: list[str], *extra: str) -> tuple[int, str, str]:
        return self.verifier(v + ["trust", "sync", *extra])


@pytest.fixture
def fleet(tmp_path, repo_dir, server, fleet_authority, capsys) -> Fleet:
    return Fleet(tmp_path, repo_dir, server, fleet_authority, capsys)


def admin_rows(v: list[str], action: str) -> list[Any]:
    return admin_audit.recorded(Path(v[1]), action)


def installed_sequence(v: list[str]) -> int | None:
    from verifier_app.station.trust.store import StationStore

    bundles = StationStore(v[1]).load().bundles
    return bundles[0].content.sequence if bundles else None


def copy_public(repo: Path, to: Path) -> Path:
    shutil.copytree(repo / "public", to)
    return to


__all__ = ["REAL_NOW", "Fleet", "Server", "call", "admin_rows", "installed_sequence", "copy_public"]


# ------------------------------------------------------------------ the collection half: PostgreSQL

@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Any]:
    """A throwaway PostgreSQL cluster (tests/fleet/pgcluster.py), started once, stopped at the end."""
    from . import pgcluster

    bin_dir = pgcluster.find_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL's initdb/pg_ctl not found (scripts/setup.sh installs Debian's postgresql)")
    cluster = pgcluster.start(bin_dir)
    yield cluster
    cluster.stop()
    shutil.rmtree(cluster.folder, ignore_errors=True)


_databases = iter(range(1, 1_000_000))


@pytest.fixture
def fleet_db(pg_cluster) -> str:
    """A fresh database with the fleet schema (made by verifier-central db init); its operator's DSN."""
    import psycopg

    name = f"fleet_t{next(_databases)}"
    admin = pg_cluster.dsn(password="fleet-admin-secret", dbname="postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    dsn = pg_cluster.dsn(password="fleet-admin-secret", dbname=name)
    assert run(central_cli.main, ["db", "init", dsn]) == 0
    return dsn
