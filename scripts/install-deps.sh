#!/usr/bin/env bash
# Installs the Debian packages Vrsky runs and tests against, when missing. Safe to run again.
set -euo pipefail

missing=()
# Servers: checked by package, since several install their binaries off the PATH.
for p in nats-server postgresql redis-server rabbitmq-server; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Tools: checked by command, so a Node.js from another source (which bundles npm) is used as it is.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
# The dashboard's browser tests drive the distribution's Chromium (Playwright's own download needs the internet).
command -v chromium >/dev/null || missing+=(chromium)

sudo_cmd=""
[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing missing packages: ${missing[*]}"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# kubectl ships with the machine image here but not with every Debian archive: its absence only fails the
# Kubernetes publisher's kustomize check, so it is tried on its own and reported, not fatal.
if ! command -v kubectl >/dev/null; then
  $sudo_cmd apt-get install -y -qq kubectl >/dev/null 2>&1 || echo "warning: kubectl is not installed and apt-get could not install it; the kustomize test will fail." >&2
fi
