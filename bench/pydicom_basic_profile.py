#!/usr/bin/python3
"""pydicom_basic_profile.py -- the bench's pydicom baseline: the PS3.15 Basic Profile's removals over a folder.

Usage: /usr/bin/python3 bench/pydicom_basic_profile.py TABLE_TSV IN_DIR OUT_DIR

One process for the whole folder (like `dropbox deid`). For every file under IN_DIR (recursively) it reads the
file with pydicom, applies the Basic Profile column of PS3.15 Table E.1-1 (read from TABLE_TSV at run time,
attributes by tag) at every nesting level, removes all private elements, and writes OUT_DIR/<same relative
path>. A reasonable subset of the profile, written for speed comparison, NOT a de-identifier to rely on:

  X, X/Z, X/D, X/Z/D, X/Z/U*  delete the element
  Z, Z/D                      blank it (zero-length value)
  D                           a dummy value by VR (UI: the new-UID map)
  U                           a new UID (2.25.<uuid4>), one per original UID for the run, so references match
  private elements            deleted (creators too)

No verifier, no pseudonym store, no quarantine, no catch-alls by VR, no conformance markers: it is the cheap
thing dropbox is compared against. Prints "N files, M failed" on stderr.
"""
import os
import sys
import uuid

import pydicom
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence
from pydicom.tag import Tag

DUMMY_BY_VR = {
    "PN": "ANONYMOUS", "DA": "19000101", "TM": "000000.00", "DT": "19000101000000",
    "AS": "000Y", "CS": "ANON", "SH": "ANON", "LO": "ANON", "ST": "ANON", "LT": "ANON", "UT": "ANON",
    "UC": "ANON", "AE": "ANON", "DS": "0", "IS": "0", "UR": "http://example.invalid",
}


def load_rules(tsv_path):
    """tag (int) -> 'delete' | 'blank' | 'dummy' | 'uid' from the basic_profile column."""
    rules = {}
    with open(tsv_path, encoding="utf-8") as table:
        header = table.readline().rstrip("\n").split("\t")
        tag_col, code_col = header.index("tag"), header.index("basic_profile")
        for line in table:
            cells = line.rstrip("\n").split("\t")
            tag_text, code = cells[tag_col], cells[code_col]
            if not tag_text.startswith("(") or not code:
                continue
            group, element = tag_text.strip("()").split(",")
            try:
                tag = (int(group, 16) << 16) | int(element, 16)
            except ValueError:
                continue  # repeating-group patterns such as (50xx,xxxx): private/overlay data handled below
            if code.startswith("X"):
                rules[tag] = "delete"
            elif code.startswith("Z"):
                rules[tag] = "blank"
            elif code == "D":
                rules[tag] = "dummy"
            elif code == "U":
                rules[tag] = "uid"
    return rules


class Deidentifier:
    def __init__(self, rules):
        self.rules = rules
        self.uids = {}

    def new_uid(self, old):
        if old not in self.uids:
            self.uids[old] = "2.25.%d" % uuid.uuid4().int
        return self.uids[old]

    def clean(self, ds: Dataset):
        for elem in list(ds):
            tag = elem.tag
            if tag.is_private:
                del ds[tag]
                continue
            action = self.rules.get(int(tag))
            if action == "delete":
                del ds[tag]
                continue
            if action == "blank":
                elem.value = None if elem.VR != "SQ" else Sequence()
                continue
            if action == "uid" or (action == "dummy" and elem.VR == "UI"):
                if elem.value:
                    values = elem.value if elem.VM > 1 else [elem.value]
                    new = [self.new_uid(str(v)) for v in values]
                    elem.value = new if elem.VM > 1 else new[0]
                continue
            if action == "dummy":
                if elem.VR == "SQ":
                    elem.value = Sequence()
                elif elem.VR in DUMMY_BY_VR:
                    elem.value = DUMMY_BY_VR[elem.VR]
                else:
                    del ds[tag]
                continue
            if elem.VR == "SQ":
                for item in elem.value:
                    self.clean(item)

    def run_file(self, source, target):
        ds = pydicom.dcmread(source)
        self.clean(ds)
        meta = getattr(ds, "file_meta", None)
        if meta is not None and "SOPInstanceUID" in ds:
            meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
        ds.PatientIdentityRemoved = "YES"
        os.makedirs(os.path.dirname(target), exist_ok=True)
        ds.save_as(target)


def main():
    if len(sys.argv) != 4:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    table, in_dir, out_dir = sys.argv[1:]
    deid = Deidentifier(load_rules(table))
    done = failed = 0
    for folder, _, names in os.walk(in_dir):
        for name in sorted(names):
            source = os.path.join(folder, name)
            target = os.path.join(out_dir, os.path.relpath(source, in_dir))
            try:
                deid.run_file(source, target)
                done += 1
            except Exception as error:  # a benchmark baseline: count and go on
                failed += 1
                print("failed: %s: %s" % (os.path.relpath(source, in_dir), type(error).__name__), file=sys.stderr)
    print("%d files, %d failed" % (done, failed), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
