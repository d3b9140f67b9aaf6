#!/usr/bin/env bash
# Ensures Debian's MariaDB server binaries are installed, for the JDBC stores' tests on
# MariaDB. The tests start a private server of their own (mariadb-install-db + mariadbd on a
# free loopback port, in a temporary directory); nothing here starts a service. Called by
# .ci/run and by the Maven build when the binaries are missing. Only network access: apt.
set -euo pipefail

have() {
  command -v mariadbd >/dev/null 2>&1 && command -v mariadb-install-db >/dev/null 2>&1
}

if have; then
  echo "mariadb ok: $(mariadbd --version 2>/dev/null | head -n1)"
  exit 0
fi

if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
  cat >&2 <<MSG
error: the MariaDB server binaries (mariadbd, mariadb-install-db) are needed for the tests on
       MariaDB but are missing, and this script can only install them as root with apt-get.
Install them with:
  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends mariadb-server
MSG
  exit 1
fi

apt_install() {
  apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      mariadb-server >/dev/null
}

echo "installing mariadb-server with apt-get..." >&2
if ! apt_install; then
  echo "apt-get failed; retrying once in 5s..." >&2
  sleep 5
  apt_install
fi
# The package may try to start a service, which these containers refuse; the tests start
# their own server, so that is harmless.
have || { echo "error: apt-get finished but mariadbd is missing" >&2; exit 1; }
echo "mariadb ok: $(mariadbd --version 2>/dev/null | head -n1)"
