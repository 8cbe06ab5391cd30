#!/usr/bin/python3
"""mutate.py -- seeded, reproducible mutants of the DICOM corpus (standard library only).

  mutate.py --corpus DIR --seed S --count N --out DIR      writes N mutants + mutants.jsonl
  mutate.py --corpus DIR --replay s7-00042 --out DIR       regenerates that one mutant, byte-identical

Mutant i of seed S depends on nothing but (S, i) and the corpus bytes: its own random generator is seeded with
"S:i", which picks the source file, the mutation kind and the mutation's details. So a mutant can be replayed
alone by its id, and the same seed always gives byte-identical mutants. The file name carries the id, the kind
and the source file: s7-00042-len-grow-synthetic~syn01_ct_phi_many_attrs_latin1_evrle.dcm
"""
import argparse
import hashlib
import json
import os
import random
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dicom_walk  # noqa: E402
import mutations  # noqa: E402

SYNTHETIC_SHARE = 0.6  # planted values live only in synthetic/: most mutants come from there
DEFLATE_BOOST = 4      # deflated sources are rare; their own kinds get this weight there


class Corpus:
    """The catalogued files, grouped so a 20-file series counts as one choice among the synthetic sources."""

    def __init__(self, root):
        self.root = root
        with open(os.path.join(root, "catalog.json"), encoding="utf-8") as f:
            paths = sorted(e["path"] for e in json.load(f)["files"])
        self.real = [p for p in paths if p.startswith("real/")]
        units = {}
        for p in paths:
            if p.startswith("synthetic/"):
                parts = p.split("/")
                units.setdefault("/".join(parts[:2]), []).append(p)
        self.synthetic_units = [units[k] for k in sorted(units)]
        self._bytes = {}

    def pick(self, rng):
        if rng.random() < SYNTHETIC_SHARE or not self.real:
            return rng.choice(rng.choice(self.synthetic_units))
        return rng.choice(self.real)

    def read(self, rel):
        if rel not in self._bytes:
            with open(os.path.join(self.root, rel), "rb") as f:
                self._bytes[rel] = f.read()
        return self._bytes[rel]


def mutant_id(seed, index):
    return "s%d-%05d" % (seed, index)


def parse_id(text):
    m = re.match(r"^s(\d+)-(\d+)", os.path.basename(text))
    if not m:
        sys.exit("mutate.py: not a mutant id: %r (expected s<seed>-<index>, e.g. s7-00042)" % text)
    return int(m.group(1)), int(m.group(2))


def make(corpus, seed, index):
    """-> dict(id, name, source, kind, detail) and the mutant's bytes."""
    rng = random.Random("%d:%d" % (seed, index))
    source = corpus.pick(rng)
    raw = corpus.read(source)
    parsed = dicom_walk.parse(raw)
    kinds = sorted(mutations.KINDS)
    weights = [DEFLATE_BOOST if k.startswith("deflate") and parsed.deflated_prefix is not None else 1 for k in kinds]
    while kinds:
        kind = rng.choices(kinds, weights)[0]
        try:
            result = mutations.KINDS[kind](rng, parsed, raw)
        except (IndexError, ValueError, OverflowError):  # a mutator's own limit on a broken file: next kind
            result = None
        if result is not None and result[0] != raw:
            data, detail = result
            slug = source.replace("/", "~")
            mid = mutant_id(seed, index)
            return {"id": mid, "name": "%s-%s-%s" % (mid, kind, slug), "source": source, "kind": kind,
                    "detail": detail, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}, data
        i = kinds.index(kind)
        del kinds[i], weights[i]
    raise RuntimeError("no mutation applies to %s" % source)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--corpus", required=True, help="the dicom-corpus folder (holds catalog.json)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=300)
    ap.add_argument("--first", type=int, default=0, help="index of the first mutant (default 0)")
    ap.add_argument("--replay", help="regenerate only this mutant id (s<seed>-<index>); --seed/--count ignored")
    a = ap.parse_args()
    corpus = Corpus(a.corpus)
    os.makedirs(a.out, exist_ok=True)
    if a.replay:
        wanted = [parse_id(a.replay)]
    else:
        wanted = [(a.seed, i) for i in range(a.first, a.first + a.count)]
    with open(os.path.join(a.out, "mutants.jsonl"), "a", encoding="utf-8") as log:
        for seed, index in wanted:
            info, data = make(corpus, seed, index)
            with open(os.path.join(a.out, info["name"]), "wb") as f:
                f.write(data)
            log.write(json.dumps(info) + "\n")
            if a.replay:
                print(os.path.join(a.out, info["name"]))
                print("%s: %s from %s: %s" % (info["id"], info["kind"], info["source"], info["detail"]))


if __name__ == "__main__":
    main()
