"""Where the data files are: sounds, translations (.qm) and the sample holder.

They live in the top-level ``resources/`` folder of the source tree, and the
wheel ships that folder inside the package as ``verifier_app.resources``
(pyproject.toml maps it), so an installed verifier finds them through
``importlib.resources`` with no source tree around.  A checkout that runs
``main.py`` directly, or an editable install (whose import hook can't map a
folder without ``__init__.py`` into the package), falls back to the source
tree's folder.  Qt-free: the CLI and the issuer toolkit use it too.
"""

from __future__ import annotations

import atexit
import contextlib
from importlib.resources import as_file, files
from pathlib import Path

PACKAGE = "verifier_app.resources"
SOURCE_DIR = Path(__file__).resolve().parent.parent / "resources"

# Files extracted from a zipped install; kept until exit because callers hold plain paths.
_extracted = contextlib.ExitStack()
atexit.register(_extracted.close)


def _installed(name: str):
    """The Traversable for ``name`` inside the installed package, or None without one."""
    try:
        node = files(PACKAGE)
    except (ImportError, TypeError):  # not installed as a package (plain checkout, editable install)
        return None
    # One part at a time: on Python 3.10/3.11 a namespace package's joinpath takes a single name.
    for part in name.split("/"):
        node = node.joinpath(part)
    return node


def resource_path(name: str) -> Path:
    """A local file path for ``name`` (e.g. ``"sounds/valid.wav"``), which may not exist.

    Plain paths because Qt (QSoundEffect, QTranslator) and the holder loader want files
    on disk.  The installed package wins; the source tree is the fallback, and also the
    answer when neither has the file, so a missing file's error names a sensible place.
    """
    node = _installed(name)
    if node is not None and node.is_file():
        if isinstance(node, Path):
            return node
        # A zipped install: extract to a temporary file that lives until exit.
        return _extracted.enter_context(as_file(node))
    if node is not None and isinstance(node, Path) and not (SOURCE_DIR / name).exists():
        return node  # installed but the file is missing: say so about the installed place
    return SOURCE_DIR / name
