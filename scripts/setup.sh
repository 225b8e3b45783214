#!/usr/bin/env bash
# Sets up a fresh machine: Debian's emscripten (if emcc is missing), npm ci,
# then builds the wasm core and the TypeScript.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v emcc >/dev/null 2>&1 && [ -z "${EMCC:-}" ]; then
  echo "setup: installing Debian's emscripten (emcc not found)"
  SUDO=""
  if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq emscripten >/dev/null
fi

# the C core's native unit tests build it as 32-bit code, like wasm32
if ! echo 'int main(void){return 0;}' | gcc -m32 -x c - -o /dev/null 2>/dev/null; then
  echo "setup: installing gcc-multilib (for the C core's native unit tests)"
  SUDO=""
  if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq gcc-multilib >/dev/null
fi

# jobs started by a real process manager are tested with MPICH's Hydra (mpiexec.mpich)
if ! command -v mpiexec.mpich >/dev/null 2>&1; then
  echo "setup: installing Debian's mpich (Hydra's mpiexec, for the PMI tests)"
  SUDO=""
  if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq mpich >/dev/null
fi

# browser ranks are tested in headless Chromium (test/browser.test.ts, driven by playwright-core);
# without it those tests skip, saying so
if [ -z "${WMPI_CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  echo "setup: installing Debian's chromium (for the browser-rank tests)"
  SUDO=""
  if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null || echo "setup: chromium could not be installed; the browser tests will be skipped"
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

npm run --silent build
