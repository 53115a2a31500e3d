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

# One test project at a time: several of them start the whole AppHost (16 resources), and running them side by
# side on a 2-core machine turns their deadlines into a race against each other.
log=$(mktemp)
status=0
for project in $(dotnet sln Vrsky.sln list | grep -E '\.Tests\.csproj$' | tr '\\' '/'); do
  dotnet test "$project" --no-build --nologo "$@" 2>&1 | tee -a "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
done

# dotnet test prints one "Passed!/Failed!  - Failed: N, Passed: N, ..." line per test project.
sum() { grep -oE "$1: +[0-9]+" "$log" | awk '{ n += $2 } END { print n + 0 }'; }
passed=$(sum Passed)
failed=$(sum Failed)
rm -f "$log"
echo "$passed passed, $failed failed"
exit "$status"
