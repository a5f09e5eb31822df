"""The station side of the window: trust state, role, settings and their administration.

MainWindow inherits it through input_window.InputWindow (and through it evidence_window.EvidenceWindow).  Texts are translated
in the "MainWindow" context, the class the user sees.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QWidget

from verifier_app.services import (LoadProblem, Role, Station, StationSettings, StatusImport, TrustState, Verifier,
                                   default_operator, guarded_changes, list_cameras, profile, without_guarded_changes,
                                   words)
from verifier_app.errors import InputUnreadable, VerifierError
from verifier_app.scan import ScanService

from verifier_app.qt.settings.admin_gate import AdminGate
from verifier_app.qt.camera.camera_view import CameraView
from verifier_app.qt.errors import show_error
from verifier_app.qt.evidence.evidence_window import EvidenceWindow
from verifier_app.qt.settings.settings_dialog import SettingsDialog
from verifier_app.qt.window.station_watch import StationConfigWatch


translate = QCoreApplication.translate  # lupdate reads translate("MainWindow", ...) calls

class StationWindow(EvidenceWindow):
    # Set by MainWindow.__init__ and _build:
    station: Station
    scan: ScanService
    admin: AdminGate
    demo: bool
    demo_roots: frozenset[str]
    verifier: Verifier
    trust_problems: tuple[LoadProblem, ...]
    trust_state: TrustState
    trust_label: QLabel
    role_label: QLabel
    setup_banner: QWidget
    camera_view: CameraView
    _save_settings: Callable[[StationSettings], None]
    _apply_language: Callable[[str], str]
    station_watch: StationConfigWatch
    station_banner: QLabel
    station_problem: VerifierError | None  # station.json refused: nothing is verified until it is fixed

    def start_camera(self) -> None:
        raise NotImplementedError

    def retranslate(self) -> None:
        raise NotImplementedError

    @property
    def operator(self) -> str:
        return self.settings.operator or default_operator()

    def authorize(self, what: str) -> bool:
        return self.admin.authorize(what)

    def _show_role(self) -> None:
        # Always in view: what this station shows and what it requires decide how to read a verdict.
        roles = {"checkpoint": translate("MainWindow", "Police checkpoint"),
                 "rental": translate("MainWindow", "Rental counter"),
                 "insurance": translate("MainWindow", "Insurance desk")}
        role = roles.get(Role(self.settings.role).value, str(self.settings.role))
        category = self.settings.required_category or translate("MainWindow", "none")
        self.role_label.setText(translate("MainWindow", "Role: {role} · Required category: {category}").format(
            role=role, category=category))

    # ----------------------------------------- station.json changed elsewhere

    def _watch_station_config(self) -> None:
        """Follow station.json from now on.  The settings given to the window are the ones in force; a
        station.json that can't be used already now stops verification, with the reason in view."""
        self.station_problem = None
        self.station_banner = QLabel()
        self.station_banner.setObjectName("stationProblem")
        self.station_banner.setWordWrap(True)
        self.station_banner.setStyleSheet("#stationProblem { background: #fdecea; border: 2px solid #b3261e; "
                                          "color: #5f1410; font-size: 15px; padding: 6px; }")
        self.station_banner.hide()
        self.station_watch = StationConfigWatch(self.station.data_dir, self)
        self.station_watch.touched.connect(self.check_station_config)
        try:
            self.station.config()
        except VerifierError as exc:
            self._refuse_station_config(exc)

    def check_station_config(self) -> bool:
        """Apply station.json if it changed since last looked at (before every verification, and when
        the folder changes); False while it can't be used: then nothing may be verified."""
        if self.station_watch.changed():
            try:
                config = self.station.config()
            except VerifierError as exc:
                self._refuse_station_config(exc)
            else:
                self.station_problem = None
                self.station_banner.hide()
                self._apply_station_config(self.settings.with_station_config(config))
        return self.station_problem is None

    def station_problem_text(self) -> str:
        problem = self.station_problem
        return "" if problem is None else translate(
            "MainWindow", "This station's settings (station.json) can't be used, so nothing is verified: {why}").format(
            why=str(problem))

    def _refuse_station_config(self, problem: VerifierError) -> None:
        self.station_problem = problem
        self.station_banner.setText(self.station_problem_text())
        self.station_banner.show()

    def _apply_station_config(self, new: StationSettings) -> None:
        """Guarded settings an administrator changed elsewhere: in force for the very next verdict."""
        if not guarded_changes(self.settings, new):
            return
        old, self.settings = self.settings, new
        self.scan.role = new.role
        self.reload_trust()  # a verifier with the new policy (maximum age, skew, category)
        self._show_role()
        if self.verdict.result is not None:  # what the new role may show of the verdict on screen
            self.verdict.show_result(self.verdict.result, profile(new.role))
        if new.retention_days != old.retention_days:
            self.apply_retention()
        self.statusBar().showMessage(translate("MainWindow", "Station settings changed by an administrator: {role}")
                                     .format(role=self.role_label.text()), 8000)

    def _make_verifier(self) -> Verifier:
        snapshot = self.station.trust.snapshot()
        self.trust_problems = snapshot.problems
        return Station.verifier(trust=snapshot, policy=self.settings.policy(), clock=self.clock,
                                demo_roots=self.demo_roots)

    def reload_trust(self) -> None:
        self.verifier = self._make_verifier()
        self.scan.verifier = self.verifier  # the camera's decoder thread reads it from there
        self._show_trust_state()

    def _show_trust_state(self) -> None:
        state = self.verifier.trust.state(self.clock.now())
        text = {
            TrustState.CURRENT: translate("MainWindow", "Trust data: current"),
            TrustState.STALE: translate("MainWindow", "Trust data: OUT OF DATE — import a current trust bundle"),
            TrustState.MISSING: translate("MainWindow", "Trust data: MISSING — import a trust bundle"),
        }[state]
        # Whose trust it is, always in view: "current" trust the desk's own account set up is not an administrator's.
        text += " · " + {
            "system": translate("MainWindow", "set up by the system administrator"),
            "per_user": translate("MainWindow", "set up on this account (per-user)"),
            "demo": translate("MainWindow", "demo station"),
        }[self.station.trust.scope]
        if self.trust_problems:
            text += " · " + translate("MainWindow", "{n} damaged file(s) ignored").format(n=len(self.trust_problems))
        now = self.clock.now()
        fleet = self.station.sync_state(now=now)  # a subscribed station: when trust last came from the fleet
        if fleet.subscribed:
            ago = words.ago_text((now - fleet.last_success).total_seconds(), self.language) if fleet.last_success else ""
            text += " · " + (translate("MainWindow", "fleet sync: NEVER") if not fleet.last_success else
                             translate("MainWindow", "fleet sync {ago}: OUT OF DATE") if fleet.stale else
                             translate("MainWindow", "fleet sync {ago}")).format(ago=ago)
        grade = "stale" if state is TrustState.CURRENT and fleet.stale else state.value  # graded like a stale bundle
        style = {"current": "color: #1b6e32;", "stale": "color: #8a5300; font-weight: bold;",
                 "missing": "color: #b3261e; font-weight: bold;"}[grade]
        self.trust_label.setText(text)
        self.trust_label.setStyleSheet(style)
        self.trust_label.setAccessibleName(text)
        self.trust_state = state
        self.setup_banner.setVisible(state is TrustState.MISSING)

    def import_bundle(self, path: Path) -> None:
        if not self.authorize(translate("MainWindow", "Importing a trust bundle")):
            return
        try:
            outcome = self.station.trust.import_file(data=path.read_bytes(), now=self.clock.now(),
                                                     operator=self.operator)
        except OSError as exc:
            show_error(self, InputUnreadable(f"{path}: can't be read ({exc.strerror})."))
            return
        except VerifierError as exc:
            show_error(self, exc)
            return
        self.reload_trust()
        if isinstance(outcome, StatusImport):
            self.statusBar().showMessage(translate("MainWindow", "Status list {authority} version {version} in force").format(
                authority=outcome.authority, version=outcome.version), 8000)
        else:
            self.statusBar().showMessage(translate("MainWindow", "Imported trust bundle {authority} number {seq}").format(
                authority=outcome.authority, seq=outcome.sequence), 8000)
        if outcome.warnings:
            show_error(self, VerifierError("\n".join(outcome.warnings)),
                       translate("MainWindow", "Imported, with a warning"))

    def open_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self.settings, self.station.trust, list_cameras(), self, demo=self.demo,
                                authorize=self.authorize, operator=self.operator)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda code: self._settings_closed(dialog, code))
        dialog.open()
        return dialog

    def open_trust_settings(self) -> SettingsDialog:
        dialog = self.open_settings()
        dialog.tabs.setCurrentIndex(1)  # the Trust tab
        return dialog

    def _settings_closed(self, dialog: SettingsDialog, code: int) -> None:
        if dialog.trust_changed:
            self.reload_trust()
        if code == SettingsDialog.DialogCode.Accepted:
            self.apply_settings(dialog.settings())

    def apply_settings(self, new: StationSettings) -> None:
        guarded = guarded_changes(self.settings, new)
        if guarded:
            if self.authorize(translate("MainWindow", "Changing the role, freshness policy or retention")):
                try:
                    self.station.save_config(new.station_config())
                except VerifierError as exc:  # not written (or its audit row not): nothing changes
                    show_error(self, exc)
                    new = without_guarded_changes(self.settings, new)
                except (OSError, ValueError) as exc:
                    show_error(self, VerifierError(str(exc)))
                    new = without_guarded_changes(self.settings, new)
            else:
                new = without_guarded_changes(self.settings, new)
        old, self.settings = self.settings, new
        self.scan.role, self.scan.operator = new.role, self.operator
        self._save_settings(new)
        self.camera_view.mirror = new.mirror_preview
        self.reload_trust()
        if (old.camera_index, old.resolution) != (new.camera_index, new.resolution):
            self.start_camera()
        if old.language != new.language:
            self.language = self._apply_language(new.language)
            self.retranslate()
        self._show_role()
        if self.verdict.result is not None:
            self.verdict.show_result(self.verdict.result, profile(new.role))
