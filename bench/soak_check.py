#!/usr/bin/python3
"""The check of bench/soak.sh: what the daemon made of the uploads soak_uploads.py dropped (Debian python3 + pydicom).

  soak_check.py EXPECTED.json --root ROOT --journal journal.db --opened DIR [--allow-known-leftovers]

DIR holds DIR/<output name without .gpg> for every ciphertext, already decrypted by the caller (soak.sh, with the
TEST-ONLY private key). Prints one line per problem and exits 1 when there is any: a journal row per upload, each
Done or Quarantined; every file in club_house a journaled binary OpenPGP message; every marker (soak_uploads.py)
exactly once, published or quarantined as it must be, all files of an upload under one upload id; nothing left
outside the work area but ciphertexts and receipts, no upload folder left. The stray temp files a kill leaves that the
daemon sweeps only once they are a minute old (a receipt temp, a claim or quarantine folder holding only its
metadata temp) may still be young at the end of a soak: problems, or warnings with --allow-known-leftovers. A start-up probe left in an inbox is always a
problem (the next start removes it at once).
"""
import argparse
import io
import json
import os
import re
import sqlite3
import sys
import zipfile

import pydicom

sys.dont_write_bytecode = True   # no __pycache__ in the repo's bench folder
from soak_uploads import MARK, SENDERS  # noqa: E402

# The stray files a kill leaves that the daemon sweeps once they are a minute old (bench/README.md "SIGKILL soak");
# none holds DICOM. soak.sh looks for YOUNG to decide whether one more pass, a minute later, must clear them.
YOUNG = "young leftover of a kill (the daemon sweeps it once a minute old): "
RECEIPT_TEMP = re.compile(r"^\.u-[0-9]{14}-[0-9a-f]{8}\.txt\.[0-9a-f]{32}\.tmp$")
METADATA_TEMP = re.compile(r"^(claim|reason)\.json\.tmp-[0-9]+$")


def marks_in(data):
    return [int(m) for m in MARK.findall(data)]


class Checker:
    def __init__(self, args):
        self.args = args
        self.problems = []
        self.known_leftovers = []
        with open(args.expected) as f:
            self.expected = json.load(f)["uploads"]
        self.owner = {}   # mark -> (upload, "published" | "quarantined")
        for e in self.expected:
            for where in ("published", "quarantined"):
                for m in e[where]:
                    self.owner[m] = (e["upload"], where)
        self.seen = {m: [] for m in self.owner}   # mark -> where it was found

    def problem(self, text):
        self.problems.append(text)

    def journal(self):
        db = sqlite3.connect("file:%s?mode=ro" % self.args.journal, uri=True)
        rows = db.execute("SELECT id, sender, state, IFNULL(output_name,''), files_published, files_quarantined FROM uploads").fetchall()
        db.close()
        states = {}
        for r in rows:
            states[r[2]] = states.get(r[2], 0) + 1
        print("journal: %d rows: %s" % (len(rows), ", ".join("%s %d" % kv for kv in sorted(states.items()))))
        if len(rows) != len(self.expected):
            self.problem("journal has %d uploads, %d were dropped (a claim lost or doubled)" % (len(rows), len(self.expected)))
        for r in rows:
            if r[2] not in ("Done", "Quarantined"):
                self.problem("journal: upload %s is %s, not Done or Quarantined" % (r[0], r[2]))
        return rows

    def outboxes(self, rows):
        """Every file in club_house is a journaled ciphertext, each opened once; marks recorded by output."""
        club = os.path.join(self.args.root, "club_house")
        done = {(r[1], r[3]): r for r in rows if r[2] == "Done"}
        found = set()
        for folder, _, files in os.walk(club):
            for name in files:
                path = os.path.join(folder, name)
                with open(path, "rb") as f:
                    head = f.read(1)
                if not head or not head[0] & 0x80:
                    self.problem("club_house: %s is not an OpenPGP binary message (plaintext?)" % os.path.relpath(path, club))
                sender = os.path.basename(folder)[len("gpg-"):]
                if not name.endswith(".gpg") or (sender, name) not in done:
                    self.problem("club_house: %s is not a journaled output (temp or stray file)" % os.path.relpath(path, club))
                    continue
                found.add((sender, name))
                self.opened(done[(sender, name)], name[: -len(".gpg")])
        for key in sorted(set(done) - found):
            self.problem("journal says %s/%s was published, it is not in the outbox" % key)

    def opened(self, row, plain_name):
        plain = os.path.join(self.args.opened, plain_name)
        if not os.path.isfile(plain):
            self.problem("%s did not decrypt" % plain_name)
            return
        members = []
        if plain_name.endswith(".zip"):
            with zipfile.ZipFile(plain) as z:
                members = [z.read(i) for i in z.infolist() if not i.is_dir()]
            if len(members) != row[4]:
                self.problem("%s holds %d files, journal says %d" % (plain_name, len(members), row[4]))
        else:
            with open(plain, "rb") as f:
                members = [f.read()]
        for data in members:
            try:
                pydicom.dcmread(io.BytesIO(data)).PixelData
            except Exception as e:   # noqa: BLE001 - any failure to read is the finding
                self.problem("%s: a published file does not read as DICOM: %s" % (plain_name, type(e).__name__))
            marks = marks_in(data)
            if len(marks) != 1:
                self.problem("%s: a published file carries %d markers, not 1" % (plain_name, len(marks)))
            for m in marks:
                self.record(m, ("published", row[0]))

    def quarantine(self, rows):
        root = os.path.join(self.args.root, ".dropbox", "quarantine")
        ids = {r[0] for r in rows}
        items = 0
        for sender in sorted(os.listdir(root)) if os.path.isdir(root) else []:
            for item in sorted(os.listdir(os.path.join(root, sender))):
                folder = os.path.join(root, sender, item)
                inside = os.listdir(folder)
                if "reason.json" not in inside:
                    # Empty: killed between the item's mkdir and its reason (QuarantineStore.Put says so). Only the
                    # reason's temp file: killed inside its atomic write; the folder is skipped for good.
                    if inside and all(METADATA_TEMP.match(n) for n in inside):
                        self.known("a quarantine item folder holding only reason.json's temp file, never removed: %s" % item)
                    elif inside:
                        self.problem("quarantine item %s has no reason.json but holds %s" % (item, inside))
                    continue
                items += 1
                with open(os.path.join(folder, "reason.json")) as f:
                    reason = json.load(f)
                if reason.get("uploadId") not in ids:
                    self.problem("quarantine item %s names no journaled upload" % item)
                data = b""
                if os.path.isfile(os.path.join(folder, "item")):
                    with open(os.path.join(folder, "item"), "rb") as f:
                        data = f.read()
                else:
                    self.problem("quarantine item %s holds no file" % item)
                for m in set(marks_in(data)):
                    self.record(m, ("quarantined", reason.get("uploadId"), reason.get("code")))
        print("quarantine: %d items" % items)

    def record(self, mark, where):
        if mark not in self.seen:
            self.problem("marker %d found but never dropped" % mark)
            return
        self.seen[mark].append(where)

    def tally(self):
        lost = doubled = misplaced = 0
        uploads_by_output = {}
        for m, places in sorted(self.seen.items()):
            upload, meant = self.owner[m]
            if not places:
                lost += 1
                self.problem("upload %d: file %d is missing (expected %s)" % (upload, m, meant))
            elif len(places) > 1:
                doubled += 1
                self.problem("upload %d: file %d found %d times: %s" % (upload, m, len(places), places))
            elif places[0][0] != meant:
                misplaced += 1
                self.problem("upload %d: file %d is %s, expected %s" % (upload, m, places[0], meant))
            for p in places:
                uploads_by_output.setdefault(upload, set()).add(p[1])
        for upload, outputs in sorted(uploads_by_output.items()):
            if len(outputs) > 1:
                self.problem("upload %d: its files are under %d journal ids %s (claimed twice?)" % (upload, len(outputs), sorted(outputs)))
        print("files: %d dropped, %d missing, %d doubled, %d in the wrong place" % (len(self.seen), lost, doubled, misplaced))

    def leftovers(self):
        """Files left behind: outside the work area only club_house ciphertexts and receipts may remain."""
        root = self.args.root
        for folder, _, files in os.walk(root):
            rel = os.path.relpath(folder, root)
            if rel == ".dropbox" or rel.startswith(".dropbox" + os.sep) or rel == "club_house" or rel.startswith("club_house" + os.sep):
                continue
            for name in files:
                path = os.path.join(rel, name)
                if os.path.basename(folder) == "receipts" and name.endswith(".txt"):
                    continue
                if os.path.basename(folder) == "receipts" and RECEIPT_TEMP.match(name):
                    # ReceiptWriter's temp (random name): killed between its write and its rename; swept at a minute.
                    self.known("a receipt's temp file left in a sender's receipts folder: %s" % path)
                else:
                    self.problem("a file left outside the work area: %s" % path)
        uploads = os.path.join(root, ".dropbox", "uploads")
        for entry in sorted(os.listdir(uploads)) if os.path.isdir(uploads) else []:
            path = os.path.join(uploads, entry)
            inside = os.listdir(path) if os.path.isdir(path) else [entry]
            if os.path.isdir(path) and all(METADATA_TEMP.match(n) for n in inside):
                # Killed after the claim folder's mkdir, before or inside claim.json's atomic write (so before the
                # claim's rename): empty or only the temp (id, sender, times, size; no DICOM); swept once a minute old.
                self.known("an abandoned claim folder holding %s: %s" % (inside or "nothing", entry))
            else:
                self.problem("the work area still holds upload plaintext: %s %s" % (entry, inside))

    def known(self, text):
        (self.known_leftovers if self.args.allow_known_leftovers else self.problems).append(YOUNG + text)


def check(args):
    c = Checker(args)
    rows = c.journal()
    c.outboxes(rows)
    c.quarantine(rows)
    c.tally()
    c.leftovers()
    for p in c.problems[:40]:
        print("PROBLEM: " + p)
    if len(c.problems) > 40:
        print("PROBLEM: ... and %d more" % (len(c.problems) - 40))
    for k in c.known_leftovers:
        print("WARNING (--allow-known-leftovers): " + k)
    return 1 if c.problems else 0


def main():
    p = argparse.ArgumentParser()
    p.add_argument("expected")
    p.add_argument("--root", required=True)
    p.add_argument("--journal", required=True)
    p.add_argument("--opened", required=True)
    p.add_argument("--allow-known-leftovers", action="store_true")
    sys.exit(check(p.parse_args()))


if __name__ == "__main__":
    main()
