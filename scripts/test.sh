#!/usr/bin/env bash
# The README's test command: set up, then every test (vitest, and the C core's native unit tests).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
if [ -f test/native/Makefile ]; then make -s -C test/native check; fi
npx vitest run "$@"
