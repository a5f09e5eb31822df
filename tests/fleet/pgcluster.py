"""A throwaway PostgreSQL cluster for tests and benchmarks: initdb into a temp folder, listen on a unix socket
there and on 127.0.0.1 only, stopped at the end.

PostgreSQL refuses to run as root (CI runs as root), so when this process is root the folder is given to
``nobody`` and the server binaries run through ``runuser -u nobody --``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

PG_BIN_DIRS = ("/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/15/bin")
SUPERUSER = "fleetadmin"


def find_bin() -> Path | None:
    for folder in PG_BIN_DIRS:
        if (Path(folder) / "initdb").is_file():
            return Path(folder)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Cluster:
    folder: Path
    port: int
    bin_dir: Path
    as_user: list[str]

    @property
    def socket_dir(self) -> Path:
        return self.folder / "sock"

    def dsn(self, user: str = SUPERUSER, password: str | None = None, dbname: str = "fleet") -> str:
        # TCP on 127.0.0.1 with a password: what a station does (the socket would trust anyone).
        text = f"host=127.0.0.1 port={self.port} dbname={dbname} user={user}"
        return text + (f" password={password}" if password else "")

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*self.as_user, str(self.bin_dir / args[0]), *args[1:]], check=check,
                              capture_output=True, text=True, timeout=120)

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop", check=False)


def start(bin_dir: Path, base: Path | None = None, *, fast: bool = True) -> Cluster:
    import pwd  # POSIX only: imported here so Windows can import this module and skip

    folder = Path(tempfile.mkdtemp(prefix="fleet-pg-", dir=base))
    as_user: list[str] = []
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        os.chmod(folder, 0o700)
        os.chown(folder, nobody.pw_uid, nobody.pw_gid)
        for parent in folder.parents:  # nobody must be able to reach its folder
            if parent.stat().st_mode & 0o001 == 0:
                os.chmod(parent, parent.stat().st_mode | 0o001)
        as_user = ["runuser", "-u", "nobody", "--"]
    cluster = Cluster(folder, _free_port(), bin_dir, as_user)
    password_file = folder / "pw"
    password_file.write_text("fleet-admin-secret\n")
    if as_user:
        os.chown(password_file, pwd.getpwnam("nobody").pw_uid, -1)
    cluster.run("initdb", "-D", str(folder / "data"), "-U", SUPERUSER, "--pwfile", str(password_file),
                "-A", "scram-sha-256", "--auth-local=trust", "-E", "UTF8", "--no-sync")
    (folder / "sock").mkdir()
    if as_user:
        os.chown(folder / "sock", pwd.getpwnam("nobody").pw_uid, -1)
    options = [f"-c listen_addresses=127.0.0.1", f"-c port={cluster.port}",
               f"-c unix_socket_directories={folder / 'sock'}", "-c max_connections=60"]
    if fast:  # a throwaway cluster: durability traded for speed (the benchmark says which it used)
        options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
    cluster.run("pg_ctl", "-D", str(folder / "data"), "-l", str(folder / "log"), "-w", "-o", " ".join(options),
                "start")
    cluster.run("psql", "-h", str(folder / "sock"), "-p", str(cluster.port), "-U", SUPERUSER, "-d", "postgres",
                "-c", "CREATE DATABASE fleet")
    return cluster


__all__ = ["Cluster", "find_bin", "start", "SUPERUSER"]
