"""Qt-free core: the DL1 format, offline trust, the verification engine and
image decoding.  Nothing here imports PySide6 (import-linter enforces it)."""
