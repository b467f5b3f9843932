#!/usr/bin/env bash
# Runs the libFuzzer targets of fuzz/ (fuzz/README.md says what each one checks).
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]   a real run: default 600 s, every target
#   scripts/fuzz.sh --smoke [TARGET...]                CI: replay seeds + regressions, fuzz briefly
#
# Inputs (see fuzz/README.md):
#   fuzz/seeds/<target>/        committed: a small minimised seed set per target
#   fuzz/regressions/<target>-* committed: inputs that once failed (tests/tests/fuzz_regressions.rs
#                               replays them too)
#   fuzz/corpus/<target>/       git-ignored: the evolved corpus of real runs on this machine. A
#                               real run creates it from the seeds and regressions and grows it.
#   fuzz/artifacts/<target>/    git-ignored: what crashed. Turn it into a regression (copy it to
#                               fuzz/regressions/<target>-<what>.* and add a test), fix, rerun.
#
# A real run uses cargo-fuzz (installed from crates.io when missing): an optimised build with
# AddressSanitizer (`cargo fuzz build -O`, ~15 min on 2 cores); RUSTC_BOOTSTRAP=1 lets it pass
# the sanitizer flags on stable Rust.
# `--smoke` needs no cargo-fuzz: it builds the targets with cargo and the coverage
# instrumentation cargo-fuzz uses, unoptimised and without a sanitizer (so stable Rust takes
# the flags as they are), then runs each binary on a scratch corpus filled from its seeds and
# regressions: every input is replayed, then it fuzzes FUZZ_SMOKE_SECONDS (default 5) seconds.
# CI leaves the tree clean.
#
# Either way libFuzzer's C++ part is compiled by the libfuzzer-sys crate: a C++ compiler (c++,
# or $CXX) is needed. The script fails when a run finds a crash or a target does not run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"
FUZZ="$ROOT/fuzz"

die() {
    printf 'fuzz.sh: %s\n' "$*" >&2
    exit 1
}

SMOKE=0
if [[ "${1:-}" == "--smoke" ]]; then
    SMOKE=1
    shift
    SECONDS_PER_TARGET="${FUZZ_SMOKE_SECONDS:-5}"
else
    SECONDS_PER_TARGET="${1:-600}"
    shift || true
fi
[[ "$SECONDS_PER_TARGET" =~ ^[0-9]+$ ]] || die "SECONDS_PER_TARGET must be a number, not '$SECONDS_PER_TARGET'"

CXX_BIN="${CXX:-c++}"
command -v "$CXX_BIN" >/dev/null ||
    die "no C++ compiler ('$CXX_BIN' not found): libfuzzer-sys compiles libFuzzer from C++. Install one (Debian/Ubuntu: apt-get install g++) or set CXX"

targets=("$@")
if [[ ${#targets[@]} == 0 ]]; then
    for file in "$FUZZ"/fuzz_targets/*.rs; do
        targets+=("$(basename "$file" .rs)")
    done
fi
for t in "${targets[@]}"; do
    [[ -f "$FUZZ/fuzz_targets/$t.rs" ]] || die "no fuzz target '$t' (fuzz/fuzz_targets/$t.rs)"
    [[ -n "$(ls -A "$FUZZ/seeds/$t" 2>/dev/null)" ]] ||
        die "fuzz/seeds/$t/ is missing or empty: every target needs a seed set (fuzz/README.md)"
done

# Own target dir: instrumented builds share nothing with the normal ones.
export CARGO_TARGET_DIR="${FUZZ_TARGET_DIR:-$ROOT/target/fuzz}"

# The regressions of target `t`, copied into `dir` (libFuzzer reads folders, not single files).
add_regressions() {
    local t="$1" dir="$2" file
    for file in "$FUZZ/regressions/$t"-*; do
        [[ -e "$file" ]] && cp -n "$file" "$dir/"
    done
    return 0
}

# Runs libFuzzer command "$@" (its corpus folders and flags already in it) for target $t.
run_target() {
    local t="$1" log status
    shift
    mkdir -p "$FUZZ/artifacts/$t"
    log="$(mktemp)"
    # libFuzzer exits 0 when -max_total_time ends a clean run, non-zero on a crash, a leak, a
    # timeout or when it cannot start; its output goes to a log, of which the summary lines are
    # shown (all of it on failure).
    set +e
    "$@" -max_total_time="$SECONDS_PER_TARGET" -max_len=65536 -print_final_stats=1 \
        -artifact_prefix="$FUZZ/artifacts/$t/" >"$log" 2>&1
    status=$?
    set -e
    if [[ $status != 0 ]]; then
        cat "$log" >&2
    else
        grep -E 'stat::number_of_executed_units|stat::new_units_added|INITED|Done' "$log" >&2 || true
    fi
    rm -f "$log"
    if [[ -n "$(ls -A "$FUZZ/artifacts/$t" 2>/dev/null)" ]]; then
        die "$t found crashes: fuzz/artifacts/$t"
    fi
    [[ $status == 0 ]] || die "$t failed (libFuzzer exit status $status)"
}

if [[ $SMOKE == 1 ]]; then
    host="$(rustc -vV | sed -n 's/^host: //p')"
    # What `cargo fuzz build --dev --sanitizer none` passes (cargo-fuzz 0.13), through --target
    # so that build scripts and proc macros stay uninstrumented.
    export RUSTFLAGS="--cfg fuzzing -Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares -Cllvm-args=-sanitizer-coverage-stack-depth \
-Cdebug-assertions -Coverflow-checks"
    bin_args=()
    for t in "${targets[@]}"; do
        bin_args+=(--bin "$t")
    done
    echo "fuzz.sh: building ${targets[*]} (unoptimised, coverage-instrumented, no sanitizer)" >&2
    cargo build --quiet --manifest-path "$FUZZ/Cargo.toml" --target "$host" "${bin_args[@]}"
    bin_dir="$CARGO_TARGET_DIR/$host/debug"
    SCRATCH="$(mktemp -d)"
    trap 'rm -rf "$SCRATCH"' EXIT
    for t in "${targets[@]}"; do
        echo "fuzz.sh: $t: replay seeds and regressions, then fuzz ${SECONDS_PER_TARGET}s" >&2
        mkdir -p "$SCRATCH/$t"
        add_regressions "$t" "$SCRATCH/$t"
        # libFuzzer writes what it finds into the first folder (scratch) and reads the others.
        run_target "$t" "$bin_dir/$t" "$SCRATCH/$t" "$FUZZ/seeds/$t"
    done
else
    if ! cargo fuzz --version >/dev/null 2>&1; then
        echo "fuzz.sh: installing cargo-fuzz from crates.io" >&2
        cargo install --locked cargo-fuzz@0.13.2
    fi
    export RUSTC_BOOTSTRAP=1
    cd "$FUZZ"
    cargo fuzz build -O
    for t in "${targets[@]}"; do
        echo "fuzz.sh: $t for ${SECONDS_PER_TARGET}s" >&2
        # The evolved corpus starts as the seeds and regressions and keeps what runs add.
        mkdir -p "corpus/$t"
        cp -n "seeds/$t"/* "corpus/$t/"
        add_regressions "$t" "corpus/$t"
        run_target "$t" cargo fuzz run -O "$t" "corpus/$t" --
    done
fi
echo "fuzz.sh: ${#targets[@]} targets ran ${SECONDS_PER_TARGET}s each, no crash" >&2
