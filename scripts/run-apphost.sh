#!/usr/bin/env bash
# Installs what is missing, then runs every Vrsky service and its backing servers locally (Ctrl-C stops all).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# The AppHost's local identity provider (node oidc-provider); node_modules is not committed.
if [ ! -d Vrsky.AppHost/idp/node_modules/oidc-provider ]; then
  npm ci --prefix Vrsky.AppHost/idp --no-audit --no-fund --silent || exit 1
fi

exec dotnet run --project Vrsky.AppHost -- "$@"
