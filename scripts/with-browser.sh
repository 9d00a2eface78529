#!/usr/bin/env bash
# Runs a command (the README's test command: scripts/with-browser.sh ./mvnw verify) after installing the real
# browser that the page tests drive, Debian's chromium and chromium-driver, when it is missing (apt-get, as root or
# through sudo). RG_REQUIRE_BROWSER=true makes a browser test fail instead of skip when the browser cannot be found.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$#" -eq 0 ]; then
    echo "usage: scripts/with-browser.sh COMMAND [ARG...]   (e.g. scripts/with-browser.sh ./mvnw verify)" >&2
    exit 64
fi
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
    echo "scripts/with-browser.sh: installing chromium and chromium-driver (apt-get)" >&2
    $SUDO apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi
export RG_REQUIRE_BROWSER=true
exec "$@"
