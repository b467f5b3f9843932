#!/usr/bin/env python3
"""Picks a small seed set for one fuzz target out of a larger corpus (fuzz/README.md, "Seeds").

    scripts/fuzz-seeds.py BINARY CORPUS_DIR... --out fuzz/seeds/TARGET [--max 40]

BINARY is the target built by `scripts/fuzz.sh --smoke` (target/fuzz/<host>/debug/TARGET).
libFuzzer's merge pass records, for every input, the code it covers (COV: instrumented
edges) and its finer features (FT: edges with hit counts, compared values); the seed set is
then chosen greedily: each step takes the input that adds the most edges not yet covered, then,
once no input adds an edge, the most new features (the smaller input on a tie), until --max
inputs or nothing new. The chosen files are copied to --out under their content hash (as
libFuzzer names them); --out is emptied first. Prints how much of the corpus's edges and
features the seeds keep.
"""

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile


def features(binary, corpora):
    """{path: (size, edges, features)} for every input of the corpora, read off libFuzzer."""
    with tempfile.TemporaryDirectory() as tmp:
        control = os.path.join(tmp, "control")
        out = os.path.join(tmp, "out")
        os.mkdir(out)
        subprocess.run(
            [binary, "-merge=1", f"-merge_control_file={control}", out, *corpora],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        with open(control) as f:
            lines = f.read().splitlines()
    count = int(lines[0])
    paths = lines[2 : 2 + count]
    result = {}
    current = None
    for line in lines[2 + count :]:
        words = line.split()
        if words[0] == "STARTED":
            current = int(words[1])
            result[paths[current]] = (int(words[2]), set(), set())
        elif words[0] == "COV" and current is not None:
            result[paths[int(words[1])]][1].update(int(w) for w in words[2:])
        elif words[0] == "FT" and current is not None:
            result[paths[int(words[1])]][2].update(int(w) for w in words[2:])
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary")
    parser.add_argument("corpora", nargs="+")
    parser.add_argument("--out", required=True)
    parser.add_argument("--max", type=int, default=40)
    args = parser.parse_args()

    inputs = features(args.binary, args.corpora)
    all_edges = set().union(*(e for _, e, _ in inputs.values()))
    all_features = set().union(*(f for _, _, f in inputs.values()))
    edges, feats, chosen = set(), set(), []
    while len(chosen) < args.max and inputs:
        path, (_, e, f) = max(
            inputs.items(),
            key=lambda item: (len(item[1][1] - edges), len(item[1][2] - feats), -item[1][0]),
        )
        if not (e - edges or f - feats):
            break
        chosen.append(path)
        edges |= e
        feats |= f
        del inputs[path]

    # Read first: --out may be one of the corpora.
    contents = []
    for path in chosen:
        with open(path, "rb") as f:
            contents.append(f.read())
    shutil.rmtree(args.out, ignore_errors=True)
    os.makedirs(args.out)
    for data in contents:
        with open(os.path.join(args.out, hashlib.sha1(data).hexdigest()), "wb") as f:
            f.write(data)

    def share(part, whole):
        return f"{len(part)} of {len(whole)} ({100 * len(part) / max(len(whole), 1):.0f}%)"

    print(
        f"{args.out}: {len(chosen)} of {len(chosen) + len(inputs)} inputs keep"
        f" {share(edges, all_edges)} edges, {share(feats, all_features)} features",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
