#!/usr/bin/env bash
# Builds the Python extension module of tests/python-shim with maturin (from ./.venv) and lays it
# out the way a Lambda function zip is: the package `handler/` at the root, plus the same library
# under the module names `raw_handler` and `order_handler` (one cdylib can define several
# modules; Python picks `PyInit_<name>` by file name). Output: $OUT (default target/python-shim).
#
#   scripts/build-python-shim.sh [OUT]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"
VENV="$ROOT/.venv"
OUT="${1:-$ROOT/target/python-shim}"
[[ -x "$VENV/bin/maturin" ]] || { echo "build-python-shim.sh: $VENV/bin/maturin missing: run ./scripts/test.sh venv" >&2; exit 1; }

# Share the workspace's target dir; the shim crate is its own workspace (tests/python-shim).
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
wheels="$(mktemp -d)"
trap 'rm -rf "$wheels"' EXIT
"$VENV/bin/maturin" build --quiet -m tests/python-shim/Cargo.toml -i "$VENV/bin/python" -o "$wheels"
rm -rf "$OUT"
mkdir -p "$OUT"
"$VENV/bin/python" -m zipfile -e "$wheels"/handler-*.whl "$OUT"
so="$(ls "$OUT"/handler/handler*.so)"
cp "$so" "$OUT/raw_handler.abi3.so"
cp "$so" "$OUT/order_handler.abi3.so"
echo "build-python-shim.sh: module in $OUT" >&2
