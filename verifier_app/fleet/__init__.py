"""A station in a fleet: trust and status files delivered by TUF, audit rows pushed to the centre.

Station side only (the operator's side is ``verifier_app.central``).  A station with no fleet never
loads TUF (the window reads only ``state.py``, two small files): it stays the embedded default.
"""
