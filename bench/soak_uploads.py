#!/usr/bin/python3
"""The uploads of bench/soak.sh (Debian python3 + pydicom); soak_check.py checks what the daemon made of them.

  soak_uploads.py ROOT EXPECTED.json --uploads N --seed S --template F.dcm [--template G.dcm ...]

Every DICOM file dropped carries a unique marker at the start of its pixel data ("SOAK-MARK-000123."): the
daemon replaces names and UIDs but leaves pixel data alone (CleanPixelData off), so the marker is how a
de-identified file is recognised after decryption. Text uploads and text members carry a marker line too.

The mix, per upload (seeded): ~1 % each of the three that must be quarantined (a text file, a zip with a text
member beside its DICOM members, a truncated DICOM file; at least one of each), ~10 % zips of 2-6 DICOM files
(stored or deflated), the rest loose DICOM files; senders SITEA and SITEB at random. Dated a minute back; the
caller still waits out the quiet period (ctime cannot be set back). EXPECTED.json lists, per upload, the markers
that must be published and those that must be quarantined.
"""
import argparse
import io
import json
import os
import random
import re
import time
import zipfile

import pydicom
from pydicom.uid import generate_uid

SENDERS = ("SITEA", "SITEB")
MARK = re.compile(rb"SOAK-MARK-(\d{6})\.")
NOTE_LINES = 30   # longer than the intake sniffer's head, else a short unknown file waits as possibly partial


def marker(n):
    return b"SOAK-MARK-%06d." % n


class Maker:
    def __init__(self, templates, rng):
        self.templates = [pydicom.dcmread(t) for t in templates]
        self.rng = rng
        self.next_mark = 1

    def dicom(self):
        """(bytes, mark) of one DICOM file: a template with fresh UIDs and its marker in the pixel data."""
        ds = self.rng.choice(self.templates)
        mark = self.next_mark
        self.next_mark += 1
        pixels = bytearray(ds.PixelData)
        pixels[:17] = marker(mark)
        ds.PixelData = bytes(pixels)
        ds.SOPInstanceUID = generate_uid()
        ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
        out = io.BytesIO()
        ds.save_as(out, write_like_original=True)
        return out.getvalue(), mark

    def note(self):
        mark = self.next_mark
        self.next_mark += 1
        return (marker(mark) + b" a note, not DICOM\n") * NOTE_LINES, mark


def make(args):
    rng = random.Random(args.seed)
    maker = Maker(args.template, rng)
    n = args.uploads
    special = max(1, n // 100)
    kinds = ["text"] * special + ["zip-with-text"] * special + ["truncated"] * special
    kinds += ["zip"] * max(1, n // 10)
    kinds += ["dicom"] * (n - len(kinds))
    rng.shuffle(kinds)
    expected = []
    for i, kind in enumerate(kinds):
        sender = rng.choice(SENDERS)
        inbox = os.path.join(args.root, sender, "gpg")
        entry = {"upload": i, "sender": sender, "kind": kind, "published": [], "quarantined": []}
        if kind in ("dicom", "truncated"):
            data, mark = maker.dicom()
            if kind == "truncated":
                data = data[: len(data) - len(data) // 3]   # cut inside the pixel data, after the marker
                entry["quarantined"].append(mark)
            else:
                entry["published"].append(mark)
            name = "u%05d.dcm" % i
            write(os.path.join(inbox, name), data)
        elif kind == "text":
            data, mark = maker.note()
            entry["quarantined"].append(mark)
            name = "u%05d.txt" % i
            write(os.path.join(inbox, name), data)
        else:
            name = "u%05d.zip" % i
            method = rng.choice((zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED))
            with zipfile.ZipFile(os.path.join(inbox, name), "w", method) as z:
                members = rng.randint(2, 6)
                text_at = rng.randrange(members + 1) if kind == "zip-with-text" else -1
                for m in range(members + (1 if text_at >= 0 else 0)):
                    if m == text_at:
                        data, mark = maker.note()
                        z.writestr("series/readme-%d.txt" % m, data)
                        entry["quarantined"].append(mark)
                    else:
                        data, mark = maker.dicom()
                        z.writestr("series/IM%04d.dcm" % m, data)
                        entry["published"].append(mark)
        entry["name"] = name
        expected.append(entry)
    past = time.time() - 60
    for sender in SENDERS:
        inbox = os.path.join(args.root, sender, "gpg")
        for f in os.listdir(inbox):
            os.utime(os.path.join(inbox, f), (past, past))
    with open(args.expected, "w") as f:
        json.dump({"uploads": expected}, f, indent=1)
    counts = {k: kinds.count(k) for k in sorted(set(kinds))}
    files = sum(len(e["published"]) + len(e["quarantined"]) for e in expected)
    print("made %d uploads (%s), %d marked files" % (n, ", ".join("%s %d" % kv for kv in counts.items()), files))


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def marks_in(data):
    return [int(m) for m in MARK.findall(data)]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("root")
    p.add_argument("expected")
    p.add_argument("--uploads", type=int, default=300)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--template", action="append", required=True)
    make(p.parse_args())


if __name__ == "__main__":
    main()
