#!/usr/bin/env bash
# Installs the Debian packages Vrsky runs and tests against, when missing. Safe to run again.
set -euo pipefail

missing=()
# Servers: checked by package, since several install their binaries off the PATH.
for p in nats-server postgresql redis-server rabbitmq-server; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Tools: checked by command, so a Node.js from another source (which bundles npm) is used as it is.
command -v kubectl >/dev/null || missing+=(kubectl)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)

if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing missing packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
