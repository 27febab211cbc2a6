#!/usr/bin/env bash
# The project's test command, for developers and CI: scripts/test.sh [cargo test options...]
#
# - SQLite tests always run.
# - PostgreSQL tests run when GONGKAI_TEST_POSTGRES_URL is set (e.g.
#   postgres://postgres@127.0.0.1:5432/test), each test in its own schema; otherwise they print a
#   skip line. GONGKAI_REQUIRE_POSTGRES=1 turns the skip into a failure.
# - Browser tests run when `chromedriver` is on PATH or GONGKAI_CHROMEDRIVER names it; otherwise
#   they print a skip line. GONGKAI_REQUIRE_BROWSER=1 turns the skip into a failure. The same
#   variable requires the real SMTP server of the e-mail reminder test (Debian's python3-aiosmtpd).
#
# - Export layout tests (the annual report's PDF and DOCX rendered to word boxes and pictures) run
#   when poppler-utils and LibreOffice are installed (scripts/setup-ci-deps.sh); otherwise they
#   print a skip line. GONGKAI_REQUIRE_RENDER=1 turns the skip into a failure.
#
# Every cargo feature is built and tested (`pdf`: the Typst PDF export, a heavy first build).
# The tests start their own servers; nothing else needs to run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec cargo test --workspace --all-features "$@"
