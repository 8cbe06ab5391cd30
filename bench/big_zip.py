#!/usr/bin/python3
"""Stored zips of DICOM for bench/big-zip-rss.sh (Debian python3 + pydicom + numpy).

  big_zip.py make  OUT.zip --mb 2048 --kind small --template F.dcm [--template G.dcm ...]
  big_zip.py make  OUT.zip --mb 2048 --kind large
  big_zip.py count ZIP     prints "<members> <distinct markers>" of a (decrypted) zip

small: members copied from the templates (make-scale-set MR ~130 kB, CT ~520 kB) until the size is reached;
       each stays under the daemon's 64 MiB in-memory limit, so the upload takes the streamed path.
large: multi-frame MR members of ~96 MiB (512x512x16 bit frames, invented values), each over that limit, so
       the upload takes the unpack-to-disk path.
Every member carries a unique marker at the start of its pixel data ("BIGZ-MARK-000123."), so `count` can tell
that each member arrived once. Members are written one at a time; memory stays at one member."""
import argparse
import io
import re
import struct
import sys
import zipfile

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

MARK = re.compile(rb"BIGZ-MARK-(\d{6})\.")
LARGE_MB = 96


def marker(n):
    return b"BIGZ-MARK-%06d." % n


def small_templates(paths):
    """(bytes, offset of the pixel data's value) of each template, Explicit VR Little Endian (OW, 4-byte length)."""
    out = []
    for p in paths:
        with open(p, "rb") as f:
            data = f.read()
        tag = data.rfind(b"\xe0\x7f\x10\x00OW\x00\x00")
        if tag < 0:
            sys.exit("big_zip: %s has no Explicit VR OW Pixel Data" % p)
        out.append((bytearray(data), tag + 12))
    return out


def large_header(frames):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.4"
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.SOPClassUID, ds.SOPInstanceUID = meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID
    ds.Modality = "MR"
    ds.PatientName, ds.PatientID = "Bench^Invented", "BENCH-0001"
    ds.StudyInstanceUID, ds.SeriesInstanceUID = generate_uid(), generate_uid()
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.Rows, ds.Columns, ds.NumberOfFrames = 512, 512, str(frames)
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 0
    buf = io.BytesIO()
    ds.save_as(buf, write_like_original=False)
    return buf.getvalue()


def make(args):
    target = args.mb * 1024 * 1024
    written = members = 0
    with zipfile.ZipFile(args.out, "w", zipfile.ZIP_STORED, allowZip64=True) as z:
        if args.kind == "small":
            templates = small_templates(args.template)
            while written < target:
                data, at = templates[members % len(templates)]
                data[at:at + 17] = marker(members + 1)
                z.writestr("series/IM%06d.dcm" % members, bytes(data))
                written += len(data)
                members += 1
        else:
            frame_bytes = 512 * 512 * 2
            frames = LARGE_MB * 1024 * 1024 // frame_bytes
            ramp = (np.arange(512 * 512, dtype=np.uint32) % 4096).astype("<u2").tobytes()
            while written < target:
                with z.open("series/MF%04d.dcm" % members, "w", force_zip64=True) as m:
                    m.write(large_header(frames))
                    m.write(struct.pack("<HH2sHI", 0x7FE0, 0x0010, b"OW", 0, frames * frame_bytes))
                    m.write(marker(members + 1) + ramp[17:])
                    for _ in range(frames - 1):
                        m.write(ramp)
                written += frames * frame_bytes
                members += 1
    print(members)


def count(args):
    members = 0
    marks = set()
    with zipfile.ZipFile(args.zip) as z:
        for info in z.infolist():
            if info.is_dir():
                continue
            members += 1
            with z.open(info) as m:
                head = m.read(64 * 1024 if info.file_size < 64 * 1024 * 1024 else 4 * 1024 * 1024)
            found = MARK.findall(head)
            if not found and info.file_size < 64 * 1024 * 1024:
                found = MARK.findall(z.read(info))
            marks.update(found)
    print(members, len(marks))


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="command", required=True)
    m = sub.add_parser("make")
    m.add_argument("out")
    m.add_argument("--mb", type=int, default=2048)
    m.add_argument("--kind", choices=("small", "large"), default="small")
    m.add_argument("--template", action="append", default=[])
    c = sub.add_parser("count")
    c.add_argument("zip")
    args = p.parse_args()
    make(args) if args.command == "make" else count(args)


if __name__ == "__main__":
    main()
