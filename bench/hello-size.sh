#!/usr/bin/env bash
# The size of the README's `hello` example binary (README.md, "Deploying"): built with the
# workspace's `release` profile (lto, codegen-units = 1, strip) and with `release-small` (the
# same plus opt-level "z"), as `cargo build` makes it for the machine it runs on.
#
#   bench/hello-size.sh
#
# Prints one line per profile: bytes and KB (1000 bytes). README figures come from this.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
target="$(cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
for profile in release release-small; do
    cargo build --quiet --profile "$profile" -p typed-lambda --example hello
    bytes="$(stat -c %s "$target/$profile/examples/hello")"
    printf '%-14s %9d bytes  %5d KB\n' "$profile" "$bytes" $(((bytes + 500) / 1000))
done
