"""The verdict screen: a banner that can't be misread, then the facts behind it.

The banner uses colour *and* a drawn symbol *and* a word, so it reads the
same for colour-blind operators, on washed-out screens and in print.  What
the holder section shows is decided by the role profile (core/roles.py).
The drawn symbol and the colours are in ``verdict_icon``, the reasons and
status as rich text in ``verdict_html``; the panel lays them out and holds
every sentence the window translates (``self.tr``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from verifier_app.services import (Field, Listing, RoleProfile, Severity, Verdict, VerificationResult, listing,
                                   title)
from verifier_app.services import words as text

from verifier_app.qt.verdict.verdict_html import esc as _esc, reasons_html, status_html
from verifier_app.qt.verdict.verdict_icon import COLOURS, PAST_COLOUR, VerdictIcon
from verifier_app.qt.words import input_name

__all__ = ["COLOURS", "PAST_COLOUR", "VerdictIcon", "VerdictPanel"]  # the icon's names: imported from here too

def _label(text: str = "", *, bold: bool = False, size: int | None = None, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    font = label.font()
    if bold:
        font.setBold(True)
    if size:
        font.setPointSize(size)
    label.setFont(font)
    return label


class VerdictPanel(QWidget):
    """Shows one VerificationResult (or the idle prompt)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = "en"
        self.result: VerificationResult | None = None
        self.profile: RoleProfile | None = None
        self.entry = None  # a reopened audit entry, when one is shown
        self.trust_scope = "system"  # paths.TrustScope value of the station (set by the window)

        self._build_banner()
        self.reasons = _label(size=13)
        self.reasons.setObjectName("reasons")
        self.reasons.setTextFormat(Qt.TextFormat.RichText)
        self.freshness = _label(size=12)
        self.freshness.setObjectName("freshness")
        # A station without an administered system folder says so with every verdict: plain, not alarming.
        self.trust_note = _label(size=12)
        self.trust_note.setObjectName("trustScope")
        self.trust_note.setStyleSheet("background: #eceff1; color: #263238; border: 1px solid #546e7a; "
                                      "border-radius: 4px; padding: 4px 8px;")

        self.portrait = QLabel()
        self.portrait.setFixedSize(120, 150)
        self.portrait.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.portrait.setFrameShape(QFrame.Shape.StyledPanel)
        self.holder = _label(size=13)
        self.holder.setObjectName("holder")
        self.holder.setTextFormat(Qt.TextFormat.RichText)
        holder_row = QHBoxLayout()
        holder_row.addWidget(self.portrait, 0, Qt.AlignmentFlag.AlignTop)
        holder_row.addWidget(self.holder, 1)
        self.issuer = _label(size=11)
        self.issuer.setObjectName("issuer")
        # Key ids, bundle numbers, reason codes, the parser's own words and chain hashes help an
        # administrator, not the officer: they wait behind "Details".
        self.details_button = QToolButton()
        self.details_button.setObjectName("detailsButton")
        self.details_button.setCheckable(True)
        self.details_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.details_button.setArrowType(Qt.ArrowType.RightArrow)
        self.details_button.setAutoRaise(True)
        self.details_button.toggled.connect(self._toggle_details)
        self.details = _label(size=10)
        self.details.setObjectName("details")
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setVisible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        body = QGridLayout()
        body.setContentsMargins(14, 10, 14, 10)
        body.addWidget(self.trust_note, 0, 0)
        body.addWidget(self.reasons, 1, 0)
        body.addWidget(self.freshness, 2, 0)
        body.addLayout(holder_row, 3, 0)
        body.addWidget(self.issuer, 4, 0)
        body.addWidget(self.details_button, 5, 0, Qt.AlignmentFlag.AlignLeft)
        body.addWidget(self.details, 6, 0)
        layout.addLayout(body)
        layout.addStretch(1)

        self.banner.setAccessibleName(self.tr("Verdict"))
        self.reasons.setAccessibleName(self.tr("Reasons and what to do"))
        self.freshness.setAccessibleName(self.tr("Code freshness"))
        self.holder.setAccessibleName(self.tr("Licence holder"))
        self.portrait.setAccessibleName(self.tr("Holder portrait"))
        self.details_button.setAccessibleName(self.tr("Technical details"))
        self.show_result(None, None)

    def _build_banner(self) -> None:
        # Colour, a drawn symbol and a word: the verdict reads the same for colour-blind eyes and in print.
        self.banner = QFrame()
        self.banner.setObjectName("verdictBanner")
        self.banner.setAutoFillBackground(True)
        self.banner.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.icon = VerdictIcon()
        self.word = _label(bold=True, size=40, wrap=False)
        self.word.setObjectName("verdictWord")
        self.subtitle = _label(size=14)
        self.demo_mark = _label(bold=True, size=13, wrap=False)
        self.demo_mark.setObjectName("demoMark")
        self.demo_mark.setStyleSheet("background: #ffeb3b; color: #000; padding: 4px 10px; border-radius: 4px;")
        word_row = QHBoxLayout()
        word_row.addWidget(self.word)
        word_row.addSpacing(16)
        word_row.addWidget(self.demo_mark, 0, Qt.AlignmentFlag.AlignVCenter)
        word_row.addStretch(1)
        words = QVBoxLayout()
        words.addLayout(word_row)
        words.addWidget(self.subtitle)
        top = QHBoxLayout(self.banner)
        top.setContentsMargins(18, 14, 18, 14)
        top.addWidget(self.icon)
        top.addSpacing(12)
        top.addLayout(words, 1)

    # ------------------------------------------------------------------ text

    def verdict_word(self, verdict: Verdict | None) -> str:
        return {
            Verdict.VALID: self.tr("VALID"),
            Verdict.INVALID: self.tr("INVALID"),
            Verdict.UNVERIFIED: self.tr("NOT VERIFIED"),
            Verdict.NO_CODE: self.tr("NO CODE READ"),
            None: self.tr("Ready to scan"),
        }[verdict]

    def _subtitle(self, result: VerificationResult | None, portrait_shown: bool = False) -> str:
        if result is None:
            return self.tr("Hold the licence QR code in front of the camera, or scan it with a barcode scanner.")
        if result.verdict is Verdict.VALID:
            # Only a portrait on screen can be compared: a desk whose role shows none (or a code that
            # carries none) checks the holder by the name.
            if portrait_shown:
                return self.tr("Genuine, current licence code. Compare the portrait with the holder.")
            return self.tr("Genuine, current licence code. Check the name against the holder's identity document.")
        # The banner says what to do; the list below says why.
        errors = [r for r in result.reasons if r.severity is not Severity.WARNING]
        return errors[0].action(self.language) if errors else ""

    # ---------------------------------------------------------------- update

    def retranslate(self, language: str) -> None:
        self.language = language
        self.details_button.setText(self.tr("Details"))
        if self.entry is not None:
            self.show_entry(self.entry)
        else:
            self.show_result(self.result, self.profile)

    def _toggle_details(self, shown: bool) -> None:
        self.details_button.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self.details.setVisible(shown and bool(self.details.text()))

    def _set_details(self, rows: list[str]) -> None:
        self.details.setText("<br>".join(rows))
        self.details_button.setVisible(bool(rows))
        self._toggle_details(self.details_button.isChecked())

    def show_result(self, result: VerificationResult | None, profile: RoleProfile | None) -> None:
        self.result, self.profile, self.entry = result, profile, None
        verdict = result.verdict if result else None
        palette = self.banner.palette()
        palette.setColor(self.banner.backgroundRole(), COLOURS[verdict])
        self.banner.setPalette(palette)
        for label in (self.word, self.subtitle):
            label.setStyleSheet("color: white;")
        self.icon.set_verdict(verdict)
        self._word_size(40)
        self.word.setText(self.verdict_word(verdict))
        portrait_shown = self._show_holder(result, profile)
        self.subtitle.setText(self._subtitle(result, portrait_shown))
        self.banner.setAccessibleDescription(f"{self.word.text()}. {self.subtitle.text()}")
        self.demo_mark.setText(self.tr("DEMO — not a real licence"))
        self.demo_mark.setVisible(bool(result and result.is_demo))
        self._show_trust_note(self.trust_scope if result is not None else "")
        self.reasons.setText(self._reasons_html(result))
        self.reasons.setVisible(bool(result and result.reasons))
        self.freshness.setText(self._freshness_text(result))
        self.freshness.setVisible(bool(result and result.generated_at))
        self._set_details(self._result_details(result))

    def _word_size(self, points: int) -> None:
        # A live verdict is one or two words on one line; a past one (entry and time) may wrap
        # rather than widen the window past a laptop's screen.
        self.word.setWordWrap(points < 40)
        font = self.word.font()
        if font.pointSize() != points:
            font.setPointSize(points)
            self.word.setFont(font)

    def show_not_recorded(self) -> None:
        """A scan whose audit row could not be written: no verdict is shown as if recorded."""
        self.show_result(None, None)
        self.word.setText(self.tr("NOT RECORDED"))
        self.subtitle.setText(self.tr("The audit log could not be written, so no verdict is shown. "
                                      "Tell your administrator; scan again once it is fixed."))

    def show_entry(self, entry) -> None:
        """A past verdict from the audit log: only what the log kept is there to show."""
        self.result, self.profile, self.entry = None, None, entry
        verdict = Verdict(entry.verdict)
        palette = self.banner.palette()
        palette.setColor(self.banner.backgroundRole(), PAST_COLOUR)
        self.banner.setPalette(palette)
        self.icon.set_verdict(verdict)
        when = text.local_time_text(entry.at_datetime, self.language, zone=False, seconds=False)
        # The banner says first that this is history, so nobody takes it for the holder in front of them.
        self._word_size(24)  # a longer line (entry and time), and history needn't shout
        self.word.setText(self.tr("PAST VERDICT — entry {id}, {time}").format(id=entry.id, time=when))
        self.subtitle.setText(self.tr("Recorded verdict: {verdict}. This is not a scan of the licence in front of "
                                      "you.").format(verdict=self.verdict_word(verdict)))
        self.demo_mark.setVisible(bool(entry.demo))
        self._show_trust_note(getattr(entry, "trust_scope", ""))
        items = "".join(f"<p style='margin:4px 0'><b>{_esc(title(code, self.language))}</b></p>"
                        for code in entry.reason_codes)
        self.reasons.setText(items)
        self.reasons.setVisible(bool(items))
        self.freshness.setVisible(False)
        self.portrait.setVisible(False)
        lines = []
        if entry.document_ref:
            lines.append(f"{self.tr('Licence number')}: <b>{_esc(entry.document_ref)}</b>")
        lines.append(self.tr("Operator {operator}, input {source}").format(operator=_esc(entry.operator),
                                                                            source=_esc(input_name(entry.source))))
        self.holder.setText("<br>".join(lines))
        self.issuer.setText("")
        self._set_details([self.tr("Recorded at {time}").format(
                               time=_esc(text.local_time_text(entry.at_datetime, self.language))),
                           self.tr("Reason codes: {codes}").format(codes=_esc(", ".join(entry.reason_codes) or "—")),
                           self.tr("Chain hash {hash}").format(hash=entry.hash)])

    def _show_trust_note(self, scope: str) -> None:
        """The line that says whose trust judged the verdict, when it is not the system administrator's."""
        texts = {"per_user": self.tr("Trust set up on this account, not by a system administrator"),
                 "demo": self.tr("Demo station: trusts only the demo authority")}
        self.trust_note.setText(texts.get(scope, ""))
        self.trust_note.setVisible(scope in texts)
        self.trust_note.setAccessibleName(self.trust_note.text())

    def _reasons_html(self, result: VerificationResult | None) -> str:
        return reasons_html(result, self.profile, self.language)

    def _freshness_text(self, result: VerificationResult | None) -> str:
        if not result or not result.generated_at:
            return ""
        if result.age_s is None:
            return self.tr("Code claims to be generated {time}").format(
                time=text.local_time_text(result.generated_at, self.language))
        return text.generated_text(result.generated_at, result.age_s, result.max_age_s, self.language)

    def _result_details(self, result: VerificationResult | None) -> list[str]:
        if result is None:
            return []
        rows = [self.tr("Checked at {time}").format(time=_esc(text.local_time_text(result.checked_at,
                                                                                   self.language)))]
        if result.reasons:
            rows.append(self.tr("Reason codes: {codes}").format(codes=_esc(", ".join(result.codes))))
        for r in result.reasons:
            if r.technical_detail:
                rows.append(f"{_esc(r.code.value)}: {_esc(r.technical_detail)}")
        if result.signer is not None:
            rows.append(self.tr("Signing key {kid}").format(kid=_esc(str(result.signer.kid))))
        if result.bundle is not None:
            rows.append(self.tr("Trust bundle {authority} number {seq}").format(
                authority=_esc(result.bundle.authority), seq=result.bundle.sequence))
        return rows

    def _show_holder(self, result: VerificationResult | None, profile: RoleProfile | None) -> bool:
        """The holder's fields as the role shows them; whether a portrait is shown."""
        lic = result.licence if result else None
        self.portrait.setVisible(False)
        portrait_shown = False
        if result is None or profile is None:
            self.holder.setText("")
            self.issuer.setText("")
            return portrait_shown
        lines = []
        listed = listing(result.reasons)
        t_number, t_birth, t_cats = self.tr("Licence number"), self.tr("Date of birth"), self.tr("Categories")
        t_valid, t_status = self.tr("Licence valid"), self.tr("Status")
        if lic is not None:
            if profile.shows(Field.NAME):
                name = text.person_name(lic.family_name, lic.given_name)
                lines.append(f"<span style='font-size:20pt; font-weight:600'>{_esc(name)}</span>")
            number = profile.document_number(lic.document_number)
            if number:
                lines.append(f"{t_number}: <b>{_esc(number)}</b>")
            if profile.shows(Field.BIRTH_DATE):
                lines.append(f"{t_birth}: {lic.birth_date.isoformat()}")
            if profile.shows(Field.CATEGORIES):
                cats = [_esc(text.category_text(p.vehicle_category_code, p.issue_date, p.expiry_date,
                                                self.language)).replace(_esc(p.vehicle_category_code),
                                                                        f"<b>{_esc(p.vehicle_category_code)}</b>", 1)
                        for p in lic.driving_privileges]
                lines.append(f"{t_cats}: " + ", ".join(cats))
            if profile.shows(Field.VALIDITY):
                lines.append(f"{t_valid}: {_esc(text.validity_text(lic.issue_date, lic.expiry_date, self.language))}")
            if profile.shows(Field.STATUS):
                lines.append(f"{t_status}: {self._status_html(lic.status.value, listed)}")
            if profile.shows(Field.PORTRAIT) and lic.portrait:
                pixmap = QPixmap()
                if pixmap.loadFromData(lic.portrait, "JPG"):
                    self.portrait.setPixmap(pixmap.scaled(self.portrait.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                                          Qt.TransformationMode.SmoothTransformation))
                    self.portrait.setVisible(True)
                    portrait_shown = True
        elif result.document_number:
            number = profile.document_number(result.document_number)
            if number:
                lines.append(f"{t_number}: <b>{_esc(number)}</b>")
            if listed is not None and profile.shows(Field.STATUS):  # a barcode's number, listed by the authority
                lines.append(f"{t_status}: {self._status_html(None, listed)}")
        self.holder.setText("<br>".join(lines))
        issuer = []
        if result.signer is not None and lic is not None and profile.shows(Field.ISSUER):
            issuer.append(self.tr("Issued by {name} ({code})").format(
                code=result.signer.authority_code or "?", name=result.signer.organisation or "?"))
        self.issuer.setText(" · ".join(issuer))
        return portrait_shown

    def _status_html(self, claimed: str | None, listed: Listing | None) -> str:
        return status_html(claimed, listed, self.language)


