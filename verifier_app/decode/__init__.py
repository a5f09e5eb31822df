"""From pictures to code texts, independent of the format and of verification.

Here the shared parts (the code readers, the factory that builds the station's reader, one Rect,
scaling); the data's way through the rooms: ``sources`` (where frames come from) -> ``still`` (one
picture read within a budget; ``bars`` for barcodes held at an angle) or ``live_input`` (frames
arriving live, a code held in view, a keyboard-wedge scanner)."""
