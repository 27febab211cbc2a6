#!/usr/bin/env bash
# Installs the Debian packages the test suite needs (browser tests: Chromium, its WebDriver, CJK
# fonts), only those that are missing. Idempotent: when everything is present it only runs dpkg-query.
set -euo pipefail

packages=(chromium chromium-driver fonts-noto-cjk)

missing=()
for p in "${packages[@]}"; do
    if [[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" != "install ok installed" ]]; then
        missing+=("$p")
    fi
done

if ((${#missing[@]} == 0)); then
    echo "setup-ci-deps: already installed: ${packages[*]}"
    exit 0
fi

if ((EUID != 0)); then
    echo "setup-ci-deps: missing ${missing[*]}; run as root to install them" >&2
    exit 1
fi

echo "setup-ci-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends "${missing[@]}"
