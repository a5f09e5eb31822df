"""Languages: Qt translations (.ts sources, .qm built) plus the core's reason texts."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from verifier_app.resources_path import resource_path

# Through resource_path, so an installed wheel (no source tree) finds the built catalogue too.
QM_ZH = resource_path("i18n/verifier_zh_CN.qm")
I18N_DIR = QM_ZH.parent
CHINESE = QLocale(QLocale.Language.Chinese, QLocale.Country.China)


def resolve_language(setting: str) -> str:
    """'en' or 'zh': the setting, or the system locale when the setting is empty."""
    if setting in ("en", "zh"):
        return setting
    return "zh" if QLocale.system().name().lower().startswith("zh") else "en"


class Translations:
    """Installs and swaps the app's translator when the language changes."""

    def __init__(self, app: QApplication) -> None:
        self._app = app
        self._translator: QTranslator | None = None
        self._qt_translator: QTranslator | None = None  # Qt's own words: OK/Cancel, file dialogs
        self.language = "en"
        system = QLocale.system()
        # English again: the system's formats, unless the system is Chinese (then English's own).
        self._english_locale = system if system.language() != QLocale.Language.Chinese else QLocale(
            QLocale.Language.English, QLocale.Country.UnitedKingdom)

    def apply(self, language: str) -> bool:
        """Switch to 'en' or 'zh'; False when the Chinese catalogue is missing."""
        for old in (self._translator, self._qt_translator):
            if old is not None:
                self._app.removeTranslator(old)
        self._translator = self._qt_translator = None
        self.language = language
        # Qt's widgets format numbers, dates, sizes and file types in the default locale: the window's language.
        QLocale.setDefault(CHINESE if language == "zh" else self._english_locale)
        if language != "zh":
            return True
        qt_words = QTranslator(self._app)
        if qt_words.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            self._app.installTranslator(qt_words)
            self._qt_translator = qt_words
        translator = QTranslator(self._app)
        if not translator.load(str(QM_ZH)):
            self.language = "en"
            QLocale.setDefault(self._english_locale)
            return False
        self._app.installTranslator(translator)
        self._translator = translator
        return True
