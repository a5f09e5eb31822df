"""PyInstaller entry for verifier.exe (the command line); see verifier.spec."""
from verifier_app.cli.verifier import entry_point

entry_point()
