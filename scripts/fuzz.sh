#!/usr/bin/env bash
# Runs every fuzz target of fuzz/ (cargo-fuzz, libFuzzer) for a while each.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]    default: 600 s, every target
#
# The corpus of interesting inputs lives in fuzz/corpus/<target>/ and grows with each run
# (commit what it finds). A crash leaves its input in fuzz/artifacts/<target>/: turn it into a
# regression test, fix, and run again. The machine's Rust is stable: RUSTC_BOOTSTRAP=1 lets
# cargo-fuzz pass the sanitizer flags it needs. cargo-fuzz itself is installed from crates.io
# when missing. CI runs `scripts/fuzz.sh 10` (a smoke run: builds and exercises every target).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"
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
cargo fuzz build -O
for t in "${targets[@]}"; do
    echo "fuzz.sh: $t for ${SECONDS_PER_TARGET}s" >&2
    mkdir -p "corpus/$t"
    cargo fuzz run -O "$t" "corpus/$t" -- -max_total_time="$SECONDS_PER_TARGET" -max_len=65536 \
        -print_final_stats=1 2>&1 | grep -E 'stat::|Done|ERROR|panicked|SUMMARY|crash' || true
    if [[ -n "$(ls -A "artifacts/$t" 2>/dev/null)" ]]; then
        echo "fuzz.sh: $t found crashes: fuzz/artifacts/$t" >&2
        exit 1
    fi
done
echo "fuzz.sh: ${#targets[@]} targets ran ${SECONDS_PER_TARGET}s each, no crash" >&2
