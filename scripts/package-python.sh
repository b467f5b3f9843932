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
# maturin and ziglang come from ./.venv (./scripts/test.sh venv installs them) or, when that is
# missing, from PATH (`pip install maturin ziglang` into an environment of your own).
#
# For a crate outside this repository the build goes into that crate's own target/ (unless
# CARGO_TARGET_DIR says otherwise) and OUT_DIR defaults to CRATE_DIR/target/lambda-python/NAME.
# The Python module's name is the crate's library name (`[lib] name = "handler"` in its
# Cargo.toml; `python_module!(handler, ...)` must use the same name): the handler string is
# `<module>.handle`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"
VENV="$ROOT/.venv"
CRATE="${1:?usage: scripts/package-python.sh CRATE_DIR [OUT_DIR]}"
CALLER="$OLDPWD"
# relative to where it was called from (or, as before, to this repository's root)
CRATE="$( { cd "$CALLER" && cd "$CRATE" 2>/dev/null && pwd; } || { cd "$CRATE" && pwd; } )"
[[ -f "$CRATE/Cargo.toml" ]] || { echo "package-python.sh: no Cargo.toml in $CRATE" >&2; exit 1; }
if [[ "$CRATE" == "$ROOT" || "$CRATE" == "$ROOT"/* ]]; then
    CRATE_TARGET="$ROOT/target"           # this repository's crates share its target/
else
    CRATE_TARGET="$CRATE/target"          # a crate of your own builds into its own target/
fi
OUT="${2:-$CRATE_TARGET/lambda-python/$(basename "$CRATE")}"
[[ "$OUT" == /* ]] || OUT="$CALLER/$OUT"
if [[ -x "$VENV/bin/maturin" ]]; then
    MATURIN="$VENV/bin/maturin" PYTHON="$VENV/bin/python"
    export PATH="$VENV/bin:$PATH"
elif command -v maturin >/dev/null; then
    MATURIN="$(command -v maturin)" PYTHON="$(command -v python3)"
else
    echo "package-python.sh: maturin not found: pip install maturin ziglang (or ./scripts/test.sh venv in this repository)" >&2
    exit 1
fi
"$PYTHON" -c 'import ziglang' 2>/dev/null || { echo "package-python.sh: ziglang missing for $PYTHON: pip install ziglang" >&2; exit 1; }

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$CRATE_TARGET}"
rm -rf "$OUT"
mkdir -p "$OUT"
"$MATURIN" build --quiet --release --zig --compatibility manylinux2014 \
    -m "$CRATE/Cargo.toml" -i "$PYTHON" -o "$OUT"
wheel="$(ls "$OUT"/*.whl)"
module="$("$PYTHON" - "$wheel" "$OUT" <<'PY'
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
    # the module's name: its extension file (`handler.abi3.so`) or package folder
    mods = sorted({n.split("/")[0].split(".")[0] for n in names if n.endswith(".so")})
    print(mods[0] if mods else "?")
PY
)"
echo "package-python.sh: $OUT/function.zip (handler: $module.handle; the module is named after the crate's [lib] name), $OUT/layer.zip, $(basename "$wheel")" >&2
