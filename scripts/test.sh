#!/usr/bin/env bash
# Installs what is missing, builds the solution and runs every test project against real servers.
# Ends with one summary line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh || exit 1

if [ -d ../shared/tools/k8s-validate ] && [ ! -d ../shared/tools/k8s-validate/node_modules ]; then
  (cd ../shared/tools/k8s-validate && npm install --no-audit --no-fund --silent) || exit 1
fi

# The AppHost's local identity provider (node oidc-provider); node_modules is not committed.
if [ ! -d Vrsky.AppHost/idp/node_modules/oidc-provider ]; then
  npm ci --prefix Vrsky.AppHost/idp --no-audit --no-fund --silent || exit 1
fi

dotnet build Vrsky.sln -warnaserror -v quiet -nologo || exit 1

log=$(mktemp)
dotnet test Vrsky.sln --no-build --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# dotnet test prints one "Passed!/Failed!  - Failed: N, Passed: N, ..." line per test project.
sum() { grep -oE "$1: +[0-9]+" "$log" | awk '{ n += $2 } END { print n + 0 }'; }
passed=$(sum Passed)
failed=$(sum Failed)
rm -f "$log"
echo "$passed passed, $failed failed"
exit "$status"
