#!/usr/bin/env bash
# The README's test command (and the only thing .ci/run calls): installs the real browser that the page tests drive
# (Debian's chromium and chromium-driver) when it is missing, then runs every test with ./mvnw verify.
# RG_REQUIRE_BROWSER=true makes a browser test fail instead of skip when the browser cannot be found.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
    echo "scripts/test.sh: installing chromium and chromium-driver (apt-get)" >&2
    $SUDO apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi
export RG_REQUIRE_BROWSER=true
exec ./mvnw verify "$@"
