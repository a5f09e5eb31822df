"""The command lines end to end, on real PNG files and real signed bundles."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from verifier_app.cli import issuer as issuer_cli
from verifier_app.cli import verifier as verifier_cli
from verifier_app.cli._common import run

from tests.conftest import RESOURCES, ROOT

# The CLI's authority and bundle are made at the real time, so times given
# with --at/--now must come after it (earlier would rightly be clock_untrusted).
import datetime as _dt

_BASE = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0) + _dt.timedelta(hours=1)


def at(seconds: int = 0) -> str:
    return (_BASE + _dt.timedelta(seconds=seconds)).isoformat()


def call(main, args, capsys, stdin: str | None = None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = run(main, args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def setup(tmp_path, capsys):
    """An authority made with the CLI, and a station that trusts it, also via the CLI."""
    auth, data = tmp_path / "auth", tmp_path / "station"
    assert call(issuer_cli.main, ["init-authority", str(auth), "--code", "CN-BJ", "--name", "北京交管"], capsys)[0] == 0
    bundle = tmp_path / "b.dltrust"
    assert call(issuer_cli.main, ["bundle", str(auth), "--out", str(bundle),
                                  "--document", "BJ2099000001=revoked@2026-01-02"], capsys)[0] == 0
    v = ["--data-dir", str(data)]
    code, out, _ = call(verifier_cli.main, v + ["trust", "install-root", str(auth / "root-cert.pem")], capsys)
    assert code == 0 and "fingerprint" in out
    code, out, _ = call(verifier_cli.main, v + ["trust", "import", str(bundle)], capsys)
    assert code == 0 and "number 1" in out
    return auth, v


def issue(auth: Path, tmp_path: Path, capsys, *extra: str) -> tuple[Path, Path, str]:
    qr, bar, txt = tmp_path / "qr.png", tmp_path / "bar.png", tmp_path / "qr.txt"
    code, out, err = call(issuer_cli.main, ["issue", str(auth), "--holder", str(RESOURCES / "sample-holder.json"),
                                            "--qr", str(qr), "--barcode", str(bar), "--text", str(txt), *extra], capsys)
    assert code == 0, err
    return qr, bar, txt.read_text().strip()


def test_issue_and_verify_png(tmp_path, capsys, setup):
    auth, v = setup
    qr, bar, _ = issue(auth, tmp_path, capsys)
    code, out, err = call(verifier_cli.main, v + ["verify", str(qr)], capsys)
    assert code == 0, out + err
    assert f"{qr}: VALID" in out and "王小明" in out and "BJ2026000001" in out
    assert "Signed by: " in out and "2.5.4.97" not in out  # the authority in words, no OIDs


def test_json_output_for_several_inputs(tmp_path, capsys, setup):
    auth, v = setup
    qr, bar, _ = issue(auth, tmp_path, capsys)
    code, out, _ = call(verifier_cli.main, v + ["verify", "--json", str(qr), str(bar)], capsys)
    assert code == 1  # the barcode alone is not verified
    results = json.loads(out)["results"]
    assert [r["input"] for r in results] == [str(qr), str(bar)]
    assert [r["verdict"] for r in results] == ["valid", "unverified"]
    assert results[1]["reasons"][0]["code"] == "barcode_only"
    assert set(results[0]) >= {"input", "verdict", "reasons", "licence", "generated_at", "age_s"}
    assert results[0]["licence"]["driving_privileges"][0]["vehicle_category_code"] == "C1"


def test_stale_code_with_now_and_chinese(tmp_path, capsys, setup):
    auth, v = setup
    qr, _, _ = issue(auth, tmp_path, capsys, "--at", at())
    code, out, _ = call(verifier_cli.main, ["--lang", "zh"] + v + ["verify", "--json", "--now", at(300), str(qr)],
                        capsys)
    assert code == 1
    reasons = json.loads(out)["results"][0]["reasons"]
    assert [r["code"] for r in reasons] == ["qr_stale"]
    assert "刷新" in reasons[0]["action"]
    # The facts travel as numbers; the Chinese sentence has a Chinese duration.
    assert reasons[0]["params"] == {"age_s": 300, "limit_s": 180}
    assert "5 分 0 秒前" in reasons[0]["message"] and " s" not in reasons[0]["message"]
    code, out, _ = call(verifier_cli.main, ["--lang", "zh"] + v + ["verify", "--now", at(300), str(qr)], capsys)
    assert "无效" in out and "王小明" in out and "（5 分 0 秒前；有效时间 3 分 0 秒）" in out


def test_max_age_and_category_options(tmp_path, capsys, setup):
    auth, v = setup
    qr, _, _ = issue(auth, tmp_path, capsys, "--at", at())
    later = at(5 * 60)
    assert call(verifier_cli.main, v + ["verify", "--now", later, str(qr)], capsys)[0] == 1
    assert call(verifier_cli.main, v + ["verify", "--now", later, "--max-age", "300", str(qr)], capsys)[0] == 0
    code, out, _ = call(verifier_cli.main, v + ["verify", "--json", "--now", later, "--max-age", "300",
                                                "--category", "A1", str(qr)], capsys)
    assert code == 1 and json.loads(out)["results"][0]["reasons"][0]["code"] == "category_missing"


def test_stdin_lines_like_a_keyboard_scanner(tmp_path, capsys, setup, monkeypatch):
    auth, v = setup
    _, _, text = issue(auth, tmp_path, capsys)
    tampered = text[:-6] + ("AAAAAA" if not text.endswith("AAAAAA") else "BBBBBB")
    stdin = f"{text}\r\n\nDLN:BJ2099000001\n{tampered}\n"
    code, out, _ = call(verifier_cli.main, v + ["verify", "--json", "-"], capsys, stdin, monkeypatch)
    assert code == 1
    results = [json.loads(line) for line in out.splitlines()]  # stdin: JSON Lines
    assert [r["input"] for r in results] == ["stdin:1", "stdin:3", "stdin:4"]
    assert results[0]["verdict"] == "valid"
    assert [x["code"] for x in results[1]["reasons"]] == ["barcode_only", "document_listed"]
    assert results[2]["verdict"] == "invalid" and results[2]["licence"] is None


def test_video_input(tmp_path, capsys, setup):
    import cv2

    from tests.videos import phone_frame, write_video

    auth, v = setup
    qr, _, _ = issue(auth, tmp_path, capsys)
    code_image = cv2.imread(str(qr), cv2.IMREAD_GRAYSCALE)
    video = write_video(tmp_path / "clip.avi", [phone_frame(None)] * 4 + [phone_frame(code_image)] * 4)
    code, out, _ = call(verifier_cli.main, v + ["verify", str(video)], capsys)
    assert code == 0 and "VALID" in out
    code, out, _ = call(verifier_cli.main, ["decode", "--json", str(video)], capsys)
    [entry] = json.loads(out)["results"]
    assert entry["frames"] == 8
    assert entry["codes"][0]["format"] == "QR-Code" and entry["codes"][0]["first_frame"] == 5


def test_decode_lists_codes_and_says_when_none(tmp_path, capsys, setup):
    auth, _ = setup
    qr, bar, text = issue(auth, tmp_path, capsys)
    code, out, _ = call(verifier_cli.main, ["decode", str(qr), str(bar)], capsys)
    assert code == 0
    assert f"{qr}: QR-Code: {text}" in out and f"{bar}: Code 128: DLN:BJ2026000001" in out
    blank = tmp_path / "blank.png"
    import cv2
    import numpy as np

    cv2.imwrite(str(blank), np.full((100, 100), 255, np.uint8))
    code, out, _ = call(verifier_cli.main, ["decode", str(blank)], capsys)
    assert code == 1 and "no QR code" in out


def test_image_without_a_code(tmp_path, capsys, setup):
    import cv2
    import numpy as np

    _, v = setup
    blank = tmp_path / "blank.png"
    cv2.imwrite(str(blank), np.full((100, 100), 255, np.uint8))
    code, out, _ = call(verifier_cli.main, v + ["verify", "--json", str(blank)], capsys)
    assert code == 1
    result = json.loads(out)["results"][0]
    assert result["reasons"][0]["code"] == "no_code_found"
    assert result["verdict"] == "no_code"  # its own outcome, not a verdict on a licence
    code, out, _ = call(verifier_cli.main, v + ["audit", "list", "--json"], capsys)
    assert "invalid" not in out and "no_code" in out  # not logged as an invalid licence


@pytest.mark.parametrize(
    "args, message",
    [
        (["verify", "missing.png"], "no such file"),
        (["verify", "--now", "yesterday", "-"], "ISO 8601"),
        (["verify", "--max-age", "0", "-"], "must be positive"),
        (["trust", "import", "missing.dltrust"], "can't be read"),
        (["frobnicate"], "invalid choice"),
        ([], "required"),
    ],
)
def test_usage_and_io_errors_exit_2_with_one_line(capsys, args, message, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, out, err = call(verifier_cli.main, args, capsys)
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_bundle_rollback_via_cli(tmp_path, capsys, setup):
    auth, v = setup
    old = tmp_path / "old.dltrust"
    assert call(issuer_cli.main, ["bundle", str(auth), "--out", str(old), "--sequence", "1"], capsys)[0] == 0
    code, _, err = call(verifier_cli.main, v + ["trust", "import", str(old)], capsys)
    assert code == 2 and "not newer" in err


def test_trust_show(capsys, setup):
    _, v = setup
    code, out, _ = call(verifier_cli.main, v + ["trust", "show", "--json"], capsys)
    info = json.loads(out)
    assert code == 0 and info["state"] == "current"
    assert info["bundles"][0]["authority"] == "CN-BJ" and info["bundles"][0]["documents"] == 1
    code, out, _ = call(verifier_cli.main, v + ["trust", "show"], capsys)
    assert "Bundle CN-BJ number 1" in out


def test_issuer_refuses_to_overwrite_and_bad_holders(tmp_path, capsys, setup):
    auth, _ = setup
    code, _, err = call(issuer_cli.main, ["init-authority", str(auth), "--code", "CN-BJ", "--name", "x"], capsys)
    assert code == 2 and "already holds an authority" in err
    bad = tmp_path / "holder.json"
    bad.write_text(json.dumps({"document_number": "X1"}))
    code, _, err = call(issuer_cli.main, ["issue", str(auth), "--holder", str(bad), "--qr", str(tmp_path / "q.png")],
                        capsys)
    assert code == 2 and "lacks" in err
    assert not (tmp_path / "q.png").exists()
    code, _, err = call(issuer_cli.main, ["issue", str(auth), "--holder", str(RESOURCES / "sample-holder.json"),
                                          "--qr", str(tmp_path / "q.png"), "--ttl", "301"], capsys)
    assert code == 2 and "--ttl" in err


def test_revoke_signer_via_cli(tmp_path, capsys, setup):
    auth, v = setup
    from verifier_app.dl1 import certs
    from verifier_app.issuer.authority import Authority

    kid = certs.kid_of(Authority.load(auth).signer_cert).hex()
    bundle = tmp_path / "b2.dltrust"
    assert call(issuer_cli.main, ["bundle", str(auth), "--out", str(bundle), "--revoke-signer", kid], capsys)[0] == 0
    assert call(verifier_cli.main, v + ["trust", "import", str(bundle)], capsys)[0] == 0
    qr, _, _ = issue(auth, tmp_path, capsys)
    code, out, _ = call(verifier_cli.main, v + ["verify", "--json", str(qr)], capsys)
    assert code == 1 and json.loads(out)["results"][0]["reasons"][0]["code"] == "signer_revoked"


def test_installed_commands_run_without_tracebacks(tmp_path):
    """The real entry points, in a child process, as a user runs them."""
    env = dict(os.environ, VERIFIER_DATA_DIR=str(tmp_path / "d"))
    bindir = Path(sys.executable).parent
    verifier = bindir / "verifier"
    if not verifier.exists():
        pytest.skip("the package is not installed in this environment (pip install -e .)")
    demo = subprocess.run([str(verifier), "demo"], capture_output=True, text=True, env=env, timeout=60)
    assert demo.returncode == 0, demo.stderr
    assert "VALID" in demo.stdout
    bad = subprocess.run([str(verifier), "verify", str(tmp_path / "nope.png")], capture_output=True, text=True,
                         env=env, timeout=60)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    show = subprocess.run([str(verifier), "trust", "show"], capture_output=True, text=True, env=env, timeout=60)
    assert show.returncode == 0 and "No root certificates installed" in show.stdout
    via_main = subprocess.run([sys.executable, str(ROOT / "main.py"), "--help"], capture_output=True,
                              text=True, env=env, timeout=60)
    assert via_main.returncode == 0 and "--demo" in via_main.stdout


def test_issuer_present_points_to_its_window_and_loads_no_qt(tmp_path):
    """The holder's page is `verifier-present` now: the issuer's command line says so and loads no Qt."""
    probe = ("import sys\n"
             "from verifier_app.cli import issuer\n"
             "from verifier_app.cli._common import run\n"
             "code = run(issuer.main, ['present', sys.argv[1], '--holder', 'holder.json'])\n"
             "print(code, sorted({m.split('.')[0] for m in sys.modules} & {'PySide6', 'shiboken6'}))\n")
    done = subprocess.run([sys.executable, "-c", probe, str(tmp_path / "authority")], capture_output=True, text=True,
                          timeout=60, cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert done.stdout.strip() == "2 []", done.stderr
    [line] = done.stderr.splitlines()
    assert line.startswith("error: ") and "verifier-present AUTHORITY_DIR --holder HOLDER.json" in line


def test_stdin_with_a_byte_order_mark_and_cr_only_line_ends(tmp_path, capsys, setup, monkeypatch):
    _, v = setup
    raw = "\ufeffDLN:BJ2026000001\rDLN:BJ2026000002\r".encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8"))
    code = verifier_cli.main(v + ["verify", "--json", "-"])
    results = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 1
    assert [r["input"] for r in results] == ["stdin:1", "stdin:2"]  # two scans, the BOM not part of the first
    assert all(r["verdict"] == "unverified" and r["reasons"][0]["code"] == "barcode_only" for r in results)
