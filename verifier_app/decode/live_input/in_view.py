"""Which codes the camera has in view: a phone held up is one presentation, judged once.

A phone in front of the camera is read a few times a second for as long as it
stays there, and its app renews the code (a new text for the same licence)
every half minute or so.  Each read is not a new verdict: the window announces
a camera code when it *comes into view* — a code not read in the last
``leave_after_s`` seconds.  Reads of a code still in view only keep it there.
A renewed code of a licence still in view is told apart (``RENEWED``): it may
update the camera's own verdict, but it is the same presentation, so it never
replaces a newer verdict from another input (the window decides that).

Times are the decoder's, taken when it read the frame, so a busy GUI thread
handling a queue of reads late never makes a code look as if it had left.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Arrival(str, enum.Enum):
    NEW = "new"  # not in view: a different code, or the same one back after it left the view
    RENEWED = "renewed"  # a new code of a licence still in view: its holder's app renewed it
    IN_VIEW = "in_view"  # read again while still in view: already judged


@dataclass
class CodesInView:
    # A code held up is read every quarter second at least; a few seconds without a read (glare, a
    # tilt, the phone lowered a moment) is not enough to take the same code for a new presentation.
    leave_after_s: float = 3.0
    _codes: dict[str, float] = field(default_factory=dict)  # code (its hash) -> last read
    _licences: dict[str, float] = field(default_factory=dict)  # licence number -> last read

    def look(self, code: str, licence: str | None, at: float) -> Arrival:
        """Note one read of ``code`` (of licence ``licence``, when known) at ``at``; say what it is."""
        self._forget(at)
        in_view = code in self._codes
        renewed = not in_view and licence is not None and licence in self._licences
        self._codes[code] = at
        if licence is not None:
            self._licences[licence] = at
        if in_view:
            return Arrival.IN_VIEW
        return Arrival.RENEWED if renewed else Arrival.NEW

    def _forget(self, at: float) -> None:
        for seen in (self._codes, self._licences):
            for key in [k for k, last in seen.items() if at - last > self.leave_after_s]:
                del seen[key]
