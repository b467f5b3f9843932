#!/usr/bin/env bash
# Builds a typed-lambda Python-runtime crate (a cdylib using `typed_lambda::python_module!`) into
# deployable artefacts for Lambda's python3.10+ runtimes (x86_64):
#
#   scripts/package-python.sh CRATE_DIR [OUT_DIR]
#
#   OUT_DIR/function.zip   the module at the zip root: set the handler to `handler.handle`
#   OUT_DIR/layer.zip      the same under python/, for a Lambda layer
#   OUT_DIR/*.whl          the wheel itself
#
# The build is `maturin build --release --zig --compatibility manylinux2014`: zig links against
# glibc 2.17, so the module loads on Amazon Linux 2 (python3.10/3.11) and AL2023 runtimes alike.
# A plain `maturin build` links against this machine's glibc (manylinux_2_34: python3.12+ only).
# maturin and ziglang come from ./.venv (./scripts/test.sh venv installs them).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"
VENV="$ROOT/.venv"
CRATE="${1:?usage: scripts/package-python.sh CRATE_DIR [OUT_DIR]}"
CRATE="$(cd "$CRATE" && pwd)"
OUT="${2:-$ROOT/target/lambda-python/$(basename "$CRATE")}"
[[ -x "$VENV/bin/maturin" ]] || { echo "package-python.sh: $VENV/bin/maturin missing: run ./scripts/test.sh venv" >&2; exit 1; }
"$VENV/bin/python" -c 'import ziglang' 2>/dev/null || { echo "package-python.sh: ziglang missing in $VENV: run ./scripts/test.sh venv" >&2; exit 1; }

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
export PATH="$VENV/bin:$PATH"
rm -rf "$OUT"
mkdir -p "$OUT"
"$VENV/bin/maturin" build --quiet --release --zig --compatibility manylinux2014 \
    -m "$CRATE/Cargo.toml" -i "$VENV/bin/python" -o "$OUT"
wheel="$(ls "$OUT"/*.whl)"
"$VENV/bin/python" - "$wheel" "$OUT" <<'PY'
import os, sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as w:
    names = [n for n in w.namelist() if ".dist-info/" not in n]
    for zip_name, prefix in (("function.zip", ""), ("layer.zip", "python/")):
        with zipfile.ZipFile(os.path.join(out, zip_name), "w", zipfile.ZIP_DEFLATED) as z:
            for n in names:
                info = zipfile.ZipInfo(prefix + n, date_time=(1980, 1, 1, 0, 0, 0))
                info.external_attr = (0o755 if n.endswith(".so") else 0o644) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, w.read(n))
PY
echo "package-python.sh: $OUT/function.zip (handler: handler.handle), $OUT/layer.zip, $(basename "$wheel")" >&2
