#!/usr/bin/env bash
# Runs every fuzz target of fuzz/ (cargo-fuzz, libFuzzer) for a while each.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]    default: 600 s, every target
#   scripts/fuzz.sh --smoke [TARGET...]                 CI: 10 s each, quick unoptimised build
#
# A real run builds optimised with AddressSanitizer (`cargo fuzz build -O`, ~15 min on 2 cores).
# `--smoke` builds unoptimised without a sanitizer (~1 min): each target replays its whole
# corpus on the current code (which takes longer than the 10 s) and then fuzzes briefly.
#
# The corpus of interesting inputs lives in fuzz/corpus/<target>/ and grows with each run
# (commit what it finds; a smoke run keeps its finds in a scratch folder, so CI leaves the tree
# clean). A crash leaves its input in fuzz/artifacts/<target>/: turn it into a regression test,
# fix, and run again. The machine's Rust is stable: RUSTC_BOOTSTRAP=1 lets
# cargo-fuzz pass the sanitizer flags it needs. cargo-fuzz itself is installed from crates.io
# when missing. CI runs `scripts/fuzz.sh --smoke`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"
BUILD_FLAGS=(-O)
SMOKE=0
if [[ "${1:-}" == "--smoke" ]]; then
    SMOKE=1
    BUILD_FLAGS=(--dev --sanitizer none)
    set -- 10 "${@:2}"
    SCRATCH="$(mktemp -d)"
    trap 'rm -rf "$SCRATCH"' EXIT
fi
SECONDS_PER_TARGET="${1:-600}"
shift || true

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "fuzz.sh: installing cargo-fuzz from crates.io" >&2
    cargo install --locked cargo-fuzz@0.13.2
fi
export RUSTC_BOOTSTRAP=1
# Own target dir: sanitizer builds share nothing with the normal ones.
export CARGO_TARGET_DIR="${FUZZ_TARGET_DIR:-$ROOT/target/fuzz}"

cd fuzz
targets=("$@")
if [[ ${#targets[@]} == 0 ]]; then
    mapfile -t targets < <(cargo fuzz list)
fi
cargo fuzz build "${BUILD_FLAGS[@]}"
for t in "${targets[@]}"; do
    echo "fuzz.sh: $t for ${SECONDS_PER_TARGET}s" >&2
    mkdir -p "corpus/$t"
    # libFuzzer writes what it finds into the first corpus folder: the kept corpus on a real run,
    # a scratch folder on a smoke run (which reads the kept corpus, so CI leaves the tree clean).
    corpora=("corpus/$t")
    if [[ $SMOKE == 1 ]]; then
        corpora=("$SCRATCH/$t" "corpus/$t")
        mkdir -p "$SCRATCH/$t"
    fi
    # libFuzzer exits 0 when -max_total_time ends a clean run, non-zero on a crash, a leak, a
    # timeout or when it cannot start (a bad flag, a build that does not run); grep only filters
    # the output and may find nothing to print, so the run's own status decides.
    set +e
    cargo fuzz run "${BUILD_FLAGS[@]}" "$t" "${corpora[@]}" -- -max_total_time="$SECONDS_PER_TARGET" -max_len=65536 \
        -print_final_stats=1 2>&1 | grep -E 'stat::|Done|ERROR|panicked|SUMMARY|crash'
    status=${PIPESTATUS[0]}
    set -e
    if [[ -n "$(ls -A "artifacts/$t" 2>/dev/null)" ]]; then
        echo "fuzz.sh: $t found crashes: fuzz/artifacts/$t" >&2
        exit 1
    fi
    if [[ $status != 0 ]]; then
        echo "fuzz.sh: cargo fuzz run $t failed (exit status $status)" >&2
        exit "$status"
    fi
done
echo "fuzz.sh: ${#targets[@]} targets ran ${SECONDS_PER_TARGET}s each, no crash" >&2
