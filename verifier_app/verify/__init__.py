"""Verification: the engine, its policy, clock and trust snapshot, and the reasons it gives.

No numpy, OpenCV or Qt here (import-linter checks it)."""
