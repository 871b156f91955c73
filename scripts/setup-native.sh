#!/usr/bin/env bash
# Sets up the native TensorFlow backend for TensorFlow.js (@tensorflow/tfjs-node, installed under
# the npm alias "tfjs-node-native") without its install script, which downloads libtensorflow and
# fails offline.
#
#   1. libtensorflow: libtensorflow_cc.so.2 + libtensorflow_framework.so.2 and the C API headers are
#      taken from the tensorflow-cpu wheel (pip download from the machine's Python index), stripped,
#      and kept in ONE shared copy per machine:
#        /var/cache/seglab/tensorflow-cpu-<version>/   (root)   or   ~/.cache/seglab/...   (others)
#      (override with SEGLAB_NATIVE_CACHE=<dir>).
#   2. node_modules/tfjs-node-native/deps/{lib,include} are symlinked to that copy, laid out as the
#      package's own install script would have left them (libtensorflow.so.2.9.1 is its sentinel).
#   3. The N-API addon is compiled with node-pre-gyp/node-gyp against the local Node headers
#      (npm's nodedir, /usr here), once per machine, and cached beside the libraries.
#   4. A check loads it: the backend must be "tensorflow".
#
# Idempotent (a second run only checks, in a few seconds) and it never fails its caller: it always
# exits 0, printing why when native cannot be set up (seglab then runs on the wasm backend).
# Usage: bash scripts/setup-native.sh        Env: SEGLAB_NATIVE_CACHE, SEGLAB_PIP_TIMEOUT (s, default 300)

TF_VERSION="2.21.0"
WHEEL_SPEC="tensorflow-cpu==${TF_VERSION}"
# The wheel's tags (cp311, manylinux_2_27) are given explicitly so any pip can download it.
WHEEL_TAGS=(--only-binary=:all: --python-version 3.11 --implementation cp --abi cp311 --platform manylinux_2_27_x86_64)

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PKG="$ROOT/node_modules/tfjs-node-native"
START=$(date +%s.%N)

say() { echo "setup-native: $*"; }
elapsed() { awk -v s="$START" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }'; }
give_up() {
  say "native TensorFlow backend NOT set up: $*"
  say "seglab will use the wasm backend (slower, same results within float tolerance). ($(elapsed) s)"
  exit 0
}

cache_root() {
  if [ -n "${SEGLAB_NATIVE_CACHE:-}" ]; then echo "$SEGLAB_NATIVE_CACHE"
  elif [ "$(id -u)" = "0" ]; then echo "/var/cache/seglab"
  else echo "${XDG_CACHE_HOME:-$HOME/.cache}/seglab"; fi
}

# Prints the backend name and TF version when the native backend loads, nothing otherwise.
probe_native() {
  (cd "$ROOT" && TF_CPP_MIN_LOG_LEVEL=2 timeout 120 node -e '
    const tf = require("@tensorflow/tfjs");
    require("tfjs-node-native");
    tf.setBackend("tensorflow").then((ok) => {
      const binding = tf.backend().binding;
      console.log(ok ? tf.getBackend() : "none", binding && binding.TF_Version);
    });' 2>/dev/null)
}

# The python that can run pip, first the system one.
find_pip_python() {
  local py
  for py in /usr/bin/python3 python3 python; do
    if command -v "$py" >/dev/null 2>&1 && timeout 60 "$py" -m pip --version >/dev/null 2>&1; then echo "$py"; return 0; fi
  done
  return 1
}

# Step 1: the shared copy of libtensorflow and its headers.
ensure_libtensorflow() {
  local tfdir="$1" py work wheel
  [ -f "$tfdir/.complete" ] && return 0
  py="$(find_pip_python)" || give_up "no python with pip found (tried /usr/bin/python3, python3, python) to download $WHEEL_SPEC"
  work="$(mktemp -d "$(dirname "$tfdir")/.download.XXXXXX")" || give_up "cannot create a folder under $(dirname "$tfdir")"
  say "downloading $WHEEL_SPEC with $py -m pip (timeout ${SEGLAB_PIP_TIMEOUT:-300} s)..."
  if ! timeout "${SEGLAB_PIP_TIMEOUT:-300}" "$py" -m pip download --no-deps "${WHEEL_TAGS[@]}" --retries 0 --timeout 15 \
      --progress-bar off --disable-pip-version-check -d "$work" "$WHEEL_SPEC" >"$work/pip.log" 2>&1; then
    local why; why="$(grep -E 'ERROR|error' "$work/pip.log" | tail -1)"
    rm -rf "$work"
    give_up "pip could not download $WHEEL_SPEC (${why:-timed out}); this needs a Python package index that has it"
  fi
  wheel="$(ls "$work"/tensorflow_cpu-*.whl 2>/dev/null | head -1)"
  [ -n "$wheel" ] || { rm -rf "$work"; give_up "pip reported success but no tensorflow_cpu wheel is in $work"; }
  say "extracting libtensorflow_cc.so.2, libtensorflow_framework.so.2 and the C API headers ($(elapsed) s)..."
  if ! "$py" - "$wheel" "$work/tf" <<'PY'
import os, sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]
libs = ('libtensorflow_cc.so.2', 'libtensorflow_framework.so.2')
headers = ('include/tensorflow/c/', 'include/tensorflow/core/platform/ctstring',
           'include/tsl/platform/ctstring', 'include/xla/tsl/c/')
with zipfile.ZipFile(wheel) as z:
    for info in z.infolist():
        name = info.filename
        if not name.startswith('tensorflow/') or name.endswith('/'):
            continue
        rel = name[len('tensorflow/'):]
        if rel in libs:
            dest = os.path.join(out, 'lib', rel)
        elif rel.startswith(headers):
            dest = os.path.join(out, rel)
        else:
            continue
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with z.open(info) as src, open(dest, 'wb') as dst:
            while True:
                block = src.read(1 << 22)
                if not block:
                    break
                dst.write(block)
for lib in libs:
    if not os.path.exists(os.path.join(out, 'lib', lib)):
        sys.exit('missing ' + lib + ' in the wheel')
PY
  then rm -rf "$work"; give_up "could not extract the libraries from $(basename "$wheel")"; fi
  if command -v strip >/dev/null 2>&1; then
    # Drops the static symbol tables (~0.2 GB); the dynamic symbols the addon links to stay.
    strip --strip-unneeded "$work/tf/lib/"*.so.2 2>/dev/null || say "strip failed; keeping the unstripped libraries"
  fi
  echo "tensorflow-cpu $TF_VERSION from $(basename "$wheel")" >"$work/tf/.complete"
  rm -rf "$tfdir"
  mv "$work/tf" "$tfdir" || { rm -rf "$work"; give_up "cannot move the libraries into $tfdir"; }
  rm -rf "$work"
  say "libtensorflow $TF_VERSION cached in $tfdir ($(du -sh "$tfdir" | cut -f1), $(elapsed) s)"
}

# Step 2: deps/ as the package's install script would have left it.
link_deps() {
  local tfdir="$1" deps="$PKG/deps"
  rm -rf "$deps" && mkdir -p "$deps/lib" || give_up "cannot write $deps"
  ln -s "$tfdir/lib/libtensorflow_cc.so.2" "$deps/lib/libtensorflow_cc.so.2"
  ln -s "$tfdir/lib/libtensorflow_framework.so.2" "$deps/lib/libtensorflow_framework.so.2"
  ln -s libtensorflow_cc.so.2 "$deps/lib/libtensorflow.so"
  ln -s libtensorflow_framework.so.2 "$deps/lib/libtensorflow_framework.so"
  ln -s libtensorflow_cc.so.2 "$deps/lib/libtensorflow.so.2.9.1"
  ln -s "$tfdir/include" "$deps/include"
}

# The local Node headers for node-gyp (it cannot download them offline).
node_headers_flag() {
  local dir
  dir="$(npm config get nodedir 2>/dev/null)"
  for candidate in "$dir" /usr /usr/local "$(dirname "$(dirname "$(command -v node)")")"; do
    if [ -n "$candidate" ] && [ "$candidate" != "undefined" ] && [ -f "$candidate/include/node/node_api.h" ]; then
      echo "--nodedir=$candidate"; return 0
    fi
  done
  [ -f "$HOME/.cache/node-gyp/$(node -p 'process.versions.node')/include/node/node_api.h" ] && { echo ""; return 0; }
  return 1
}

# Step 3: the addon, built once per machine and copied from the cache afterwards.
ensure_binding() {
  local tfdir="$1" target cached npg nodegyp headers tfjs_node_version
  target="$(cd "$PKG" && node -e 'const p = require.resolve("@mapbox/node-pre-gyp", { paths: [process.cwd()] });
    console.log(require(p).find(require("path").resolve("package.json")))' 2>/dev/null)"
  [ -n "$target" ] || give_up "cannot resolve @mapbox/node-pre-gyp from $PKG (is the install complete?)"
  tfjs_node_version="$(node -p "require('$PKG/package.json').version")"
  cached="$tfdir/bindings/tfjs-node-$tfjs_node_version-$(basename "$(dirname "$target")")/tfjs_binding.node"
  if [ -f "$cached" ]; then
    mkdir -p "$(dirname "$target")" && cp "$cached" "$target" && return 0
  fi
  for tool in make g++ python3; do
    command -v "$tool" >/dev/null 2>&1 || give_up "\"$tool\" is not installed; the addon is compiled locally (apt-get install build-essential python3)"
  done
  headers="$(node_headers_flag)" || give_up "Node.js headers not found (include/node/node_api.h under npm's nodedir, /usr or /usr/local); install them (e.g. apt-get install libnode-dev) or set npm config nodedir"
  npg="$(cd "$PKG" && node -p 'require.resolve("@mapbox/node-pre-gyp/bin/node-pre-gyp", { paths: [process.cwd()] })' 2>/dev/null)"
  nodegyp="$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js"
  [ -f "$nodegyp" ] || nodegyp=""
  say "compiling the tfjs-node addon against libtensorflow $TF_VERSION ($(elapsed) s)..."
  if ! (cd "$PKG" && npm_config_node_gyp="$nodegyp" timeout 900 node "$npg" rebuild --build-latest-napi-version-only $headers \
      >"$PKG/build-native.log" 2>&1); then
    give_up "compiling the addon failed; see $(tail -3 "$PKG/build-native.log" | tr '\n' ' ') (full log: $PKG/build-native.log)"
  fi
  [ -f "$target" ] || give_up "the build finished but $target is missing (see $PKG/build-native.log)"
  mkdir -p "$(dirname "$cached")" && cp "$target" "$cached.tmp.$$" && mv "$cached.tmp.$$" "$cached"
}

main() {
  command -v node >/dev/null 2>&1 || give_up "node is not on PATH"
  if [ ! -f "$PKG/package.json" ]; then
    give_up "node_modules/tfjs-node-native is not installed. npm removes this optional dependency when its own install script (a libtensorflow download) fails offline; package.json needs \"allowScripts\": { \"@tensorflow/tfjs-node@4.22.0\": false } so npm installs it without that script, then run npm install (or npm ci) and this script again"
  fi
  local probe
  if [ -f "$PKG/deps/lib/libtensorflow.so.2.9.1" ]; then
    probe="$(probe_native)"
    if [ "${probe%% *}" = "tensorflow" ]; then
      say "already set up: backend tensorflow, TensorFlow ${probe#* } ($(elapsed) s)"
      exit 0
    fi
  fi
  local root tfdir
  root="$(cache_root)"
  mkdir -p "$root" 2>/dev/null || give_up "cannot create the cache folder $root (set SEGLAB_NATIVE_CACHE to a writable folder)"
  tfdir="$root/tensorflow-cpu-$TF_VERSION"
  # One setup at a time per machine: parallel runs wait here instead of downloading twice.
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$root/.lock" && flock -w 1800 9 || say "could not lock $root/.lock; continuing without the lock"
  fi
  ensure_libtensorflow "$tfdir"
  link_deps "$tfdir"
  ensure_binding "$tfdir"
  probe="$(probe_native)"
  [ "${probe%% *}" = "tensorflow" ] || give_up "the addon was built but loading it failed; try: node -e \"require('tfjs-node-native')\" in $ROOT"
  say "done: backend tensorflow, TensorFlow ${probe#* }, libraries in $tfdir ($(elapsed) s)"
}

main "$@"
exit 0
