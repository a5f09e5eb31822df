"""Every field the desk sees agrees with the verdict and with the log (issue 20, points 3, 4 and 8).

The real window under pytest-qt, real signed codes and bundles, real receipts read back with pypdf.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import unicodedata

import pytest

from verifier_app.dl1.bundle import DocumentStatus
from verifier_app.dl1.credential import LicenceStatus
from verifier_app.issuer.authority import Authority
from verifier_app.station.evidence.audit import AuditLog
from verifier_app.station.roles import Role
from verifier_app.station.settings import StationSettings
from verifier_app.verify.clock import SystemClock
from verifier_app.verify.engine import Verdict

from tests.qt.test_gui import Cameras, live, make_window  # noqa: F401 - fixtures

pytest.importorskip("pytestqt")

FULL = "BJ2026000001"
MASKED = "••••••••0001"
REVOKED_SINCE = dt.date(2026, 10, 1)


def pdf_text(path) -> str:
    from pypdf import PdfReader

    raw = "".join(page.extract_text() for page in PdfReader(path).pages)
    return "".join(unicodedata.normalize("NFKC", raw).split())  # no spaces: extraction spaces glyphs at will


@pytest.fixture
def chinese():
    """The window's own Chinese catalogue installed (Qt's .qm), removed again afterwards."""
    from PySide6.QtWidgets import QApplication

    from verifier_app.qt.i18n import Translations

    translations = Translations(QApplication.instance())
    assert translations.apply("zh"), "build the catalogue: python scripts/i18n.py build"
    yield
    translations.apply("en")


def screen_text(window) -> str:
    """Everything the verdict panel says, details included."""
    panel = window.verdict
    return " ".join(label.text() for label in (panel.word, panel.subtitle, panel.reasons, panel.freshness,
                                                 panel.holder, panel.issuer, panel.details))


def window_for(qtbot, store, role=Role.CHECKPOINT, language="en"):
    settings = StationSettings(sound=False, role=role, language=language)
    return make_window(qtbot, store, Cameras(RuntimeError("no camera")), settings=settings,
                       apply_language=lambda lang: language)


def revoke_in_bundle(authority, store, number=FULL):
    """The authority's newest bundle lists the licence as revoked; the holder's code still says valid."""
    store.import_bundle(authority.make_bundle(
        now=SystemClock().now() - dt.timedelta(minutes=1),
        documents={number: DocumentStatus(LicenceStatus.REVOKED, REVOKED_SINCE)}))


# ---------------------------------------------------------------- 3. the status field agrees with the verdict


@pytest.mark.parametrize("role", [Role.CHECKPOINT, Role.INSURANCE])  # the roles that show the status
def test_a_licence_revoked_in_the_bundle_never_shows_a_bold_valid(qtbot, tmp_path, live, licence, role):  # noqa: F811
    authority, store = live
    revoke_in_bundle(authority, store)
    window = window_for(qtbot, store, role)
    result = window.verify_text(authority.issue(licence, at=SystemClock().now()))
    assert result.verdict is Verdict.INVALID and result.codes == ("document_listed",)
    assert licence.status is LicenceStatus.VALID  # what the code itself claims
    holder = window.verdict.holder.text()
    status = next(line for line in holder.split("<br>") if line.startswith("Status"))
    assert "revoked since 2026-10-01" in status and "<b>valid</b>" not in status
    assert "the code says: valid" in status
    assert status.index("revoked") < status.index("the code says")
    bold = [part.split(">", 1)[1].split("</b>")[0] for part in status.split("<b")[1:]]
    assert bold == ["revoked since 2026-10-01"]  # the listing is the one bold status

    receipt = pdf_text(window.save_receipt(path=str(tmp_path / "now.pdf")))
    assert "revokedsince2026-10-01(thecodesays:valid)" in receipt
    if role is Role.INSURANCE:  # the listing's sentence names the number as the role shows it, too
        assert MASKED in window.verdict.reasons.text()
        assert FULL not in screen_text(window) and FULL not in receipt


def test_the_listed_status_in_chinese(qtbot, live, licence):  # noqa: F811
    authority, store = live
    revoke_in_bundle(authority, store)
    window = window_for(qtbot, store, language="zh")
    window.verify_text(authority.issue(licence, at=SystemClock().now()))
    holder = window.verdict.holder.text()
    assert "自 2026-10-01 起吊销" in holder and "二维码所载：有效" in holder
    assert "<b>有效</b>" not in holder


def test_a_listed_barcode_number_shows_the_listing(qtbot, live):  # noqa: F811
    authority, store = live
    revoke_in_bundle(authority, store)
    window = window_for(qtbot, store)
    window.verify_text(f"DLN:{FULL}")
    holder = window.verdict.holder.text()
    assert "revoked since 2026-10-01" in holder and "the code says" not in holder  # a barcode claims nothing


# --------------------------------------------------------------------- 4. one entry, one number


@pytest.mark.parametrize("role, number", [(Role.CHECKPOINT, FULL), (Role.RENTAL, MASKED), (Role.INSURANCE, MASKED)])
def test_one_entry_shows_one_number_on_screen_receipts_log_and_history(qtbot, tmp_path, live, licence, role,
                                                                        number):  # noqa: F811
    authority, store = live
    window = window_for(qtbot, store, role)
    window.verify_text(authority.issue(licence, at=SystemClock().now()))
    entry = window.last_entry

    def shows_only_the_roles_number(text: str) -> None:
        assert number in text
        if number != FULL:
            assert FULL not in text

    shows_only_the_roles_number(screen_text(window))  # the screen
    now_pdf = window.save_receipt(path=str(tmp_path / "now.pdf"))  # printed at once, the verdict on screen
    shows_only_the_roles_number(pdf_text(now_pdf))
    with AuditLog(store.data_dir / "audit.sqlite3") as log:  # the audit row
        assert log.get(entry.id).document_ref == number
    dialog = window.open_history()
    assert [dialog.table.item(row, 4).text() for row in range(dialog.table.rowCount())] == [number]
    dialog.close()

    window.verify_text("DL1:%%%%")  # another verdict on screen since
    later_pdf = window.save_receipt(entry, path=str(tmp_path / "later.pdf"))
    shows_only_the_roles_number(pdf_text(later_pdf))
    window.show_entry(entry)  # reopened from the log
    shows_only_the_roles_number(screen_text(window))


# ------------------------------------------------------------------- 8. what the desk is told to do


@pytest.mark.parametrize("role, portrait", [(Role.CHECKPOINT, True), (Role.RENTAL, True), (Role.INSURANCE, False)])
def test_compare_the_portrait_only_where_one_is_shown(qtbot, live, licence, role, portrait):  # noqa: F811
    authority, store = live
    window = window_for(qtbot, store, role)
    window.verify_text(authority.issue(licence, at=SystemClock().now()))
    subtitle = window.verdict.subtitle.text()
    assert window.verdict.portrait.isVisibleTo(window) is portrait
    assert ("portrait" in subtitle) is portrait
    if not portrait:
        assert "Check the name against the holder's identity document" in subtitle


def test_no_portrait_to_compare_when_the_code_carries_none(qtbot, live, licence):  # noqa: F811
    authority, store = live
    window = window_for(qtbot, store, Role.CHECKPOINT)
    window.verify_text(authority.issue(dataclasses.replace(licence, portrait=None), at=SystemClock().now()))
    assert not window.verdict.portrait.isVisibleTo(window)
    assert "portrait" not in window.verdict.subtitle.text()


def test_the_valid_subtitle_per_role_in_chinese(qtbot, live, licence, chinese):  # noqa: F811
    authority, store = live
    for role, expected, absent in ((Role.RENTAL, "请核对照片与持证人本人", "身份证件"),
                                   (Role.INSURANCE, "请将姓名与持证人的身份证件核对", "照片")):
        window = window_for(qtbot, store, role, "zh")
        window.verify_text(authority.issue(licence, at=SystemClock().now()))
        subtitle = window.verdict.subtitle.text()
        assert expected in subtitle and absent not in subtitle
        window.close()


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("language, desk, admin", [
    ("en", "don't accept it as proof; verify the licence another way", "ask your administrator"),
    ("zh", "不要将其作为有效证明，请用其他方式核验驾驶证", "请管理员"),
])
def test_an_unknown_key_tells_the_officer_what_to_do_now(qtbot, tmp_path, live, licence, role, language, desk,
                                                         admin):  # noqa: F811
    _, store = live
    other = Authority.create(tmp_path / "other", code="CN-BJ", name="Unknown", now=SystemClock().now()
                             - dt.timedelta(days=1))
    window = window_for(qtbot, store, role, language)
    result = window.verify_text(other.issue(licence, at=SystemClock().now()))
    assert result.codes == ("unknown_key",)
    banner = window.verdict.subtitle.text()  # the banner's line: what to do, first
    assert desk in banner and admin in banner and banner.index(desk) < banner.index(admin)
