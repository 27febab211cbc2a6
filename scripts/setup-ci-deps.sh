#!/usr/bin/env bash
# Installs the Debian packages the test suite needs (browser tests: Chromium, its WebDriver; CJK
# fonts for the PDF export; poppler-utils and LibreOffice Writer for the export layout tests, which
# render PDF and DOCX to word boxes and pictures; aiosmtpd, the SMTP server the e-mail reminder
# test sends to), only those that are missing. Idempotent: when everything is present it only runs
# dpkg-query.
set -euo pipefail

packages=(chromium chromium-driver fonts-noto-cjk poppler-utils libreoffice-writer-nogui python3-aiosmtpd)

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
