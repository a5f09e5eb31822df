"""The window in Chinese is Chinese throughout: Qt's own file dialog (its words, file types, sizes and
dates) and the units in the settings."""

from __future__ import annotations

import re

import pytest

from verifier_app.errors import InputUnreadable

from tests.qt.test_gui import Cameras, live, make_window  # noqa: F401  (live: the fixture)

pytest.importorskip("pytestqt")
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def chinese():
    from PySide6.QtWidgets import QApplication

    from verifier_app.qt.i18n import Translations

    translations = Translations(QApplication.instance())
    assert translations.apply("zh")
    yield
    translations.apply("en")


def test_the_open_dialog_is_chinese_through_and_through(qtbot, live, chinese, tmp_path, monkeypatch):  # noqa: F811
    from PySide6.QtCore import QDateTime, QLocale, Qt, QTimer
    from PySide6.QtWidgets import QAbstractButton, QApplication, QFileDialog, QFileSystemModel, QLabel

    _, store = live
    folder = tmp_path / "files"
    (folder / "photos").mkdir(parents=True)
    (folder / "licence.png").write_bytes(b"x" * 900)
    monkeypatch.chdir(folder)
    window = make_window(qtbot, store, Cameras(InputUnreadable("x")), apply_language=lambda s: "zh")
    seen: dict[str, object] = {}

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):  # not open yet
            QTimer.singleShot(50, look)
            return
        try:
            files = dialog.findChild(QFileSystemModel)
            model = dialog.proxyModel() or files  # what the dialog's views show
            qtbot.waitUntil(lambda: files.rowCount(files.index(str(folder))) == 2)
            words = [w.text() for kind in (QLabel, QAbstractButton) for w in dialog.findChildren(kind)
                     if w.isVisible() and w.text()]
            words += [w.toolTip() for w in dialog.findChildren(QAbstractButton) if w.isVisible() and w.toolTip()]
            words += [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)]
            seen["words"] = words
            rows = {}
            for name in ("photos", "licence.png"):
                index = files.index(str(folder / name))
                index = model.mapFromSource(index) if model is not files else index
                rows[name] = [model.index(index.row(), c, index.parent()).data() for c in range(4)]
            seen["rows"] = rows
        finally:
            dialog.reject()

    QTimer.singleShot(0, look)
    window.open_file_dialog()
    assert seen, "the dialog was not inspected"
    english = [w for w in seen["words"] if not CJK.search(w)]
    assert english == [], english  # was: "Look in:", "Files of type:"
    rows = seen["rows"]
    assert rows["photos"][2] == "文件夹"  # was: Folder
    assert rows["licence.png"][1] == "900 字节"  # was: 900 bytes
    modified = (folder / "licence.png").stat().st_mtime
    expected = QLocale(QLocale.Language.Chinese, QLocale.Country.China).toString(
        QDateTime.fromSecsSinceEpoch(int(modified)), QLocale.FormatType.ShortFormat)
    assert rows["licence.png"][3] == expected  # was: 4 12 2026 15:49 (the system's C locale)


@pytest.mark.parametrize("language, unit", [("en", " s"), ("zh", " 秒")])
def test_durations_in_the_settings_are_in_the_languages_units(qtbot, live, language, unit):  # noqa: F811
    from PySide6.QtWidgets import QApplication

    from verifier_app.qt.i18n import Translations

    _, store = live
    translations = Translations(QApplication.instance())
    translations.apply(language)
    try:
        window = make_window(qtbot, store, Cameras(InputUnreadable("x")), apply_language=lambda s: language)
        dialog = window.open_settings()
        for spin in (dialog.max_age, dialog.skew, dialog.auto_clear):
            assert spin.suffix() == unit
        assert dialog.max_age.text() == f"{window.settings.max_qr_age_s}{unit}"  # "180 秒", not "180 s"
        dialog.reject()
    finally:
        translations.apply("en")
