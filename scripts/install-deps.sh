#!/usr/bin/env bash
# Installs the Debian packages Vrsky runs and tests against, when missing. Safe to run again.
set -euo pipefail

packages=(nats-server postgresql redis-server rabbitmq-server kubectl nodejs npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing missing packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Debian's packages may start system-wide servers on their default ports; Vrsky starts its own on free ports
# and needs none of them, so they are left alone rather than stopped.
