"""Command-line inputs at their edges: scanner line ends, times and durations out of range."""

from __future__ import annotations

import io

import pytest

from verifier_app.cli import verifier as verifier_cli
from verifier_app.cli._common import OverlongLine, UsageError, parse_seconds, parse_time, run, scanned_lines

from tests.cli.test_cli import at, call, issue, setup  # noqa: F401 - setup is a fixture


class Trickle(io.RawIOBase):
    """A serial scanner: bytes arrive one at a time, a CRLF may be split across reads."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def readable(self) -> bool:
        return True

    def read1(self, n: int = -1) -> bytes:
        chunk, self._data = self._data[:1], self._data[1:]
        return chunk

    read = read1


SCANS = "\ufeffDL1:A\rDL1:B\r\nDL1:C\n\n  \r\nDL1:É\rLAST"
EXPECTED = [(1, "DL1:A"), (2, "DL1:B"), (3, "DL1:C"), (6, "DL1:É"), (7, "LAST")]


@pytest.mark.parametrize("make", [
    lambda: io.BytesIO(SCANS.encode()),
    lambda: Trickle(SCANS.encode()),
    lambda: io.StringIO(SCANS),
    lambda: io.TextIOWrapper(io.BytesIO(SCANS.encode()), encoding="utf-8"),  # like sys.stdin: read via .buffer
], ids=["bytes", "trickle", "text", "stdin-like"])
def test_scanned_lines_take_any_line_end_and_a_bom(make):
    assert list(scanned_lines(make())) == EXPECTED


def test_a_cr_only_scan_is_given_before_the_stream_ends():
    """A keyboard-wedge scanner ends with CR and waits: the line must come out at once."""
    lines = scanned_lines(Trickle(b"DL1:FIRST\r"))
    assert next(lines) == (1, "DL1:FIRST")


def test_scanned_lines_edge_cases():
    assert list(scanned_lines(io.BytesIO(b""))) == []
    assert list(scanned_lines(io.BytesIO(b"\xef\xbb\xbf"))) == []
    assert list(scanned_lines(io.BytesIO(b"\r\n\r\n\n"))) == []
    assert list(scanned_lines(io.BytesIO(b"a\xffb\n"))) == [(1, "a\ufffdb")]  # not UTF-8: unreadable, not a crash
    [(number, overlong)] = scanned_lines(io.BytesIO(b"x" * 200_000))  # not an error: a result of its own
    assert number == 1 and isinstance(overlong, OverlongLine) and overlong.length == 200_000


@pytest.mark.parametrize("text", ["99999-01-01T00:00:00", "-5", "100000000000000000000", "0001-01-01",
                                  "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59", "1969-12-31T23:00:00Z",
                                  "3000-01-01T00:00:00+00:00", "yesterday", ""])
def test_times_far_outside_the_range_are_usage_errors(text):
    with pytest.raises(UsageError) as info:
        parse_time(text)
    assert "2026-11-25T10:42:05+08:00" in info.value.message


@pytest.mark.parametrize("text", ["2026-11-25T10:42:05+08:00", "2026-11-25", "1970-01-02T00:00:00Z",
                                  "2999-12-31T12:00:00Z", " 2026-11-25T02:42:05Z "])
def test_times_in_range_parse(text):
    assert parse_time(text).tzinfo is not None


@pytest.mark.parametrize("text", ["100000000000000000000", str(10**20), "-5", "1.5", "soon"])
def test_seconds_out_of_range_are_usage_errors(text):
    with pytest.raises(UsageError):
        parse_seconds(text, name="--max-age")
    assert parse_seconds("180") == 180 and parse_seconds(0) == 0


@pytest.mark.parametrize("now", ["99999-01-01T00:00:00", "9999-12-31T23:59:59", "0001-01-01T00:00:00+14:00", "-5"])
def test_verify_with_a_now_out_of_range_is_a_usage_error(tmp_path, capsys, setup, now):  # noqa: F811
    auth, v = setup
    qr, _, _ = issue(auth, tmp_path, capsys)
    code, out, err = call(verifier_cli.main, v + ["verify", "--now", now, str(qr)], capsys)
    assert code == 2 and out == ""
    assert err.startswith("error: ") and "unexpected" not in err and err.count("\n") == 1, err


@pytest.mark.parametrize("since", ["0001-01-01", "9999-12-31T23:59:59", "99999-01-01"])
def test_audit_since_out_of_range_is_a_usage_error(capsys, since):
    code = run(verifier_cli.main, ["audit", "list", "--since", since])
    err = capsys.readouterr().err
    assert code == 2 and "unexpected" not in err, err
    assert "outside the times" in err or "not an ISO 8601" in err, err


@pytest.mark.parametrize("flag", ["--max-age", "--skew"])
def test_verify_with_seconds_out_of_range_is_a_usage_error(tmp_path, capsys, setup, flag):  # noqa: F811
    auth, v = setup
    qr, _, _ = issue(auth, tmp_path, capsys)
    code, out, err = call(verifier_cli.main, v + ["verify", flag, "100000000000000000000", str(qr)], capsys)
    assert code == 2 and out == ""  # before: a verdict judged with an absurd policy
    assert err.startswith("error: ") and flag in err, err
