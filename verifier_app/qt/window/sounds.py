"""A short tone per new verdict, so the officer hears it without looking."""

from __future__ import annotations

from PySide6.QtCore import QObject, QUrl

from verifier_app.services import Verdict


class Sounds:
    """A short tone per new verdict; silently absent where there's no audio."""

    def __init__(self, parent: QObject) -> None:
        self.effects: dict[Verdict, object] = {}
        self.played: list[Verdict] = []  # what was played, for tests (an audio-less machine plays nothing)
        try:
            from PySide6.QtMultimedia import QSoundEffect
        except ImportError:  # no audio libraries (e.g. libpulse) on this machine
            return
        # Through resource_path, so an installed wheel (no source tree) has its sounds too.
        from verifier_app.resources_path import resource_path
        for verdict, name in ((Verdict.VALID, "valid.wav"), (Verdict.INVALID, "invalid.wav"),
                              (Verdict.UNVERIFIED, "unverified.wav")):
            effect = QSoundEffect(parent)
            effect.setSource(QUrl.fromLocalFile(str(resource_path(f"sounds/{name}"))))
            effect.setVolume(0.6)
            self.effects[verdict] = effect

    def play(self, verdict: Verdict) -> None:
        self.played.append(verdict)
        effect = self.effects.get(verdict)
        if effect is not None:
            effect.play()  # type: ignore[attr-defined]
