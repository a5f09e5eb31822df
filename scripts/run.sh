#!/usr/bin/env bash
# Set everything up, then start the verifier window in demo mode: a simulated
# phone shows live licence codes from a local demo authority, no webcam needed.
# Extra arguments go to the window (e.g. --lang zh).  Without a display
# (a server, an SSH session) it runs the command-line demo instead.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=setup.sh
source "$ROOT/scripts/setup.sh"
cd "$ROOT"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display here: running the command-line demo (scripts/screenshots.sh shows the window under Xvfb)."
  exec "$VENV/bin/verifier" demo
fi
exec "$VENV/bin/python" main.py --demo "$@"
