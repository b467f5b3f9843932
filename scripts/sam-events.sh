#!/usr/bin/env bash
# Regenerates tests/fixtures/corpus/sam/: every template of `sam local generate-event` of a pinned
# AWS SAM CLI (PyPI `aws-sam-cli`), rendered with its default values, one file per
# service/template (`<service>__<template>.json`). Installs SAM into a throwaway venv (removed on
# exit) and records the version in tests/fixtures/corpus/sam/SAM_VERSION. Tests never run this:
# the generated files are committed.
#
# usage: scripts/sam-events.sh [python3]
set -euo pipefail

SAM_VERSION="1.170.0"
PYTHON="${1:-python3}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/tests/fixtures/corpus/sam"

VENV="$(mktemp -d)"
trap 'rm -rf "$VENV"' EXIT
"$PYTHON" -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check "aws-sam-cli==$SAM_VERSION"
SAM="$VENV/bin/sam"
got="$("$SAM" --version)"
case "$got" in
  *"$SAM_VERSION"*) ;;
  *) echo "expected SAM CLI $SAM_VERSION, got: $got" >&2; exit 1 ;;
esac

# the service/template list is SAM's own event-mapping.json
MAPPING="$("$VENV/bin/python" - <<'PY'
import json, os, samcli
path = os.path.join(os.path.dirname(samcli.__file__), "lib", "generated_sample_events", "event-mapping.json")
for service, templates in json.load(open(path)).items():
    for template in templates:
        print(service, template)
PY
)"

rm -rf "$OUT"
mkdir -p "$OUT"
count=0
while read -r service template; do
  # SAM prints the rendered template; normalise nothing: the bytes are what users get
  SAM_CLI_TELEMETRY=0 "$SAM" local generate-event "$service" "$template" > "$OUT/${service}__${template}.json"
  count=$((count + 1))
done <<< "$MAPPING"

# SAM's licence travels with the files it generated
"$VENV/bin/python" - "$OUT" <<'PY'
import glob, os, shutil, sys
import samcli
site = os.path.dirname(os.path.dirname(samcli.__file__))
for name in ("LICENSE", "NOTICE"):
    (path,) = glob.glob(os.path.join(site, "aws_sam_cli-*.dist-info", "licenses", name))
    shutil.copy(path, os.path.join(sys.argv[1], name))
PY

{
  echo "aws-sam-cli $SAM_VERSION (PyPI), sam local generate-event <service> <template> with default values"
  echo "templates: $count"
} > "$OUT/SAM_VERSION"
echo "wrote $count templates to $OUT"
