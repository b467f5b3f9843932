#!/usr/bin/env bash
# The test command of typed-lambda: everything CI runs (`.ci/run` calls this script).
#
#   ./scripts/test.sh            run every step below, stop at the first failure
#   ./scripts/test.sh STEP...    run only the named steps, in the order given (e.g. `e2e`)
#
# Needs only Rust (cargo with rustfmt and clippy), Python 3 (with venv) and pip; everything else
# is installed on the way: the Python peers from scripts/requirements-test.txt go into ./.venv
# (created on first run, reused afterwards, reinstalled when that file changes).
#
# Steps:
#   venv      create/refresh ./.venv with the pinned Python peers (cargo-lambda, ...)
#   fmt       cargo fmt --all --check
#   clippy    cargo clippy --workspace --all-targets --all-features -- -D warnings
#   codegen   generated event models are fresh (cargo run -p typed-lambda-codegen -- --check)
#   features  each event family alone: cargo test -p typed-lambda-events --no-default-features
#             --features <stem>, one run per schemas/*.json
#   examples  build every example binary of the workspace (the e2e tests run them)
#   pyshim    build the pyo3 test module tests/python-shim with maturin into target/python-shim
#             (scripts/build-python-shim.sh; tests/tests/python_shim.rs runs it under awslambdaric)
#   package   the deployable Python-runtime zip of examples/python-s3 (scripts/package-python.sh:
#             maturin --zig, manylinux2014); tests/tests/python_shim.rs runs and inspects it
#   fuzz      scripts/fuzz.sh --smoke: builds every cargo-fuzz target (unoptimised, no sanitizer),
#             replays each corpus and fuzzes each target 10 s
#   lambda_zip  `cargo lambda build --release --output-format zip` of the hello example for
#             provided.al2023 x86_64; tests/tests/deploy_artifacts.rs inspects and runs it
#   test      cargo test --workspace, with the e2e tests pointed at cargo-lambda and the examples,
#             then the runtime's `python`-feature unit tests
#   bench     the benchmark harness in smoke mode: every scenario with tiny counts, answers
#             checked, no timing asserts (cargo run -p typed-lambda-bench -- all --smoke; the
#             real run is `--release` without `--smoke`, see bench/RESULTS.md); then the
#             typed-lambda vs lambda_http comparison test (bench feature `http`)
#
# One target dir is shared by all steps ($CARGO_TARGET_DIR, else ./target); the `examples` and
# `test` steps build with the same feature set, so the second one reuses the first's artifacts.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"
VENV="$ROOT/.venv"
REQUIREMENTS="$ROOT/scripts/requirements-test.txt"
ALL_STEPS=(venv fmt clippy codegen features examples pyshim package lambda_zip test bench fuzz)

# CI builds from scratch once: incremental compilation only costs time and disk there.
if [[ "${CI:-}" == "true" ]]; then
    export CARGO_INCREMENTAL=0
    # Line tables are all a CI log needs (panic locations, backtraces); full debug info of the
    # dev/test builds costs link time and a GB of disk.
    export CARGO_PROFILE_DEV_DEBUG="${CARGO_PROFILE_DEV_DEBUG:-line-tables-only}"
fi
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

START_ALL=$SECONDS
TIMINGS=()

die() {
    printf 'test.sh: %s\n' "$*" >&2
    exit 1
}

run() {
    printf '+ %s\n' "$*" >&2
    "$@"
}

step_venv() {
    command -v python3 >/dev/null || die "python3 not found: install Python 3 (with the venv module) and pip"
    if [[ -x "$VENV/bin/python" ]] && ! "$VENV/bin/python" -c 'import sys' 2>/dev/null; then
        echo "test.sh: $VENV is broken (its python does not start), recreating it" >&2
        rm -rf "$VENV"
    fi
    if [[ ! -x "$VENV/bin/python" ]]; then
        run python3 -m venv "$VENV" ||
            die "could not create $VENV: install the Python venv module (Debian/Ubuntu: apt-get install python3-venv)"
    fi
    local want have stamp="$VENV/.typed-lambda-requirements.sha256"
    want="$(sha256sum "$REQUIREMENTS" | cut -d' ' -f1)"
    have="$(cat "$stamp" 2>/dev/null || true)"
    if [[ "$want" != "$have" ]]; then
        run "$VENV/bin/python" -m pip install --disable-pip-version-check --quiet -r "$REQUIREMENTS" ||
            die "pip could not install $REQUIREMENTS into $VENV"
        echo "$want" >"$stamp"
    else
        echo "test.sh: $VENV is up to date with $(basename "$REQUIREMENTS")" >&2
    fi
    "$VENV/bin/cargo-lambda" lambda --version >/dev/null ||
        die "cargo-lambda in $VENV does not run"
}

step_fmt() {
    cargo fmt --version >/dev/null 2>&1 || die "rustfmt missing: rustup component add rustfmt"
    run cargo fmt --all --check
}

step_clippy() {
    cargo clippy --version >/dev/null 2>&1 || die "clippy missing: rustup component add clippy"
    # --all-features is safe to *check* on any machine with Python 3 (a pyo3 feature only needs
    # an interpreter to check, not libpython to link); tests below link the default feature set.
    run cargo clippy --workspace --all-targets --all-features -- -D warnings
}

step_codegen() {
    run cargo run --quiet -p typed-lambda-codegen -- --check
}

step_features() {
    local schema stem found=0
    for schema in "$ROOT"/schemas/*.json; do
        [[ -e "$schema" ]] || continue
        found=1
        stem="$(basename "$schema" .json)"
        # --lib: the family compiles alone and its unit tests pass. Integration tests and
        # doctests don't change per family (they'd be rebuilt and relinked 30 times for
        # nothing); they run once, with every family, in the `test` step.
        run cargo test --quiet -p typed-lambda-events --no-default-features --features "$stem" --lib
    done
    [[ $found == 1 ]] || echo "test.sh: no schemas/*.json yet, no per-feature runs" >&2
}

step_examples() {
    run cargo build --workspace --examples
}

step_pyshim() {
    run "$ROOT/scripts/build-python-shim.sh" "$(target_dir)/python-shim"
}

step_fuzz() {
    run "$ROOT/scripts/fuzz.sh" --smoke
}

step_lambda_zip() {
    PATH="$VENV/bin:$PATH" run "$VENV/bin/cargo-lambda" lambda build --release -p typed-lambda \
        --example hello --output-format zip --lambda-dir "$(target_dir)/lambda"
}

step_package() {
    run "$ROOT/scripts/package-python.sh" examples/python-s3 "$(target_dir)/lambda-python/python-s3"
}

target_dir() {
    cargo metadata --format-version 1 --no-deps |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])'
}

step_test() {
    [[ -x "$VENV/bin/cargo-lambda" ]] || die "$VENV/bin/cargo-lambda missing: run ./scripts/test.sh venv first"
    local examples_dir
    examples_dir="$(target_dir)/debug/examples"
    # Read by tests/tests/cargo_lambda.rs; the e2e tests FAIL (not skip) when these are wrong.
    export TYPED_LAMBDA_CARGO_LAMBDA="$VENV/bin/cargo-lambda"
    export TYPED_LAMBDA_EXAMPLES_DIR="$examples_dir"
    # For tests that drive Python peers (awslambdaric, the pyo3 shim) from the same venv.
    export TYPED_LAMBDA_PYTHON="$VENV/bin/python"
    export TYPED_LAMBDA_PYTHON_SHIM_DIR="$(target_dir)/python-shim"
    export TYPED_LAMBDA_PYTHON_S3_ZIP="$(target_dir)/lambda-python/python-s3/function.zip"
    export TYPED_LAMBDA_HELLO_ZIP="$(target_dir)/lambda/hello/bootstrap.zip"
    export PATH="$VENV/bin:$PATH"
    # --no-fail-fast: one failing test binary must not hide the others' results.
    run cargo test --workspace --no-fail-fast
    # Unknown keys kept and written back: that test only exists with the non-default feature.
    run cargo test -p typed-lambda-events --features catch-all-fields --test unknown_fields
    # The pyo3 side's unit tests (event walker, lazy Context) need the non-default `python`
    # feature, which links libpython into the test binary.
    run cargo test -p typed-lambda --features python --lib python
    # Features `http` and `tower` (issue 18): their unit tests and doctests, then the axum
    # example under cargo-lambda (axum is compiled here only, not by plain `cargo test`).
    run cargo test -p typed-lambda --features http,tower --lib -- http:: tower:: exec::
    run cargo test -p typed-lambda --features http,tower --doc -- http
    run cargo build -p typed-lambda --features __examples --example axum --example tower --example http_fn
    run cargo test -p typed-lambda-tests --features http-e2e --test cargo_lambda axum_example
}

step_bench() {
    # The Python scenario uses the zip of the `package` step when it exists (else maturin builds it).
    TYPED_LAMBDA_PYTHON="$VENV/bin/python" \
        TYPED_LAMBDA_PYTHON_S3_ZIP="$(target_dir)/lambda-python/python-s3/function.zip" \
        run cargo run --quiet -p typed-lambda-bench -- all --smoke
    # The same axum app through typed-lambda's `http` adapter and lambda_http 1.3.2, every HTTP
    # fixture compared field by field (lambda_http and axum are built here, where the bench's
    # other competitors are; feature `http` keeps them out of `cargo test --workspace`).
    run cargo test -p typed-lambda-bench --features http --test http_vs_lambda_http
}

steps=("$@")
if [[ ${#steps[@]} == 0 ]]; then
    steps=("${ALL_STEPS[@]}")
fi
for s in "${steps[@]}"; do
    declare -F "step_$s" >/dev/null || die "unknown step '$s' (steps: ${ALL_STEPS[*]})"
done

for s in "${steps[@]}"; do
    printf '\n==> %s\n' "$s" >&2
    t0=$SECONDS
    "step_$s"
    TIMINGS+=("$(printf '%-9s %5ds' "$s" $((SECONDS - t0)))")
done

printf '\n==> all steps passed in %ds\n' $((SECONDS - START_ALL)) >&2
printf '    %s\n' "${TIMINGS[@]}" >&2
