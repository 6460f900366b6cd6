#!/usr/bin/env bash
# The cluster tests and `npm run cluster` put Debian's nginx in front of CareDesk's instances.
# Installs it when missing and this is a root shell on Debian (without starting the system's own
# nginx service: RUNLEVEL=1); otherwise says how.
set -euo pipefail
if [ -x /usr/sbin/nginx ] || [ -n "${NGINX_BINARY:-}" ]; then exit 0; fi
# Without PostgreSQL (TEST_DATABASE_URL) the cluster suite is skipped: nothing needs nginx.
if [ -z "${TEST_DATABASE_URL:-}" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's nginx for the cluster tests..."
  apt-get update -qq && RUNLEVEL=1 DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
else
  echo "The cluster tests need nginx at /usr/sbin/nginx: run 'sudo apt-get install -y nginx' first (or set NGINX_BINARY)." >&2
  exit 1
fi
