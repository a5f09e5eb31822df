"""Admin lock, receipts, and the evidence commands end to end."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
import unicodedata

import pytest

from verifier_app.cli import verifier as verifier_cli
from verifier_app.cli._common import run
from verifier_app.station.admin_lock import AdminLock, AdminLockedOut, AdminRequired
from verifier_app.station.evidence.audit import AuditLog
from verifier_app.errors import VerifierError
from verifier_app.station.evidence.receipt import receipt_html
from verifier_app.station.roles import Role, profile

from tests.conftest import NOW, verifier_for


# ------------------------------------------------------------------ admin lock


def test_passphrase_is_stored_only_as_a_salted_scrypt_hash(tmp_path):
    lock = AdminLock(tmp_path)
    assert not lock.is_set
    lock.check(None)  # no passphrase set yet: nothing to check
    lock.set_passphrase("correct horse battery")
    stored = (tmp_path / "admin.json").read_text()
    assert "correct horse" not in stored and json.loads(stored)["salt"]
    assert oct((tmp_path / "admin.json").stat().st_mode)[-3:] == "600"
    lock.check("correct horse battery")
    with pytest.raises(AdminRequired):
        lock.check("wrong")
    with pytest.raises(AdminRequired):
        lock.check(None)
    with pytest.raises(VerifierError):
        AdminLock(tmp_path / "x").set_passphrase("short")


def test_wrong_attempts_are_rate_limited_across_restarts(tmp_path):
    AdminLock(tmp_path).set_passphrase("correct horse battery")
    t = NOW
    for _ in range(3):
        with pytest.raises(AdminRequired):
            AdminLock(tmp_path).check("nope", now=t)
    with pytest.raises(AdminLockedOut) as info:
        AdminLock(tmp_path).check("correct horse battery", now=t)  # even the right one waits
    assert 0 < info.value.wait_s <= 2
    later = t + dt.timedelta(seconds=3)
    AdminLock(tmp_path).check("correct horse battery", now=later)  # and then works, resetting the count
    assert AdminLock(tmp_path).wait_s(later) == 0


def test_a_damaged_lock_never_opens_the_station(tmp_path):
    (tmp_path / "admin.json").write_text("{garbage")
    with pytest.raises(VerifierError) as info:
        AdminLock(tmp_path).check("anything")
    assert "admin.json" in info.value.message


def test_changing_the_passphrase_needs_the_old_one(tmp_path):
    lock = AdminLock(tmp_path)
    lock.set_passphrase("first passphrase")
    with pytest.raises(AdminRequired):
        lock.set_passphrase("second passphrase", current="wrong one")
    lock.set_passphrase("second passphrase", current="first passphrase")
    lock.check("second passphrase")


# --------------------------------------------------------------------- receipts


def _entry(tmp_path, station, authority, licence, *, role="checkpoint", text=None):
    result = verifier_for(station).verify(text or authority.issue(licence, at=NOW - dt.timedelta(seconds=30)))
    with AuditLog(tmp_path / "audit.sqlite3") as log:
        return log.record(result, source="camera", operator="officer 7", role=role), result


def test_receipt_html_for_a_past_and_a_current_verdict(tmp_path, station, authority, licence):
    entry, result = _entry(tmp_path, station, authority, licence)
    past = receipt_html(entry)
    assert "VALID" in past and entry.hash in past and "BJ2026000001" in past and "officer 7" in past
    assert "王" not in past  # a past verdict shows only what the log kept
    current = receipt_html(entry, live=result, lang="zh")
    assert "王小明" in current and "有效" in current and "C1" in current




@pytest.mark.parametrize("lang", ["en", "zh"])
def test_receipt_times_are_local_with_the_offset_written_once(shanghai, tmp_path, station, authority, licence,
                                                              lang):
    stale = authority.issue(licence, at=NOW - dt.timedelta(seconds=604))
    entry, result = _entry(tmp_path, station, authority, licence, text=stale)
    made = NOW + dt.timedelta(minutes=5)
    page = receipt_html(entry, live=result, made_at=made, lang=lang)

    def wall(value: dt.datetime) -> str:  # Beijing wall-clock time, by hand
        return (value.astimezone(dt.timezone.utc) + dt.timedelta(hours=8)).strftime("%Y-%m-%d %H:%M:%S")

    assert f"{wall(NOW)} (UTC+08:00)" in page  # the verification time, with the zone
    assert wall(result.generated_at) in page and wall(made) in page
    assert page.count("UTC+08:00") == 1
    for utc in (NOW, result.generated_at, made):  # no UTC wall-clock time next to the local ones
        assert utc.astimezone(dt.timezone.utc).strftime("%H:%M:%S") not in page
    assert ("10 分 4 秒" if lang == "zh" else "10 min 4 s") in page
    if lang == "zh":
        assert "王小明" in page and "无效" in page
        assert " s<" not in page and "min" not in page


def test_pdf_receipt_text_and_rendering(qapp, tmp_path, station, authority, licence):
    from pypdf import PdfReader
    from PySide6.QtCore import QSize
    from PySide6.QtPdf import QPdfDocument

    from verifier_app.printing.pdf import write_pdf

    stale = authority.issue(licence, at=NOW - dt.timedelta(minutes=10))
    entry, result = _entry(tmp_path, station, authority, licence, text=stale)
    path = tmp_path / "receipt.pdf"
    write_pdf(receipt_html(entry, live=result), path)
    raw = "".join(page.extract_text() for page in PdfReader(path).pages)
    text = " ".join(unicodedata.normalize("NFKC", raw).split())  # undo ligatures and tab-for-space extraction
    for expected in ("INVALID", "Code too old", "qr_stale", entry.hash, "BJ2026000001", "officer 7", "王小明"):
        assert expected.replace(" ", "") in text.replace(" ", ""), expected
    document = QPdfDocument()
    document.load(str(path))
    image = document.render(0, QSize(595, 842))
    png = tmp_path / "receipt.png"
    image.save(str(png))
    reds = sum(1 for x in range(0, 595, 3) for y in range(0, 300, 3)
               if (c := image.pixelColor(x, y)).red() > 150 and c.green() < 80 and c.blue() < 80)
    assert reds > 50  # the INVALID verdict is printed in red, big enough to see


# ------------------------------------------------------------------ the commands


def call(args, capsys, monkeypatch=None, env=None):
    if monkeypatch is not None:
        for k, v in (env or {}).items():
            monkeypatch.setenv(k, v)
    code = run(verifier_cli.main, args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def cli_station(tmp_path, authority, capsys, monkeypatch):
    data = ["--data-dir", str(tmp_path / "st"), "--operator", "officer 7"]
    monkeypatch.setattr(sys, "stdin", __import__("io").StringIO(""))
    assert call(data + ["trust", "install-root", str(authority.directory / "root-cert.pem")], capsys)[0] == 0
    bundle = tmp_path / "b.dltrust"
    bundle.write_bytes(authority.make_bundle(now=dt.datetime.now(dt.timezone.utc)))
    assert call(data + ["trust", "import", str(bundle)], capsys)[0] == 0
    return data


def test_admin_lock_guards_trust_and_policy_on_the_command_line(tmp_path, authority, capsys, monkeypatch, cli_station):
    data = cli_station
    monkeypatch.setenv("VERIFIER_NEW_ADMIN_PASSPHRASE", "station passphrase 1")
    assert call(data + ["admin", "set-passphrase"], capsys)[0] == 0
    bundle = tmp_path / "b2.dltrust"
    bundle.write_bytes(authority.make_bundle(now=dt.datetime.now(dt.timezone.utc)))
    code, _, err = call(data + ["trust", "import", str(bundle)], capsys)
    assert code == 2 and "administrator passphrase" in err
    code, _, err = call(data + ["verify", "--max-age", "900", "-"], capsys)
    assert code == 2 and "administrator passphrase" in err
    code, _, err = call(data + ["admin", "configure", "--role", "rental"], capsys)
    assert code == 2
    monkeypatch.setenv("VERIFIER_ADMIN_PASSPHRASE", "wrong")
    code, _, err = call(data + ["trust", "import", str(bundle)], capsys)
    assert code == 2 and "wrong" in err
    monkeypatch.setenv("VERIFIER_ADMIN_PASSPHRASE", "station passphrase 1")
    assert call(data + ["trust", "import", str(bundle)], capsys)[0] == 0
    code, out, _ = call(data + ["admin", "configure", "--role", "rental", "--retention-days", "30"], capsys)
    assert code == 0 and "role rental" in out
    # the passphrase is never an argument
    with pytest.raises(Exception):
        verifier_cli.build_parser().parse_args(data + ["admin", "set-passphrase", "--passphrase", "x"])


def test_every_verification_is_logged_then_receipt_and_audit_commands(tmp_path, authority, licence, capsys,
                                                                       monkeypatch, cli_station):
    data = cli_station
    now = dt.datetime.now(dt.timezone.utc)
    lines = f"{authority.issue(licence, at=now)}\nDLN:BJ2026000001\n"
    monkeypatch.setattr(sys, "stdin", __import__("io").StringIO(lines))
    code, out, _ = call(data + ["verify", "--json", "-"], capsys)
    results = [json.loads(line) for line in out.splitlines()]  # stdin: JSON Lines
    first = results[0]["audit_entry"]  # after the admin rows of setting the station up
    assert [r["audit_entry"] for r in results] == [first, first + 1]
    code, out, _ = call(data + ["audit", "list", "--json", "--number", "BJ2026000001"], capsys)
    listed = json.loads(out)
    assert [e["id"] for e in listed] == [first + 1, first] and listed[1]["operator"] == "officer 7"
    code, out, _ = call(data + ["audit", "list", "--number", "BJ2026000001"], capsys)
    local = dt.datetime.fromisoformat(listed[0]["at"]).astimezone().strftime("%Y-%m-%d %H:%M:%S")
    zone = dt.datetime.now().astimezone().strftime("%z")
    assert local in out and out.count(f"UTC{zone[:3]}:{zone[3:]}") == 1  # local times, the offset once
    code, out, _ = call(data + ["audit", "verify"], capsys)
    assert code == 0 and f"intact: {first + 1} entries" in out
    pdf = tmp_path / "r.pdf"
    code, out, err = call(data + ["receipt", str(first), "--out", str(pdf)], capsys)
    assert code == 0, err
    from pypdf import PdfReader

    assert "VALID" in PdfReader(pdf).pages[0].extract_text()
    out_file = tmp_path / "log.csv"
    assert call(data + ["audit", "export", "--format", "csv", "--out", str(out_file)], capsys)[0] == 0
    assert out_file.read_text("utf-8").count("\n") == 3
    import sqlite3

    sqlite3.connect(tmp_path / "st" / "audit.sqlite3").execute("UPDATE entries SET verdict='valid' WHERE id=?", (first + 1,)).connection.commit()
    code, out, _ = call(data + ["audit", "verify"], capsys)
    assert code == 1 and f"BROKEN at entry {first + 1}" in out
    code, _, err = call(data + ["receipt", "99", "--out", str(pdf)], capsys)
    assert code == 2 and "no audit entry 99" in err


def test_logs_and_data_folder_hold_no_personal_data(tmp_path, authority, licence, capsys, monkeypatch, cli_station):
    """Scan with DEBUG logging at a rental counter: no personal value anywhere but the permitted columns."""
    data = cli_station
    monkeypatch.setenv("VERIFIER_NEW_ADMIN_PASSPHRASE", "station passphrase 1")
    call(data + ["admin", "set-passphrase"], capsys)
    monkeypatch.setenv("VERIFIER_ADMIN_PASSPHRASE", "station passphrase 1")
    call(data + ["admin", "configure", "--role", "rental"], capsys)
    log_file = tmp_path / "app.log"
    handler = logging.FileHandler(log_file, encoding="utf-8")
    root = logging.getLogger()
    root.addHandler(handler)
    old_level = root.level
    root.setLevel(logging.DEBUG)
    try:
        text = authority.issue(licence, at=dt.datetime.now(dt.timezone.utc))
        monkeypatch.setattr(sys, "stdin", __import__("io").StringIO(text + "\n"))
        code, out, err = call(data + ["verify", "-"], capsys)
        assert code == 0
    finally:
        root.removeHandler(handler)
        handler.close()
        root.setLevel(old_level)
    personal = [licence.family_name, licence.given_name, licence.document_number, licence.birth_date.isoformat(),
                text, text[4:60], licence.portrait[20:60].hex(), "BJ2026000001"]
    logged = log_file.read_text("utf-8")
    assert "verified: entry=" in logged  # the log did record the scan...
    for value in personal:
        assert value not in logged  # ...without anything personal
    for path in (tmp_path / "st").rglob("*"):
        if path.is_file():
            blob = path.read_bytes()
            for value in personal:
                assert value.encode("utf-8") not in blob, (path, value)
                assert value.encode("utf-16-le") not in blob, (path, value)


def test_parallel_guesses_are_all_counted(tmp_path):
    import subprocess

    AdminLock(tmp_path).set_passphrase("correct horse battery")
    code = ("import sys; sys.path.insert(0, %r)\n"
            "from verifier_app.station.admin_lock import AdminLock\n"
            "try:\n    AdminLock(%r).check('guess')\nexcept Exception as e:\n    print(type(e).__name__)\n")
    from tests.conftest import ROOT

    procs = [subprocess.Popen([sys.executable, "-c", code % (str(ROOT), str(tmp_path))], stdout=subprocess.PIPE,
                              text=True) for _ in range(8)]
    outcomes = [p.communicate()[0].strip() for p in procs]
    tried = outcomes.count("AdminRequired")
    state = json.loads((tmp_path / "admin.json").read_text())
    assert state["failures"] == tried and tried <= 8  # every attempt that ran was counted
    assert outcomes.count("AdminLockedOut") == 8 - tried


@pytest.mark.parametrize("role", list(Role))
def test_a_receipt_shows_the_licence_number_as_the_log_and_the_screen_do(tmp_path, station, authority, licence, role):
    entry, result = _entry(tmp_path, station, authority, licence, role=role)
    shown = profile(role).document_number(licence.document_number)  # the screen's rule
    assert entry.document_ref == shown  # the log's form is the screen's
    for page in (receipt_html(entry, live=result), receipt_html(entry)):  # printed at once, and later
        assert shown in page
        if shown != licence.document_number:  # a masked screen never gets a whole number on paper
            assert licence.document_number not in page


def test_the_receipt_fields_follow_the_entrys_role(tmp_path, station, authority, licence):
    entry, result = _entry(tmp_path, station, authority, licence, role="insurance")
    page = receipt_html(entry, live=result)
    assert "王小明" in page and "Status" in page  # the insurance desk's fields
    assert "1990-03-07" not in page


def test_a_revoked_listing_is_the_receipts_status(tmp_path, authority, licence):
    from verifier_app.dl1.bundle import DocumentStatus
    from verifier_app.dl1.credential import LicenceStatus
    from verifier_app.station.trust.store import StationStore

    store = StationStore(tmp_path / "listing")
    store.install_root((authority.directory / "root-cert.pem").read_bytes())
    store.import_bundle(authority.make_bundle(now=NOW - dt.timedelta(hours=1), documents={
        licence.document_number: DocumentStatus(LicenceStatus.REVOKED, dt.date(2026, 10, 1))}))
    entry, result = _entry(tmp_path, store, authority, licence)
    assert result.codes == ("document_listed",) and licence.status is LicenceStatus.VALID
    assert "revoked since 2026-10-01 (the code says: valid)" in receipt_html(entry, live=result)
    assert "自 2026-10-01 起吊销（二维码所载：有效）" in receipt_html(entry, live=result, lang="zh")


def test_the_chinese_receipt_names_the_input_and_the_role_in_chinese(qapp, tmp_path, station, authority, licence):
    from pypdf import PdfReader

    from verifier_app.printing.pdf import write_pdf

    result = verifier_for(station).verify(authority.issue(licence, at=NOW - dt.timedelta(seconds=30)))
    with AuditLog(tmp_path / "audit.sqlite3") as log:
        entry = log.record(result, source="paste", operator="officer 7", role="checkpoint")
    path = tmp_path / "receipt-zh.pdf"
    write_pdf(receipt_html(entry, live=result, lang="zh"), path)
    raw = "".join(page.extract_text() for page in PdfReader(path).pages)
    text = "".join(unicodedata.normalize("NFKC", raw).split())
    assert "从剪贴板粘贴" in text and "交警检查站" in text
    assert "paste" not in text.lower() and "checkpoint" not in text.lower()
    english = receipt_html(entry, live=result)
    assert "pasted from the clipboard" in english and "Police checkpoint" in english
