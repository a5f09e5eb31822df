"""Settings and trust management.  It edits a StationSettings value and calls
the station store for trust changes; it decides nothing itself."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from verifier_app.dl1 import certs
from verifier_app.decode.cameras import CameraInfo
from verifier_app.errors import VerifierError
from verifier_app.station.roles import Role
from verifier_app.station.settings import RESOLUTIONS, StationSettings
from verifier_app.station.store import StationStore
from .errors import show_error

DEMO_CAMERA = -1


class SettingsDialog(QDialog):
    def __init__(self, settings: StationSettings, store: StationStore, cameras: tuple[CameraInfo, ...],
                 parent: QWidget | None = None, *, demo: bool = False,
                 authorize=lambda what: True) -> None:
        super().__init__(parent)
        self.authorize = authorize
        self.setWindowTitle(self.tr("Settings"))
        self.store = store
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
                            (Role.INSURANCE, self.tr("Insurance desk (name, number, categories, status)"))):
            self.role.addItem(label, role.value)
        self.role.setCurrentIndex(self.role.findData(s.role.value))
        self.category = QLineEdit(s.required_category)
        self.category.setMaxLength(8)
        self.category.setPlaceholderText(self.tr("none"))
        self.max_age = QSpinBox(minimum=10, maximum=3600, value=s.max_qr_age_s, suffix=" s")
        self.skew = QSpinBox(minimum=0, maximum=600, value=s.clock_skew_s, suffix=" s")
        self.auto_clear = QSpinBox(minimum=0, maximum=3600, value=s.auto_clear_s, suffix=" s")
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
            (self.tr("Clear result &after"), self.auto_clear), ("", self.sound), (self.tr("&Language"), self.language),
            (self.tr("&Operator"), self.operator), (self.tr("Keep audit log &for"), self.retention),
        ]
        for text, widget in rows:
            if text:
                label = QLabel(text)
                label.setBuddy(widget)
                form.addRow(label, widget)
                widget.setAccessibleName(text.replace("&", ""))
            else:
                form.addRow(widget)
        return page

    def settings(self) -> StationSettings:
        return StationSettings(
            camera_index=int(self.camera.currentData()),
            resolution=tuple(int(v) for v in self.resolution.currentData().split("x")),
            mirror_preview=self.mirror.isChecked(),
            role=Role(self.role.currentData()),
            max_qr_age_s=self.max_age.value(),
            clock_skew_s=self.skew.value(),
            required_category=self.category.text().strip().upper(),
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
        install = QPushButton(self.tr("Install &root certificate…"))
        install.clicked.connect(self._install_root)
        import_ = QPushButton(self.tr("&Import trust bundle…"))
        import_.clicked.connect(self._import_bundle)
        buttons = QHBoxLayout()
        buttons.addWidget(install)
        buttons.addWidget(import_)
        layout = QVBoxLayout(page)
        layout.addWidget(self.trust_info, 1)
        layout.addLayout(buttons)
        self.refresh_trust()
        return page

    def refresh_trust(self) -> None:
        self.trust_info.setText(describe_trust(self.store))

    def _install_root(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Root certificate"), "",
                                              self.tr("Certificates (*.pem *.crt *.cer *.der)"))
        if path:
            self.install_root(Path(path))

    def install_root(self, path: Path) -> None:
        if not self.authorize(self.tr("Installing a root certificate")):
            return
        try:
            cert = self.store.install_root(path.read_bytes())
        except (VerifierError, OSError) as exc:
            show_error(self, exc if isinstance(exc, VerifierError) else VerifierError(str(exc)))
            return
        self.trust_changed = True
        self.refresh_trust()
        self.trust_info.setText(self.trust_info.text() + "<p><b>" + self.tr(
            "Installed. Compare this fingerprint with the one your authority published:") +
            f"</b><br><tt>{certs.fingerprint(cert)}</tt></p>")

    def _import_bundle(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Trust bundle"), "", self.tr("Trust bundles (*.dltrust)"))
        if path:
            self.import_bundle(Path(path))

    def import_bundle(self, path: Path) -> None:
        if not self.authorize(self.tr("Importing a trust bundle")):
            return
        try:
            self.store.import_bundle(path.read_bytes())
        except (VerifierError, OSError) as exc:
            show_error(self, exc if isinstance(exc, VerifierError) else VerifierError(str(exc)))
            return
        self.trust_changed = True
        self.refresh_trust()


def describe_trust(store: StationStore) -> str:
    """The installed roots and bundles as a short HTML report."""
    snapshot = store.load()
    now = dt.datetime.now(dt.timezone.utc)
    root_word = QCoreApplication.translate("SettingsDialog", "Root")
    bundle_word = QCoreApplication.translate("SettingsDialog", "Trust bundle")
    signers_word = QCoreApplication.translate("SettingsDialog", "Signers")
    listed_word = QCoreApplication.translate("SettingsDialog", "Listed licences")
    parts = []
    if not snapshot.roots:
        parts.append("<p>" + QCoreApplication.translate("SettingsDialog", "No root certificate is installed.") + "</p>")
    for root in snapshot.roots:
        parts.append(f"<p><b>{root_word}</b>: {root.subject.rfc4514_string()}<br>"
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
    for problem in snapshot.problems:
        parts.append(f"<p style='color:#b3261e'>{problem}</p>")
    return "".join(parts)
