#!/usr/bin/env bash
# Set everything up, check the architecture contracts, run the whole test suite.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=setup.sh
source "$ROOT/scripts/setup.sh"
cd "$ROOT"
echo "== import contracts (the core never imports Qt)"
"$VENV/bin/lint-imports"
echo "== types (mypy)"
"$VENV/bin/mypy"
echo "== tests"
# A station's zone, not UTC: times shown as UTC where local time belongs would pass unnoticed under UTC.
export TZ="${TZ:-Asia/Shanghai}"
exec "$VENV/bin/python" -m pytest "$@"
