#!/usr/bin/env bash
# Set everything up, then run the main job: a demo authority issues the sample
# holder's licence code, and the verifier reads it from the PNG and verifies it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=setup.sh
source "$ROOT/scripts/setup.sh"
cd "$ROOT"
exec "$VENV/bin/python" main.py demo "$@"
