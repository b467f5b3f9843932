#!/usr/bin/env bash
# The test command of typed-lambda: everything CI runs (`.ci/run` calls this script).
#
#   ./scripts/test.sh            run every step below, in order, stop at the first failure
#   ./scripts/test.sh STEP...    run only the named steps, in the order given (e.g. `test`)
#
# Needs only Rust (the toolchain of rust-toolchain.toml, with rustfmt and clippy), Python 3 (with
# venv and a shared libpython) and pip, and a C++ compiler for the fuzz step; everything else is
# installed on the way: the Python peers from scripts/requirements-test.txt go into ./.venv
# (created on first run, reused afterwards, reinstalled when that file changes).
#
# Steps (each checks what it needs first and names the step or command that provides it):
#   venv      create/refresh ./.venv with the pinned Python peers (cargo-lambda, maturin, ...)
#   fmt       cargo fmt --all --check
#   clippy    cargo clippy --workspace --all-targets --all-features -- -D warnings: every crate,
#             the benchmark crates included (their one check; `test` leaves them out)
#   features  each event family compiles alone (cargo check per schemas/*.json stem, with the
#             unit tests: --profile test), and the unit tests pass with no family and with the
#             envelope families alone (two test runs); every family together runs in `test`
#   examples  build the example binaries (`cargo build --examples`); the e2e tests run them
#             (and build them themselves when run alone, see tests/src/bins.rs)
#   pyshim    build the pyo3 test module tests/python-shim with maturin into target/python-shim
#             (scripts/build-python-shim.sh; tests/tests/python_shim.rs runs it under awslambdaric)
#   package   the deployable Python-runtime zip of examples/python-s3 (scripts/package-python.sh:
#             maturin --zig, manylinux2014); tests/tests/python_shim.rs runs and inspects it
#   lambda_zip  `cargo lambda build --release --output-format zip` of the hello example for
#             provided.al2023 x86_64; tests/tests/deploy_artifacts.rs inspects and runs it
#   test      cargo test of the default members (runtime, events, codegen, tests, the
#             custom-eventbridge example; the generated-code check is the codegen crate's
#             generated_up_to_date test), then the events' `catch-all-fields` test and the
#             runtime's `python`-feature unit tests, the `http`/`tower` features' unit tests and
#             doctests and the axum example under cargo-lambda. Needs venv, pyshim, package,
#             lambda_zip.
#   bench     the benchmark crates' unit tests, then the harness in smoke mode: every scenario
#             with tiny counts, answers checked, no timing asserts (cargo run -p
#             typed-lambda-bench -- all --smoke; the real run is `--release` without `--smoke`,
#             see bench/RESULTS.md); then the typed-lambda vs lambda_http comparison test
#             (bench feature `http`)
#   fuzz      scripts/fuzz.sh --smoke: builds every fuzz target (coverage-instrumented, no
#             sanitizer), replays its seeds and regressions and fuzzes it briefly
# Not in the default run (its check is part of `test`):
#   codegen   the generated event models are what the schemas generate (the codegen crate's
#             generated_up_to_date test; `cargo run -p typed-lambda-codegen` regenerates)
#
# One target dir is shared by all steps ($CARGO_TARGET_DIR, else ./target); the `examples` and
# `test` steps build the same packages with the same features, so `test` reuses `examples`'
# artifacts. At the end the wall-clock and CPU time of every step is printed.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"
VENV="$ROOT/.venv"
REQUIREMENTS="$ROOT/scripts/requirements-test.txt"
ALL_STEPS=(venv fmt clippy features examples pyshim package lambda_zip test bench fuzz)
OTHER_STEPS=(codegen)

# CI builds from scratch once: incremental compilation only costs time and disk there.
if [[ "${CI:-}" == "true" ]]; then
    export CARGO_INCREMENTAL=0
    # No debug info in the dev/test builds: a panic's message still names its file and line
    # (std's panic location, not debug info), and debug info costs link time and disk: with line
    # tables a full run wrote ~6.5 GB, without them 4.8 GB (a CI machine's disk can be short).
    export CARGO_PROFILE_DEV_DEBUG="${CARGO_PROFILE_DEV_DEBUG:-0}"
fi

# The `package` and `lambda_zip` artefacts are tested for what they are (a zip Lambda accepts,
# a bootstrap / a module that serves), not for their size or speed: in CI they build without
# fat LTO, with parallel codegen and unoptimised (opt-level 0), which more than halves those two steps on 2
# cores. Outside CI, and
# for the sizes and speeds quoted in the docs (bench/), the release profile is as written.
release_for_tests() {
    if [[ "${CI:-}" == "true" ]]; then
        (
            export CARGO_PROFILE_RELEASE_LTO="${CARGO_PROFILE_RELEASE_LTO:-off}"
            export CARGO_PROFILE_RELEASE_CODEGEN_UNITS="${CARGO_PROFILE_RELEASE_CODEGEN_UNITS:-16}"
            export CARGO_PROFILE_RELEASE_OPT_LEVEL="${CARGO_PROFILE_RELEASE_OPT_LEVEL:-0}"
            "$@"
        )
    else
        "$@"
    fi
}
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

die() {
    printf 'test.sh: %s\n' "$*" >&2
    exit 1
}

# When the output is not a terminal (CI, a log file), each command's output also goes to RUN_LOG
# (stdout and stderr as one stream, in order), so that a failure's summary at the very end can
# repeat the failing command, its last lines and the free disk: a CI log shown only in part still
# says what failed. On a terminal, commands keep their colours and progress bars.
RUN_LOG="$(mktemp)"
LAST_CMD=""
run() {
    printf '+ %s\n' "$*" >&2
    LAST_CMD="$*"
    local status=0
    if [[ -t 1 && -t 2 ]]; then
        "$@" || status=$?
    else
        "$@" 2>&1 | tee "$RUN_LOG" || status=$?
    fi
    [[ $status != 0 ]] || LAST_CMD=""
    return "$status"
}

# --- prerequisites -------------------------------------------------------------------------

need_cargo() {
    command -v cargo >/dev/null ||
        die "cargo not found: install Rust with rustup (rust-toolchain.toml names the toolchain)"
}

need_venv() {
    local tool
    for tool in "$@"; do
        [[ -x "$VENV/bin/$tool" ]] ||
            die "step '$CURRENT_STEP' needs $VENV/bin/$tool: run ./scripts/test.sh venv first"
    done
}

# The folder `cargo metadata` reports as the target dir (follows $CARGO_TARGET_DIR).
target_dir() {
    cargo metadata --format-version 1 --no-deps |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])'
}

# need_artifact FILE STEP SOURCE...: FILE exists and no SOURCE (file or folder) changed after it
# was made; else fails naming the step that makes it.
need_artifact() {
    local file="$1" step="$2" newer
    shift 2
    [[ -e "$file" ]] ||
        die "step '$CURRENT_STEP' needs $file, made by step '$step': run ./scripts/test.sh $step first"
    newer="$(find "$@" -newer "$file" -type f -not -path '*/target/*' -print -quit 2>/dev/null || true)"
    [[ -z "$newer" ]] ||
        die "$file is older than $newer: run ./scripts/test.sh $step again (step '$CURRENT_STEP' tests it)"
}

# Python with a shared libpython: pyo3 links it into the test binaries of the `python` feature.
need_libpython() {
    local python="$1" lib
    lib="$("$python" -c 'import sysconfig as s, os
d, n = s.get_config_var("LIBDIR") or "", s.get_config_var("LDLIBRARY") or ""
print(os.path.join(d, n) if s.get_config_var("Py_ENABLE_SHARED") else "")')"
    [[ -n "$lib" && -e "$lib" ]] ||
        die "no shared libpython for $python (the runtime's python-feature tests link it): install \
Python's development files (Debian/Ubuntu: apt-get install python3-dev) or use a Python built with --enable-shared"
}

# The sources a build of the runtime (and its events) depends on.
RUNTIME_SOURCES=("$ROOT/runtime" "$ROOT/events" "$ROOT/Cargo.lock")

# --- steps -----------------------------------------------------------------------------------

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
    need_cargo
    cargo fmt --version >/dev/null 2>&1 || die "rustfmt missing: rustup component add rustfmt"
    run cargo fmt --all --check
}

step_clippy() {
    need_cargo
    cargo clippy --version >/dev/null 2>&1 || die "clippy missing: rustup component add clippy"
    # --all-features checks the `python` feature too: pyo3's build script needs a Python 3
    # interpreter (not libpython: nothing is linked).
    command -v python3 >/dev/null || die "python3 not found: pyo3 (feature python) needs it to build"
    run cargo clippy --workspace --all-targets --all-features -- -D warnings
}

step_codegen() {
    need_cargo
    run cargo test --quiet -p typed-lambda-codegen --test generated_up_to_date
}

# Families whose unit tests also run alone: the envelopes and batches work across them.
ENVELOPE_FAMILIES="sqs,sns,s3,eventbridge,kinesis,dynamodb,firehose,kafka,cloudwatch_logs"

step_features() {
    need_cargo
    local schema stem found=0
    for schema in "$ROOT"/schemas/*.json; do
        [[ -e "$schema" ]] || continue
        found=1
        stem="$(basename "$schema" .json)"
        # The family compiles alone, its unit tests included (--profile test): no codegen, no
        # link. Integration tests and doctests need every family; they run in `test`.
        run cargo check --quiet -p typed-lambda-events --no-default-features --features "$stem" \
            --lib --profile test
    done
    [[ $found == 1 ]] || die "no schemas/*.json: nothing to check"
    run cargo test --quiet -p typed-lambda-events --no-default-features --lib
    run cargo test --quiet -p typed-lambda-events --no-default-features --features "$ENVELOPE_FAMILIES" --lib
}

step_examples() {
    need_cargo
    run cargo build --examples
}

step_pyshim() {
    need_cargo
    need_venv maturin python
    run "$ROOT/scripts/build-python-shim.sh" "$(target_dir)/python-shim"
}

step_package() {
    need_cargo
    need_venv maturin python
    release_for_tests run "$ROOT/scripts/package-python.sh" examples/python-s3 "$(target_dir)/lambda-python/python-s3"
}

step_lambda_zip() {
    need_cargo
    need_venv cargo-lambda
    PATH="$VENV/bin:$PATH" release_for_tests run "$VENV/bin/cargo-lambda" lambda build --release -p typed-lambda \
        --example hello --output-format zip --lambda-dir "$(target_dir)/lambda"
}

step_test() {
    need_cargo
    need_venv cargo-lambda python cfn-lint
    need_libpython "$VENV/bin/python"
    local target
    target="$(target_dir)"
    need_artifact "$target/python-shim/raw_handler.abi3.so" pyshim "${RUNTIME_SOURCES[@]}" "$ROOT/tests/python-shim"
    need_artifact "$target/lambda-python/python-s3/function.zip" package "${RUNTIME_SOURCES[@]}" "$ROOT/examples/python-s3"
    need_artifact "$target/lambda/hello/bootstrap.zip" lambda_zip "${RUNTIME_SOURCES[@]}"
    # Read by tests/tests/cargo_lambda.rs; the e2e tests FAIL (not skip) when these are wrong.
    # The example binaries they run are built by the tests themselves (tests/src/bins.rs): a
    # no-op after the `examples` step.
    export TYPED_LAMBDA_CARGO_LAMBDA="$VENV/bin/cargo-lambda"
    # For tests that drive Python peers (awslambdaric, the pyo3 shim) from the same venv.
    export TYPED_LAMBDA_PYTHON="$VENV/bin/python"
    export TYPED_LAMBDA_PYTHON_SHIM_DIR="$target/python-shim"
    export TYPED_LAMBDA_PYTHON_S3_ZIP="$target/lambda-python/python-s3/function.zip"
    export TYPED_LAMBDA_HELLO_ZIP="$target/lambda/hello/bootstrap.zip"
    export PATH="$VENV/bin:$PATH"
    # --no-fail-fast: one failing test binary must not hide the others' results. The default
    # members: the benchmark crates (lambda_runtime, aws_lambda_events, sonic-rs) are the
    # `bench` step's.
    run cargo test --no-fail-fast
    # Unknown keys kept and written back: that test only exists with the non-default feature.
    run cargo test -p typed-lambda-events --features catch-all-fields --test unknown_fields
    # The pyo3 side's unit tests (event walker, lazy Context) need the non-default `python`
    # feature, which links libpython into the test binary.
    run cargo test -p typed-lambda --features python --lib python
    # Features `http` and `tower` (issue 18): their unit tests and doctests, then the axum
    # example under cargo-lambda (axum is compiled here only, not by plain `cargo test`).
    # (One feature set, `__examples` = http + tower + tokio + axum, for the three: the library is
    # built once for the examples and the doctests.)
    run cargo build -p typed-lambda --features __examples --example axum --example tower --example http_fn
    run cargo test -p typed-lambda --features __examples --lib -- http:: tower:: exec::
    run cargo test -p typed-lambda --features __examples --doc -- http
    run cargo test -p typed-lambda-tests --features http-e2e --test cargo_lambda axum_example
}

step_bench() {
    need_cargo
    need_venv python maturin
    # One feature set for the three commands, so the harness builds once: feature `http` adds
    # lambda_http and axum (kept out of `cargo test --workspace`), and with it the unit tests run
    # the http_vs_lambda_http comparison too (the same axum app through typed-lambda's `http`
    # adapter and lambda_http 1.3.2, every HTTP fixture compared field by field).
    run cargo test --quiet -p typed-lambda-bench --features http
    # The Python scenario uses the zip of the `package` step when it exists (else maturin builds it).
    TYPED_LAMBDA_PYTHON="$VENV/bin/python" \
        TYPED_LAMBDA_PYTHON_S3_ZIP="$(target_dir)/lambda-python/python-s3/function.zip" \
        run cargo run --quiet -p typed-lambda-bench --features http -- all --smoke
}

step_fuzz() {
    need_cargo
    # fuzz.sh says what is missing (a C++ compiler for libFuzzer, a target's seeds).
    run "$ROOT/scripts/fuzz.sh" --smoke
}

# --- driver ----------------------------------------------------------------------------------

# CPU seconds (user + system) used so far by the finished child processes of this shell.
# Sets CPU to that number. (`times` must run in this shell, not in a pipeline or `$(...)`: a
# subshell's children are none of this shell's; so it writes to a file, read afterwards.)
CPU_FILE="$(mktemp)"
child_cpu() {
    times >"$CPU_FILE"
    CPU="$(awk 'NR == 2 {
        split($1, u, /[ms]/); split($2, s, /[ms]/)
        printf "%.0f", u[1] * 60 + u[2] + s[1] * 60 + s[2]
    }' "$CPU_FILE")"
}

steps=("$@")
if [[ ${#steps[@]} == 0 ]]; then
    steps=("${ALL_STEPS[@]}")
fi
for s in "${steps[@]}"; do
    declare -F "step_$s" >/dev/null ||
        die "unknown step '$s' (steps: ${ALL_STEPS[*]}; also: ${OTHER_STEPS[*]})"
done

START_ALL=$SECONDS
child_cpu
CPU_ALL=$CPU
TIMINGS=()
CURRENT_STEP=""
# The timings so far are printed on failure too (the failing step marked), so a slow or broken
# run still says where its time went.
report_timings() {
    local status=$?
    if [[ $status != 0 && -n "$CURRENT_STEP" ]]; then
        child_cpu
        TIMINGS+=("$(printf '%-10s %5ds wall %6ds cpu  FAILED' "$CURRENT_STEP" $((SECONDS - t0)) $((CPU - c0)))")
        if [[ -n "$LAST_CMD" && -s "$RUN_LOG" ]]; then
            printf '\n==> the last command run: %s\n    its last lines:\n' "$LAST_CMD" >&2
            tail -n 25 "$RUN_LOG" | sed 's/^/    | /' >&2
        fi
        printf '    free disk: %s\n' "$(df -Ph "$ROOT" | awk 'NR == 2 { print $4 " of " $2 }')" >&2
        printf '\n==> step %s failed after %ds (%ds cpu in all)\n' "$CURRENT_STEP" \
            $((SECONDS - START_ALL)) $((CPU - CPU_ALL)) >&2
    else
        child_cpu
        printf '\n==> all steps passed in %ds (%ds cpu)\n' $((SECONDS - START_ALL)) \
            $((CPU - CPU_ALL)) >&2
    fi
    [[ ${#TIMINGS[@]} == 0 ]] || printf '    %s\n' "${TIMINGS[@]}" >&2
    rm -f "$CPU_FILE" "$RUN_LOG"
}
trap report_timings EXIT
for s in "${steps[@]}"; do
    printf '\n==> %s\n' "$s" >&2
    CURRENT_STEP="$s"
    t0=$SECONDS
    child_cpu
    c0=$CPU
    "step_$s"
    child_cpu
    TIMINGS+=("$(printf '%-10s %5ds wall %6ds cpu' "$s" $((SECONDS - t0)) $((CPU - c0)))")
done
CURRENT_STEP=""
