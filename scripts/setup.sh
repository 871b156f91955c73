#!/usr/bin/env bash
# seglab set-up, used by both README commands (npm run demo, npm test). Idempotent: a second run
# only checks and rebuilds what changed.
#   1. npm ci (skipped when node_modules matches package-lock.json)
#   2. the native TensorFlow backend, when it can be had offline (scripts/setup-native.sh; never fatal)
#   3. Debian's Jupyter (jupyter-notebook, python3-nbconvert, python3-ipykernel) when missing and root
#   4. the tslab kernel, registered inside the project (.jupyter-local), not globally, and the classic
#      Notebook's Vega-Lite renderer extension (jupyter/nbextensions/seglab-vega)
#   5. with --test: Debian's Chromium for the browser test
#   6. build lib/ with the project's TypeScript
#   7. with --test: local PostgreSQL and ClickHouse for the warehouse tests (scripts/services.sh)
# Environment: SEGLAB_NATIVE=0 skips step 2; SEGLAB_SKIP_SYSTEM=1 skips steps 3 and 5; SEGLAB_SERVICES=0 skips step 7.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
want_test=0
for arg in "$@"; do
  case "$arg" in
    --test) want_test=1 ;;
    *) echo "setup: unknown option $arg (known: --test)" >&2; exit 2 ;;
  esac
done
say() { printf 'setup: %s\n' "$*"; }

# --- Node ---------------------------------------------------------------------------------------
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'; then
  echo "setup: Node.js $(node --version) is too old; seglab needs Node 20.19 or newer (ml-kmeans is an ES module loaded with require)." >&2
  exit 1
fi

# --- 1. npm dependencies ------------------------------------------------------------------------
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
stamp=node_modules/.seglab-lock-sha256
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$lock_sum" ]; then
  say "npm dependencies up to date"
else
  say "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sum" > "$stamp"
fi

# --- 2. native TensorFlow backend (optional) ----------------------------------------------------
if [ "${SEGLAB_NATIVE:-1}" != "0" ] && [ -f scripts/setup-native.sh ]; then
  bash scripts/setup-native.sh || say "native TensorFlow backend not set up; the wasm backend will be used"
fi

# --- 3. Jupyter from Debian ---------------------------------------------------------------------
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y --no-install-recommends "$@" >/tmp/seglab-apt.log 2>&1; then
    apt-get update >/tmp/seglab-apt-update.log 2>&1 || true
    apt-get install -y --no-install-recommends "$@" >/tmp/seglab-apt.log 2>&1 || {
      echo "setup: apt-get install $* failed; see /tmp/seglab-apt.log" >&2
      return 1
    }
  fi
}
sys_python=/usr/bin/python3
if [ "${SEGLAB_SKIP_SYSTEM:-0}" != "1" ]; then
  if ! "$sys_python" -c 'import nbconvert, ipykernel, notebook' >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
      say "installing Jupyter from Debian (jupyter-notebook python3-nbconvert python3-ipykernel)"
      apt_install jupyter-notebook python3-nbconvert python3-ipykernel
    else
      echo "setup: Jupyter is missing. Install it with: sudo apt-get install jupyter-notebook python3-nbconvert python3-ipykernel" >&2
    fi
  fi
  # --- 5. Chromium for the browser test -------------------------------------------------------
  if [ "$want_test" = 1 ] && [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
      say "installing Chromium from Debian (for the report's browser test)"
      apt_install chromium
    else
      echo "setup: Chromium is missing (the browser test will be skipped). Install it with: sudo apt-get install chromium" >&2
    fi
  fi
fi

# --- 4. tslab kernel, registered inside the project -----------------------------------------------
kernel_dir="$root/.jupyter-local/share/jupyter/kernels/tslab"
if [ -x "$sys_python" ] && "$sys_python" -c 'import ipykernel' >/dev/null 2>&1; then
  if [ ! -f "$kernel_dir/kernel.json" ] || ! grep -q "$root/node_modules/tslab/bin/tslab" "$kernel_dir/kernel.json"; then
    say "registering the tslab kernel in .jupyter-local"
    node node_modules/tslab/bin/tslab install --python="$sys_python" \
      --binary="$root/node_modules/tslab/bin/tslab" --prefix="$root/.jupyter-local" >/dev/null
  fi
fi

# --- 4b. the classic Notebook's Vega-Lite renderer (jupyter/nbextensions/seglab-vega) --------------
# JupyterLab renders the charts' Vega-Lite outputs itself; the classic Notebook 6 needs this extension.
# Enabled through .jupyter-local/etc/jupyter (start it with JUPYTER_CONFIG_PATH=.jupyter-local/etc/jupyter).
ext_dir="$root/.jupyter-local/share/jupyter/nbextensions/seglab-vega"
mkdir -p "$ext_dir" "$root/.jupyter-local/etc/jupyter/nbconfig/notebook.d"
cp "$root/jupyter/nbextensions/seglab-vega/main.js" "$ext_dir/main.js"
cp node_modules/vega/build/vega.min.js node_modules/vega-lite/build/vega-lite.min.js node_modules/vega-embed/build/vega-embed.min.js "$ext_dir/"
printf '{ "load_extensions": { "seglab-vega/main": true } }\n' > "$root/.jupyter-local/etc/jupyter/nbconfig/notebook.d/seglab-vega.json"

# --- 7. with --test: local PostgreSQL and 2-shard ClickHouse for the warehouse tests (never fatal) ---
# scripts/services.sh installs Debian's packages when missing (root) and starts unprivileged
# loopback instances in ${TMPDIR:-/tmp}/seglab-services; the live tests skip by name without them.
if [ "$want_test" = 1 ] && [ "${SEGLAB_SERVICES:-1}" != "0" ]; then
  bash scripts/services.sh start || say "some local database services did not start; their live tests will be skipped"
fi

# --- 6. build -------------------------------------------------------------------------------------
say "building lib/ (TypeScript $(node -p 'require("typescript/package.json").version'))"
node node_modules/typescript/bin/tsc -p tsconfig.json
say "ready"
