#!/usr/bin/env bash
# Ensures Debian's headless Chromium and chromedriver are installed, for the
# portal's Selenium browser tests. Called by .ci/run and by the Maven build
# when the browser is missing. Only network access used: apt (Debian mirrors).
# Exit 0 when both binaries work; exit 1 with instructions when it can't install.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
DRIVER=/usr/bin/chromedriver
PKGS=(chromium chromium-driver)

versions() {
  # chromedriver is a real binary; chromium's --version needs no display.
  echo "browser ok: $("$CHROMIUM" --version 2>/dev/null | head -n1 || echo 'chromium (version unknown)'); $("$DRIVER" --version | head -n1)"
}

# Fast path: already installed and runnable, no apt call.
if [[ -x $CHROMIUM && -x $DRIVER ]] && "$DRIVER" --version >/dev/null 2>&1; then
  versions
  exit 0
fi

if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
  cat >&2 <<MSG
error: Chromium and chromedriver are needed for the browser tests but are missing
       (expected $CHROMIUM and $DRIVER), and this script can only install them
       as root on a Debian/Ubuntu system with apt-get.
Install them with:
  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${PKGS[*]}
MSG
  exit 1
fi

apt_install() {
  apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${PKGS[@]}" >/dev/null
}

echo "installing ${PKGS[*]} with apt-get..." >&2
if ! apt_install; then
  echo "apt-get failed; retrying once in 5s..." >&2
  sleep 5
  apt_install
fi

if ! [[ -x $CHROMIUM && -x $DRIVER ]] || ! "$DRIVER" --version >/dev/null 2>&1; then
  echo "error: apt-get finished but $CHROMIUM / $DRIVER are missing or do not run" >&2
  exit 1
fi
versions
