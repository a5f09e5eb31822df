"""PyInstaller entry for verifier-gui.exe (the window); see verifier.spec."""
from verifier_app.qt.app import entry_point

entry_point()
