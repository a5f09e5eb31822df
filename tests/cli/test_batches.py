"""``verifier verify -`` in batches: every line its own result, printed as it is judged, in flat memory.

The child-process tests run the real command on a real pipe, as a scanner or a
script feeding it would; timeouts there only guard against a hang.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import resource
import select
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from verifier_app.cli import verifier as verifier_cli
from verifier_app.cli._common import MAX_LINE_CHARS, OverlongLine, scanned_lines

from tests.cli.test_cli import at, call, issue, setup  # noqa: F401 - setup is a fixture
from tests.conftest import ROOT

GUARD_S = 60  # only a failure guard: a result that doesn't come at all


def _audit_rows(v: list[str], capsys) -> list[dict]:
    code, out, err = call(verifier_cli.main, v + ["audit", "list", "--json"], capsys)
    assert code == 0, err
    return [row for row in json.loads(out) if row["kind"] == "verification"]


# ------------------------------------------------------------ over-long lines


def test_every_line_of_a_batch_gets_its_result_even_far_over_the_limit(tmp_path, capsys, setup, monkeypatch):
    """Before: the 200,000-character line stopped the batch with exit 2, and --json printed nothing at all."""
    auth, v = setup
    _, _, text = issue(auth, tmp_path, capsys)
    stdin = f"{text}\n{'A' * 200_000}\n{'B' * 1_000_000}\n{text}\n"
    code, out, err = call(verifier_cli.main, v + ["verify", "--json", "-"], capsys, stdin, monkeypatch)
    assert code == 1, err  # some input is not valid; no usage error
    results = [json.loads(line) for line in out.splitlines()]  # JSON Lines: one object per stdin line
    assert [r["input"] for r in results] == ["stdin:1", "stdin:2", "stdin:3", "stdin:4"]
    assert [r["verdict"] for r in results] == ["valid", "invalid", "invalid", "valid"]
    for r, length in ((results[1], 200_000), (results[2], 1_000_000)):
        [reason] = r["reasons"]
        assert reason["code"] == "input_too_long"
        assert reason["params"] == {"length_chars": length, "limit_chars": MAX_LINE_CHARS}
        assert f"{length:,} characters" in reason["message"] and "one scanned code per line" in reason["action"]
        assert r["licence"] is None
    rows = _audit_rows(v, capsys)
    assert sorted(row["id"] for row in rows) == sorted(r["audit_entry"] for r in results)
    too_long = {row["credential_sha256"] for row in rows if row["reasons"] == "input_too_long"}
    assert len(too_long) == 2  # each over-long line is its own input in the log


def test_an_over_long_line_in_words_and_in_chinese(tmp_path, capsys, setup, monkeypatch):
    auth, v = setup
    _, _, text = issue(auth, tmp_path, capsys)
    code, out, err = call(verifier_cli.main, v + ["verify", "-"], capsys, f"{'x' * 70_000}\n{text}\n", monkeypatch)
    assert code == 1 and err == "", err
    assert "stdin:1: INVALID" in out and "This line has 70,000 characters; one scanned line has at most 65,536" in out
    assert "stdin:2: VALID" in out
    code, out, _ = call(verifier_cli.main, ["--lang", "zh"] + v + ["verify", "-"], capsys, "y" * 70_001, monkeypatch)
    assert code == 1 and "此行有 70,001 个字符" in out and "每行只能有一个扫描的二维码" in out


def test_the_line_limit_is_the_stated_one_and_the_line_is_not_kept():
    """Before: lines up to about twice the limit went through, depending on where reads split them."""
    at_limit, over = "a" * MAX_LINE_CHARS, "b" * (MAX_LINE_CHARS + 1)
    huge = "c" * 3_000_000
    data = f"{at_limit}\n{over}\r\n{huge}\rlast\n".encode()
    lines = list(scanned_lines(io.BytesIO(data)))
    assert lines[0] == (1, at_limit)
    assert lines[1] == (2, OverlongLine(MAX_LINE_CHARS + 1, hashlib.sha256(over.encode()).hexdigest()))
    assert lines[2] == (3, OverlongLine(3_000_000, hashlib.sha256(huge.encode()).hexdigest()))
    assert lines[3] == (4, "last")


class _Endless(io.RawIOBase):
    """``size`` bytes of one line, made as they are read: the test itself never holds the line."""

    def __init__(self, size: int) -> None:
        self._left = size

    def readable(self) -> bool:
        return True

    def read1(self, n: int = -1) -> bytes:
        n = min(self._left, 65536 if n < 0 else n)
        self._left -= n
        return b"z" * n

    read = read1


def test_an_over_long_line_is_read_in_bounded_memory():
    """30 MB on one line: the reader's own allocations peak at a few chunks, not at the line."""
    import tracemalloc

    tracemalloc.start()
    try:
        [(number, line)] = scanned_lines(_Endless(30_000_000))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert number == 1 and isinstance(line, OverlongLine) and line.length == 30_000_000
    assert peak < 2_000_000, peak


def test_empty_stdin_is_a_usage_error(capsys, setup, monkeypatch):
    _, v = setup
    for stdin in ("", "\n\r\n  \n"):
        code, out, err = call(verifier_cli.main, v + ["verify", "--json", "-"], capsys, stdin, monkeypatch)
        assert code == 2 and out == ""
        assert err.startswith("error: stdin gave no text to verify") and err.count("\n") == 1, err
    assert _audit_rows(v, capsys) == []


# ------------------------------------------------------ a real pipe, live


class _Child:
    """``verifier`` in a child process, fed through a real pipe; its output read line by line as it comes."""

    def __init__(self, v: list[str], *args: str) -> None:
        env = dict(os.environ, PYTHONPATH=str(ROOT), VERIFIER_LANG="en")
        self.proc = subprocess.Popen([sys.executable, "-m", "verifier_app", *v, *args], cwd=ROOT, env=env, bufsize=0,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self._pending = b""

    def send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line.encode() + b"\n")

    def _read(self, timeout: float) -> bytes:
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        if not select.select([fd], [], [], timeout)[0]:
            raise AssertionError("no result came back while stdin stayed open")
        return os.read(fd, 1 << 16)

    def receive(self) -> dict:
        while b"\n" not in self._pending:
            chunk = self._read(GUARD_S)
            if not chunk:
                raise AssertionError(f"the output ended; stderr: {self.proc.stderr.read().decode()!r}")  # type: ignore[union-attr]
            self._pending += chunk
        line, self._pending = self._pending.split(b"\n", 1)
        return json.loads(line)

    def rest(self) -> bytes:
        """Whatever the child printed after the last line received, to its end."""
        out = self._pending
        while chunk := self._read(GUARD_S):
            out += chunk
        return out

    def finish(self) -> tuple[int, str]:
        assert self.proc.stdin is not None and self.proc.stderr is not None
        try:
            self.proc.stdin.close()
        except BrokenPipeError:
            pass
        code = self.proc.wait(timeout=GUARD_S)
        return code, self.proc.stderr.read().decode()


def test_json_lines_come_back_while_stdin_is_still_open(tmp_path, capsys, setup):
    """A scanner piped in: each verdict arrives as its line is scanned.  Before: nothing until stdin closed."""
    auth, v = setup
    _, _, text = issue(auth, tmp_path, capsys)
    child = _Child(v, "verify", "--json", "-")
    child.send(text)
    first = child.receive()
    assert first["input"] == "stdin:1" and first["verdict"] == "valid"
    child.send("DLN:BJ2026000001")
    second = child.receive()
    assert second["input"] == "stdin:2" and second["verdict"] == "unverified"
    code, err = child.finish()
    assert code == 1 and "Traceback" not in err, err


def test_a_closed_output_keeps_what_was_printed_and_exits_2(tmp_path, capsys, setup):
    """The reader goes away mid-batch (``| head -1``): one line on stderr, exit 2, the log holds every verdict given."""
    auth, v = setup
    _, _, text = issue(auth, tmp_path, capsys)
    child = _Child(v, "verify", "--json", "-")
    child.send(text)
    assert child.receive()["verdict"] == "valid"
    assert child.proc.stdout is not None
    child.proc.stdout.close()  # the reader of its output goes away
    child.send(text)
    code, err = child.finish()
    assert code == 2, err
    assert err.startswith("error: the output was closed") and err.count("\n") == 1, err
    assert len(_audit_rows(v, capsys)) == 2  # the second verdict was logged before its line could not be printed


@pytest.mark.skipif(not hasattr(resource, "prlimit"), reason="needs Linux's prlimit")
def test_an_audit_log_that_cannot_grow_stops_the_batch_after_what_was_printed(tmp_path, capsys, setup):
    """A full disk, made real with the child's file-size limit set to 0 after two lines: exit 2, one line."""
    auth, v = setup
    _, _, text = issue(auth, tmp_path, capsys)
    child = _Child(v, "verify", "--json", "-")
    for n in (1, 2):
        child.send(text)
        assert child.receive()["input"] == f"stdin:{n}"
    resource.prlimit(child.proc.pid, resource.RLIMIT_FSIZE, (0, 0))  # no file of its may be written any more
    child.send(text)
    child.send(text)
    code, err = child.finish()
    assert code == 2, err
    assert err.startswith("error: the audit log could not be written") and "NOT recorded" in err, err
    assert err.count("\n") == 1, err
    assert child.rest() == b""  # the third verdict, which the log doesn't hold, was not given
    assert len(_audit_rows(v, capsys)) == 2


def test_files_with_json_print_what_was_judged_before_the_log_failed(tmp_path, capsys, setup, monkeypatch):
    """Files keep one JSON document; a log that can't be written mid-batch still gets the earlier results out.

    The failure is real: another process holds the audit database's write lock
    (the log waits its 10 s, then gives up).  Before: exit 2 and nothing printed.
    """
    import sqlite3

    auth, v = setup
    qr, bar, _ = issue(auth, tmp_path, capsys)
    readers = 0
    holders: list[sqlite3.Connection] = []
    real_factory = verifier_cli.create_reader

    def reader_then_lock(*args, **kwargs):  # the second file's decoding starts once the first is logged
        nonlocal readers
        readers += 1
        if readers == 2:
            other = sqlite3.connect(Path(v[1]) / "audit.sqlite3", isolation_level=None)
            other.execute("BEGIN EXCLUSIVE")
            holders.append(other)
        return real_factory(*args, **kwargs)

    monkeypatch.setattr(verifier_cli, "create_reader", reader_then_lock)
    try:
        code, out, err = call(verifier_cli.main, v + ["verify", "--json", str(qr), str(bar)], capsys)
    finally:
        for other in holders:
            other.close()
    assert code == 2 and err.startswith("error: the audit log could not be written"), err
    [result] = json.loads(out)["results"]
    assert result["input"] == str(qr) and result["verdict"] == "valid"
    assert [row["id"] for row in _audit_rows(v, capsys)] == [result["audit_entry"]]


# --------------------------------------------------------------- memory


def _fast_folder(tmp_path: Path) -> Path:
    """A folder in RAM when there is one: 30,000 audit rows, each synced to disk, would take minutes on a disk."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        import tempfile

        return Path(tempfile.mkdtemp(dir=shm, prefix="verifier-test-"))
    return tmp_path


def _peak_rss_mb(pid: int) -> float:
    """The process's own peak resident memory (VmHWM), in MB.

    Not ru_maxrss: Linux carries a process's peak over exec, so a child of
    pytest would report pytest's own size (over 200 MB with OpenCV loaded).
    """
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024  # kB
    raise AssertionError("no VmHWM")


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux's /proc")
def test_thirty_thousand_lines_with_json_run_in_flat_memory(tmp_path, capsys, setup):
    """Before: 569 MB at its peak (every result gathered for one document).  Now each line is printed and dropped."""
    import shutil

    auth, v = setup
    _, _, text = issue(auth, tmp_path, capsys, "--at", at(0))
    folder = _fast_folder(tmp_path)
    try:
        station = folder / "station"
        shutil.copytree(v[1], station)
        child = _Child(["--data-dir", str(station)], "verify", "--json", "--now", at(30), "-")
        assert child.proc.stdin is not None
        stdin = child.proc.stdin

        def feed() -> None:  # the whole batch at once, as fast as the pipe takes it
            stdin.write(f"{text}\n".encode() * 30_000)

        writer = threading.Thread(target=feed, daemon=True)
        writer.start()
        verdicts = [child.receive()["verdict"] for _ in range(30_000)]
        writer.join(GUARD_S)
        peak_mb = _peak_rss_mb(child.proc.pid)  # every line judged, stdin still open: the child is still there
        code, err = child.finish()
    finally:
        if folder != tmp_path:
            shutil.rmtree(folder, ignore_errors=True)
    assert code == 0 and verdicts == ["valid"] * 30_000, err
    print(f"peak RSS for 30,000 lines with --json: {peak_mb:.0f} MB")
    assert peak_mb < 150, peak_mb


@pytest.mark.parametrize("role, shows_birth, number", [("checkpoint", True, "BJ2026000001"),
                                                       ("rental", False, "••••••••0001"),
                                                       ("insurance", False, "••••••••0001")])
def test_the_command_line_shows_what_the_stations_role_may_see(tmp_path, capsys, role, shows_birth, number):
    """Like the window, the receipt and the log: no birth date at a rental desk, the number masked."""
    from tests.cli.test_cli import at, call, issue
    from verifier_app.cli import issuer as issuer_cli
    from verifier_app.cli import verifier as verifier_cli

    auth, data = tmp_path / "auth", tmp_path / "station"
    assert call(issuer_cli.main, ["init-authority", str(auth), "--code", "CN-BJ", "--name", "Beijing"], capsys)[0] == 0
    assert call(issuer_cli.main, ["bundle", str(auth), "--out", str(tmp_path / "b.dltrust")], capsys)[0] == 0
    v = ["--data-dir", str(data)]
    assert call(verifier_cli.main, v + ["trust", "install-root", str(auth / "root-cert.pem")], capsys)[0] == 0
    assert call(verifier_cli.main, v + ["trust", "import", str(tmp_path / "b.dltrust")], capsys)[0] == 0
    assert call(verifier_cli.main, v + ["admin", "configure", "--role", role], capsys)[0] == 0
    qr, _bar, _text = issue(auth, tmp_path, capsys, "--at", at())
    code, out, err = call(verifier_cli.main, v + ["verify", "--json", "--now", at(20), str(qr)], capsys)
    assert code == 0, err
    licence = json.loads(out)["results"][0]["licence"]
    assert licence["document_number"] == number
    assert ("birth_date" in licence) is shows_birth and ("1990-03-07" in out) is shows_birth
    code, out, _ = call(verifier_cli.main, v + ["verify", "--now", at(20), str(qr)], capsys)
    assert number in out and (role == "checkpoint" or "BJ2026000001" not in out)
