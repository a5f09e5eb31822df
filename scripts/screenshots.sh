#!/usr/bin/env bash
# Set up, then open the real window under Xvfb in several states and save
# PNG screenshots to docs/screenshots/ (or the folder given).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=setup.sh
source "$ROOT/scripts/setup.sh"
cd "$ROOT"
exec xvfb-run -a -s "-screen 0 1400x900x24" env QT_QPA_PLATFORM=xcb "$VENV/bin/python" scripts/screenshots.py "$@"
