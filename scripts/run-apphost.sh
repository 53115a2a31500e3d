#!/usr/bin/env bash
# Installs what is missing, then runs every Vrsky service and its backing servers locally (Ctrl-C stops all).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
exec dotnet run --project Vrsky.AppHost -- "$@"
