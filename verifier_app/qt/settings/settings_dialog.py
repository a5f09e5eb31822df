"""Settings and trust management.  It edits a StationSettings value and calls
the station's trust service (``Station.trust``) for trust changes; it decides nothing itself."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from verifier_app.services import (CameraInfo, KNOWN_CATEGORIES, RESOLUTIONS, Role, RootPreview, StationSettings,
                                   StationTrust, TrustSnapshot, certs, words)
from verifier_app.errors import BundleRootMissing, VerifierError
from verifier_app.qt.errors import show_error
from verifier_app.qt.file_dialogs import open_file

DEMO_CAMERA = -1


class SettingsDialog(QDialog):
    def __init__(self, settings: StationSettings, trust: StationTrust, cameras: tuple[CameraInfo, ...],
                 parent: QWidget | None = None, *, demo: bool = False,
                 authorize=lambda what: True, operator: str = "") -> None:
        super().__init__(parent)
        self.authorize = authorize
        self.admin_operator = operator or None  # who the audit rows of admin actions name
        self.setWindowTitle(self.tr("Settings"))
        self.trust = trust
        self.trust_changed = False
        tabs = QTabWidget()
        tabs.addTab(self._station_tab(settings, cameras, demo), self.tr("Station"))
        tabs.addTab(self._trust_tab(), self.tr("Trust"))
        self.tabs = tabs
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(buttons)
        self.resize(560, 480)

    # ------------------------------------------------------------- station

    def _station_tab(self, s: StationSettings, cameras: tuple[CameraInfo, ...], demo: bool) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        note = QLabel(self.tr("Role, QR age, clock skew and retention need the administrator passphrase."))
        note.setWordWrap(True)
        form.addRow(note)
        self.camera = QComboBox()
        if demo:
            self.camera.addItem(self.tr("Simulated phone (demo)"), DEMO_CAMERA)
        for cam in cameras:
            self.camera.addItem(cam.name, cam.index)
        if self.camera.findData(s.camera_index) < 0:
            self.camera.addItem(self.tr("Camera {n}").format(n=s.camera_index), s.camera_index)
        self.camera.setCurrentIndex(max(0, self.camera.findData(s.camera_index)))
        self.resolution = QComboBox()
        for w, h in RESOLUTIONS:
            self.resolution.addItem(f"{w} × {h}", f"{w}x{h}")  # text data: Qt turns tuples into lists
        self.resolution.setCurrentIndex(max(0, self.resolution.findData(f"{s.resolution[0]}x{s.resolution[1]}")))
        self.mirror = QCheckBox(self.tr("Mirror the preview (decoding is not affected)"))
        self.mirror.setChecked(s.mirror_preview)
        self.role = QComboBox()
        for role, label in ((Role.CHECKPOINT, self.tr("Checkpoint (all fields)")),
                            (Role.RENTAL, self.tr("Rental counter (name, portrait, categories, masked number)")),
                            (Role.INSURANCE, self.tr("Insurance desk (name, masked number, categories, status)"))):
            self.role.addItem(label, role.value)
        self.role.setCurrentIndex(self.role.findData(s.role.value))
        self.category = QComboBox()  # only the categories the format knows: nothing to mistype
        self.category.addItem(self.tr("none"), "")
        for code in sorted(KNOWN_CATEGORIES):
            self.category.addItem(code, code)
        self.category.setCurrentIndex(max(0, self.category.findData(s.required_category)))
        seconds = self.tr(" s")  # the unit after a number of seconds: " 秒" in Chinese
        self.max_age = QSpinBox(minimum=10, maximum=3600, value=s.max_qr_age_s, suffix=seconds)
        self.skew = QSpinBox(minimum=0, maximum=600, value=s.clock_skew_s, suffix=seconds)
        self.auto_clear = QSpinBox(minimum=0, maximum=3600, value=s.auto_clear_s, suffix=seconds)
        self.auto_clear.setSpecialValueText(self.tr("never"))
        self.retention = QSpinBox(minimum=0, maximum=36500, value=s.retention_days, suffix=self.tr(" days"))
        self.retention.setSpecialValueText(self.tr("keep forever"))
        self.operator = QLineEdit(s.operator)
        self.operator.setPlaceholderText(self.tr("login name"))
        self.sound = QCheckBox(self.tr("Play a sound for each new verdict"))
        self.sound.setChecked(s.sound)
        self.language = QComboBox()
        self.language.addItem(self.tr("System language"), "")
        self.language.addItem("English", "en")
        self.language.addItem("简体中文", "zh")
        self.language.setCurrentIndex(max(0, self.language.findData(s.language)))
        rows = [
            (self.tr("&Camera"), self.camera), (self.tr("&Resolution"), self.resolution), ("", self.mirror),
            (self.tr("R&ole"), self.role), (self.tr("Required &vehicle category"), self.category),
            (self.tr("Maximum QR &age"), self.max_age), (self.tr("Clock s&kew"), self.skew),
            (self.tr("Clear result af&ter"), self.auto_clear), ("", self.sound), (self.tr("&Language"), self.language),
            (self.tr("O&perator"), self.operator), (self.tr("Keep audit log &for"), self.retention),
        ]
        for caption, widget in rows:
            if caption:
                buddy = QLabel(caption)
                buddy.setBuddy(widget)
                form.addRow(buddy, widget)
                widget.setAccessibleName(caption.replace("&", ""))
            else:
                form.addRow(widget)
        return page

    def settings(self) -> StationSettings:
        return StationSettings(
            camera_index=int(self.camera.currentData()),
            resolution=_resolution(self.resolution.currentData()),
            mirror_preview=self.mirror.isChecked(),
            role=Role(self.role.currentData()),
            max_qr_age_s=self.max_age.value(),
            clock_skew_s=self.skew.value(),
            required_category=str(self.category.currentData() or ""),
            auto_clear_s=self.auto_clear.value(),
            sound=self.sound.isChecked(),
            language=self.language.currentData(),
            retention_days=self.retention.value(),
            operator=self.operator.text().strip(),
        )

    # --------------------------------------------------------------- trust

    def _trust_tab(self) -> QWidget:
        page = QWidget()
        self.trust_info = QLabel()
        self.trust_info.setWordWrap(True)
        self.trust_info.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.trust_info.setAccessibleName(self.tr("Installed trust data"))
        install = self.install_button = QPushButton(self.tr("I&nstall root certificate…"))
        install.clicked.connect(self._install_root)
        import_ = QPushButton(self.tr("&Import trust bundle…"))
        import_.clicked.connect(self._import_bundle)
        remove = QPushButton(self.tr("Re&move a root…"))
        remove.clicked.connect(self._remove_root)
        buttons = QHBoxLayout()
        buttons.addWidget(install)
        buttons.addWidget(import_)
        buttons.addWidget(remove)
        layout = QVBoxLayout(page)
        layout.addWidget(self.trust_info, 1)
        layout.addLayout(buttons)
        self.refresh_trust()
        return page

    def refresh_trust(self) -> None:
        self.trust_info.setText(describe_trust(self.trust.snapshot()))

    def _install_root(self) -> None:
        path = open_file(self, self.tr("Root certificate"), "", self.tr("Certificates (*.pem *.crt *.cer *.der)"))
        if path:
            self.install_root(Path(path))

    def install_root(self, path: Path) -> None:
        # What is about to be pinned is shown first: the administrator compares the fingerprint
        # with the one the authority published, then chooses Install or Cancel.
        try:
            preview = self.trust.preview_root(data=path.read_bytes())
        except (VerifierError, OSError) as exc:
            show_error(self, exc if isinstance(exc, VerifierError) else VerifierError(str(exc)))
            return
        if preview.already_installed:
            self.trust_info.setText(self.trust_info.text() + "<p><b>" + self.tr(
                "This root certificate is already installed.") + "</b></p>")
            return
        if not self.confirm_root(preview) or not self.authorize(self.tr("Installing a root certificate")):
            return
        try:
            self.trust.install_root(data=path.read_bytes(), operator=self.admin_operator)
        except (VerifierError, OSError) as exc:
            show_error(self, exc if isinstance(exc, VerifierError) else VerifierError(str(exc)))
            return
        self.trust_changed = True
        self.refresh_trust()

    def confirm_root(self, preview: RootPreview) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Install this root certificate?"),
                          root_summary(preview), parent=self)
        box.setInformativeText(self.tr("Compare the fingerprint with the one your authority published. "
                                       "Install it only if every character matches."))
        install = box.addButton(self.tr("Install"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is install

    def _remove_root(self) -> None:
        roots = self.trust.installed_roots()
        if not roots:
            show_error(self, VerifierError(self.tr("No root certificate is installed.")))
            return
        names = [f"{certs.display_name(r.certificate)} — {r.sha256[:16]}…" for r in roots]
        chosen, ok = QInputDialog.getItem(self, self.tr("Remove a root"), self.tr(
            "Codes and bundles under the removed root will no longer verify. Root to remove:"), names, 0, False)
        if ok:
            self.remove_root(roots[names.index(chosen)].sha256)

    def remove_root(self, fingerprint: str) -> None:
        if not self.authorize(self.tr("Removing a root certificate")):
            return
        try:
            self.trust.remove_root(fingerprint=fingerprint, operator=self.admin_operator)
        except (VerifierError, OSError) as exc:
            show_error(self, exc if isinstance(exc, VerifierError) else VerifierError(str(exc)))
            return
        self.trust_changed = True
        self.refresh_trust()

    def _import_bundle(self) -> None:
        path = open_file(self, self.tr("Trust bundle"), "",
                         self.tr("Trust bundles and status lists (*.dltrust *.dlstatus)"))
        if path:
            self.import_bundle(Path(path))

    def import_bundle(self, path: Path) -> None:
        if not self.authorize(self.tr("Importing a trust bundle")):
            return
        try:
            outcome = self.trust.import_file(data=path.read_bytes(), operator=self.admin_operator)
        except BundleRootMissing as exc:  # point to the button that fixes it, not a command
            show_error(self, VerifierError(exc.message, self.tr(
                "Install the authority's root certificate first with the \"Install root certificate…\" "
                "button below, then import the bundle again.")))
            self.install_button.setFocus()
            return
        except (VerifierError, OSError) as exc:
            show_error(self, exc if isinstance(exc, VerifierError) else VerifierError(str(exc)))
            return
        self.trust_changed = True
        self.refresh_trust()
        if outcome.warnings:
            show_error(self, VerifierError("\n".join(outcome.warnings)), self.tr("Imported, with a warning"))


def _resolution(text: str) -> tuple[int, int]:
    width, height = text.split("x")
    return int(width), int(height)


def root_summary(preview: RootPreview) -> str:
    fingerprint = " ".join(preview.sha256[i:i + 4] for i in range(0, len(preview.sha256), 4))
    return (QCoreApplication.translate("SettingsDialog", "Subject: {subject}").format(
                subject=certs.display_name(preview.certificate)) + "\n"
            + QCoreApplication.translate("SettingsDialog", "Valid: {start} to {end}").format(
                start=words.date_text(preview.not_before.date()), end=words.date_text(preview.not_after.date()))
            + "\n" + QCoreApplication.translate("SettingsDialog", "SHA-256 fingerprint:") + "\n" + fingerprint)


def describe_trust(snapshot: TrustSnapshot) -> str:
    """The installed roots and bundles as a short HTML report."""
    now = dt.datetime.now(dt.timezone.utc)
    root_word = QCoreApplication.translate("SettingsDialog", "Root")
    bundle_word = QCoreApplication.translate("SettingsDialog", "Trust bundle")
    signers_word = QCoreApplication.translate("SettingsDialog", "Signers")
    listed_word = QCoreApplication.translate("SettingsDialog", "Listed licences")
    parts = []
    if not snapshot.roots:
        parts.append("<p>" + QCoreApplication.translate("SettingsDialog", "No root certificate is installed.") + "</p>")
    for root in snapshot.roots:
        parts.append(f"<p><b>{root_word}</b>: {certs.display_name(root)}<br>"
                     f"<tt>{certs.fingerprint(root)[:32]}…</tt></p>")
    if not snapshot.bundles:
        parts.append("<p>" + QCoreApplication.translate(
            "SettingsDialog", "No trust bundle is imported: codes can't be verified.") + "</p>")
    for b in snapshot.bundles:
        c = b.content
        age_days = (now - c.issued_at_utc).total_seconds() / 86400
        if now > c.next_update_utc:
            state = QCoreApplication.translate("SettingsDialog", "STALE — import a newer one")
        else:
            state = QCoreApplication.translate("SettingsDialog", "current")
        signers = ", ".join(certs.kid_of(s).hex() + (" ✖" if certs.kid_of(s) in c.revoked_kids else "")
                            for s in c.signers)
        issued = QCoreApplication.translate("SettingsDialog", "issued {date}, {days:.1f} days ago; next update {next}")
        parts.append(
            f"<p><b>{bundle_word}</b> {c.authority} #{c.sequence} ({state})<br>"
            + issued.format(date=f"{c.issued_at_utc.astimezone():%Y-%m-%d %H:%M}", days=age_days,
                            next=f"{c.next_update_utc.astimezone():%Y-%m-%d}")
            + f"<br>{signers_word}: {signers}<br>{listed_word}: {len(c.documents)}</p>"
        )
    status_word = QCoreApplication.translate("SettingsDialog", "Status list")
    for code, listed in sorted(snapshot.status_lists.items()):
        state = (QCoreApplication.translate("SettingsDialog", "STALE — import a newer one") if now > listed.expires_at_utc
                 else QCoreApplication.translate("SettingsDialog", "current"))
        parts.append(f"<p><b>{status_word}</b> {code} v{listed.version} ({state})<br>"
                     + QCoreApplication.translate("SettingsDialog", "{size} licences; issued {date}; expires {end}").format(
                         size=f"{listed.size:,}", date=f"{listed.issued_at_utc.astimezone():%Y-%m-%d %H:%M}",
                         end=f"{listed.expires_at_utc.astimezone():%Y-%m-%d}") + "</p>")
    for problem in snapshot.problems:
        parts.append(f"<p style='color:#b3261e'>{problem}</p>")
    return "".join(parts)
