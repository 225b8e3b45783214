#!/usr/bin/env bash
# The README's test command: set up, then every test (the C core's native unit tests, then the
# vitest suites that run real jobs), ending with one summary line.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
make -s -C test/native check
mkdir -p build
status=0
npx vitest run --reporter=default --reporter=json --outputFile=build/vitest.json "$@" || status=$?
node -e '
const r = JSON.parse(require("fs").readFileSync("build/vitest.json", "utf8"));
console.log(`vitest: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
' || true
exit $status
