#!/usr/bin/env bash
# Install Debian's chromium for the browser tests when it is missing.
# Without root or apt-get we only warn: the e2e tests then skip, except under CI=true where they fail.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [[ -x /usr/bin/chromium ]]; then
  exit 0
fi
if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian chromium for the browser tests…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
else
  echo "chromium not found and cannot install it (need root and apt-get): browser tests will be skipped." >&2
fi
