#!/usr/bin/python3
"""Synthetic DICOM images with burned-in text, for the pixel-cleaning and OCR tests (issue 12, item 7).

Usage: burned_in.py OUTDIR [--case NAME ...] [--cine FRAMES]

Writes, into OUTDIR, one DICOM file per case (CASE.dcm), the 8-bit rendering of each frame that the text was
drawn on (CASE.fN.pgm / .ppm: what a reader of the decoded frame should see) and manifest.json: per case the
file, its header's identifying values, its device (Manufacturer, Model, Rows, Columns, so a rule can match it),
the device band's rectangle, and every planted word with its frame, box (x, y, width, height), font size, kind
(name, id, date, other) and whether it lies in the band. --cine FRAMES writes only the bench's cine instead:
one 640x480 grey ultrasound file of FRAMES frames.

Every value is invented (no real person): names from a fixed list of made-up names, IDs and dates from a seeded
random generator, so a run makes the same files every time. Needs Pillow, the DejaVu fonts and pydicom (Debian
python3-pil, fonts-dejavu-core, python3-pydicom); JPEG cases need dcmtk's dcmcjpeg.
"""
import json
import os
import random
import subprocess
import sys

import numpy as np
import pydicom
from PIL import Image, ImageDraw, ImageFont
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
US_CLASS = "1.2.840.10008.5.1.4.1.1.6.1"          # Ultrasound Image Storage
US_MULTI_CLASS = "1.2.840.10008.5.1.4.1.1.3.1"    # Ultrasound Multi-frame Image Storage
SC_CLASS = "1.2.840.10008.5.1.4.1.1.7"            # Secondary Capture Image Storage

# Made-up people: family, given.
PEOPLE = [("QUIMBY", "MARJORIE"), ("FROBISHER", "ALVARO"), ("WINTERBOTTOM", "HESTIA"), ("KALLENBERG", "ODALYS"),
          ("PETTIGREW", "ROSCOE"), ("MCALLISTAIR", "EULALIE"), ("VANTONGEREN", "BRISEIS"), ("OKONKWOVA", "TERPSIE")]

# The word that tells a multi-frame file's frames apart (words read more reliably than two-digit numbers).
VIEWS = ["ALPHA", "BRAVO", "CHARLIE", "DELTA", "ECHO", "FOXTROT", "GOLF", "HOTEL", "INDIA", "JULIETT"]

# Case: name, sop class, modality, rows, cols, frames, photometric, bits, jpeg, font px, device (manufacturer,
# model, band height) or None (a layout no rule knows: the identifiers stand mid-frame).
CASES = [
    ("us-grey-band", US_CLASS, "US", 480, 640, 1, "MONOCHROME2", 8, False, 15, ("SYNTHETIC SONICS", "SynthoScan 3000", 40)),
    ("us-rgb-band", US_CLASS, "US", 480, 640, 1, "RGB", 8, False, 15, ("SYNTHETIC SONICS", "SynthoScan 3000", 40)),
    ("us-rgb-planar-band", US_CLASS, "US", 480, 640, 1, "RGB-PLANAR", 8, False, 15, ("SYNTHETIC SONICS", "SynthoScan 3000", 40)),
    ("us-ybr-band", US_CLASS, "US", 480, 640, 1, "YBR_FULL", 8, False, 15, ("SYNTHETIC SONICS", "SynthoScan 3000", 40)),
    ("us-grey-small-font", US_CLASS, "US", 480, 640, 1, "MONOCHROME2", 8, False, 11, ("SYNTHETIC SONICS", "SynthoScan 1000", 30)),
    ("us-grey-tiny-font", US_CLASS, "US", 480, 640, 1, "MONOCHROME2", 8, False, 9, ("SYNTHETIC SONICS", "SynthoScan 900", 24)),
    ("us-grey-large-font", US_CLASS, "US", 600, 1024, 1, "MONOCHROME2", 8, False, 28, ("SYNTHETIC SONICS", "SynthoScan 5000", 70)),
    ("us-grey-cine", US_MULTI_CLASS, "US", 480, 640, 4, "MONOCHROME2", 8, False, 15, ("SYNTHETIC SONICS", "SynthoScan 3000", 40)),
    ("us-rgb-cine", US_MULTI_CLASS, "US", 480, 640, 3, "RGB", 8, False, 15, ("SYNTHETIC SONICS", "SynthoScan 3000", 40)),
    ("us-grey-jpeg", US_CLASS, "US", 480, 640, 1, "MONOCHROME2", 8, True, 15, ("SYNTHETIC SONICS", "SynthoScan 3000", 40)),
    ("us-rgb-jpeg", US_CLASS, "US", 480, 640, 1, "RGB", 8, True, 15, ("SYNTHETIC SONICS", "SynthoScan 3000", 40)),
    ("sc-grey16", SC_CLASS, "OT", 512, 512, 1, "MONOCHROME2", 16, False, 15, ("PIXEL FORGE", "CaptureBox 2", 36)),
    ("sc-no-rule", SC_CLASS, "OT", 480, 640, 1, "MONOCHROME2", 8, False, 15, None),
]


def identity(index, rng):
    family, given = PEOPLE[index % len(PEOPLE)]
    birth = (rng.randint(1930, 2005), rng.randint(1, 12), rng.randint(1, 28))
    study = (rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 28))
    return {
        "PatientName": f"{family}^{given}",
        "PatientID": f"MRN{rng.randint(1000000, 9999999)}",
        "PatientBirthDate": "%04d%02d%02d" % birth,
        "StudyDate": "%04d%02d%02d" % study,
        "AccessionNumber": f"ACC{rng.randint(100000, 999999)}",
        "InstitutionName": "Fictional Lakeside Clinic",
        "ReferringPhysicianName": "PLUMTREE^OSWIN",
        "_family": family, "_given": given,
        "_study_dmy": "%02d/%02d/%04d" % (study[2], study[1], study[0]),
        "_birth_iso": "%04d-%02d-%02d" % birth,
    }


def bottom_line(rows, px):
    """The top of the device's bottom text line, clear of the speckle sector above it."""
    return rows - 2 * px - 4


class Canvas:
    """An 8-bit grey or RGB frame with words drawn one by one, each word's box recorded."""

    def __init__(self, cols, rows, rgb, rng, px, speckle):
        self.image = Image.new("RGB" if rgb else "L", (cols, rows), 0)
        self.draw = ImageDraw.Draw(self.image)
        self.rgb = rgb
        self.words = []
        if speckle:
            self._speckle(rng, px)

    def _speckle(self, rng, px):
        # An ultrasound-like sector of speckle below the band, never brighter than 110 so text stays readable.
        cols, rows = self.image.size
        noise = Image.fromarray(np.random.default_rng(rng.randint(0, 2**31)).integers(0, 110, (rows, cols), dtype=np.uint8))
        mask = Image.new("L", (cols, rows), 0)
        top = (cols // 2, rows // 8 + 20)
        bottom = bottom_line(rows, px) - px // 2
        ImageDraw.Draw(mask).polygon([top, (cols // 8, bottom), (cols * 7 // 8, bottom)], fill=255)
        self.image.paste(noise.convert(self.image.mode), (0, 0), mask)

    def line(self, x, y, items, px, in_band, frame=None):
        font = ImageFont.truetype(FONT, px)
        space = self.draw.textlength(" ", font=font)
        for text, kind in items:
            left, top, right, bottom = self.draw.textbbox((x, y), text, font=font)
            self.draw.text((x, y), text, fill=(255, 255, 255) if self.rgb else 255, font=font)
            self.words.append({"text": text, "kind": kind, "frame": frame, "font_px": px, "in_band": in_band,
                               "box": [int(left), int(top), int(right - left), int(bottom - top)]})
            x = right + 2 * space
        return x


def render_frames(case, ident, rng):
    name, _, modality, rows, cols, frames, photometric, _, _, px, device = case
    rgb = photometric != "MONOCHROME2"
    images, words = [], []
    for f in range(frames):
        # Ultrasound gets a speckle sector; a screen capture a flat background. Text drawn over speckle is often
        # not read at all (measured: 15 px words inside the sector), so no planted word overlaps the sector.
        canvas = Canvas(cols, rows, rgb, rng, px, speckle=modality == "US")
        if device is not None:
            band = device[2]
            y = (band - px * 1.2) / 2
            x = canvas.line(8, y, [(ident["_family"] + ",", "name"), (ident["_given"], "name"),
                                   (ident["PatientID"], "id"), (ident["_study_dmy"], "date")], px, True)
            canvas.line(x + px, y, [("SYNTHETIC", "other"), ("C5-1", "other")], px, True)
            # Device text outside the band (not identifying) and, on every frame, a label a sonographer typed.
            canvas.line(10, bottom_line(rows, px), [("Gain", "other"), ("45dB", "other"), ("Depth", "other"), ("16cm", "other")], px, False)
            canvas.line(cols * 2 // 3, bottom_line(rows, px), [("LIVER", "other"), ("LONG", "other")], px, False)
        else:
            # No device layout: the identifiers stand in the middle of the frame, where only OCR finds them.
            canvas.line(cols // 6, rows // 2, [(ident["_given"], "name"), (ident["_family"], "name")], px, False)
            canvas.line(cols // 6, rows // 2 + 2 * px, [("DOB", "other"), (ident["_birth_iso"], "date"), (ident["PatientID"], "id")], px, False)
            canvas.line(cols // 6, rows - 3 * px, [("Report", "other"), ("page", "other")], px, False)
        if frames > 1:
            # Top right under the band, clear of the sector: a word different on every frame (cycling past ten).
            canvas.line(cols - 8 * px, (device[2] if device else 0) + px // 2, [("View", "other"), (VIEWS[f % len(VIEWS)], "other")], px, False, frame=f)
        for word in canvas.words:
            word["frame"] = f
        images.append(canvas.image)
        words.extend(canvas.words)
    return images, words


def pixel_bytes(images, photometric, bits):
    if photometric == "MONOCHROME2" and bits == 16:
        # 12 stored bits: the 8-bit rendering scaled to 0..4095.
        return b"".join((np.asarray(im, dtype=np.uint16) * 16).astype("<u2").tobytes() for im in images)
    if photometric == "YBR_FULL":
        return b"".join(np.asarray(im.convert("YCbCr")).tobytes() for im in images)
    if photometric == "RGB-PLANAR":
        return b"".join(np.asarray(im).transpose(2, 0, 1).tobytes() for im in images)
    return b"".join(np.asarray(im).tobytes() for im in images)


def dataset(case, ident, images, index):
    name, sop_class, modality, rows, cols, frames, photometric, bits, _, _, device = case
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = generate_uid(entropy_srcs=[name, "sop"])
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.SOPClassUID, ds.SOPInstanceUID = sop_class, meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID = generate_uid(entropy_srcs=[name, "study"])
    ds.SeriesInstanceUID = generate_uid(entropy_srcs=[name, "series"])
    ds.Modality = modality
    ds.ImageType = ["ORIGINAL", "PRIMARY"]
    for key in ("PatientName", "PatientID", "PatientBirthDate", "StudyDate", "AccessionNumber", "InstitutionName", "ReferringPhysicianName"):
        setattr(ds, key, ident[key])
    ds.PatientSex = "O"
    ds.StudyTime, ds.StudyID, ds.SeriesNumber, ds.InstanceNumber = "101500", "1", "1", "1"
    ds.Manufacturer = device[0] if device else "GENERIC CAPTURE"
    ds.ManufacturerModelName = device[1] if device else "Frame Grabber"
    ds.BurnedInAnnotation = "YES"
    ds.Rows, ds.Columns = rows, cols
    ds.SamplesPerPixel = 1 if photometric == "MONOCHROME2" else 3
    ds.PhotometricInterpretation = "RGB" if photometric == "RGB-PLANAR" else photometric
    if ds.SamplesPerPixel == 3:
        ds.PlanarConfiguration = 1 if photometric == "RGB-PLANAR" else 0
    ds.BitsAllocated = bits
    ds.BitsStored = 12 if bits == 16 else 8
    ds.HighBit = ds.BitsStored - 1
    ds.PixelRepresentation = 0
    if frames > 1:
        ds.NumberOfFrames = frames
        ds.FrameIncrementPointer = (0x0018, 0x1063)
        ds.FrameTime = "33.3"
    ds.PixelData = pixel_bytes(images, photometric, bits)
    return ds


def write_case(out, case, index):
    rng = random.Random(f"burned-in-{case[0]}")
    ident = identity(index, rng)
    images, words = render_frames(case, ident, rng)
    path = os.path.join(out, case[0] + ".dcm")
    ds = dataset(case, ident, images, index)
    if case[8]:
        native = path + ".native"
        ds.save_as(native, write_like_original=False)
        subprocess.run(["dcmcjpeg", "+eb", native, path], check=True)
        os.remove(native)
    else:
        ds.save_as(path, write_like_original=False)
    renderings = []
    for f, image in enumerate(images):
        rendering = os.path.join(out, f"{case[0]}.f{f}.{'pgm' if image.mode == 'L' else 'ppm'}")
        image.save(rendering)
        renderings.append(os.path.basename(rendering))
    device = case[10]
    written = pydicom.dcmread(path, stop_before_pixels=True)
    return {
        "name": case[0], "file": os.path.basename(path), "frames": case[5], "rows": case[3], "columns": case[4],
        "transfer_syntax": str(written.file_meta.TransferSyntaxUID),
        "photometric": str(written.PhotometricInterpretation), "planar": int(getattr(written, "PlanarConfiguration", 0)),
        "bits_allocated": case[7], "jpeg_baseline": case[8], "font_px": case[9],
        "manufacturer": str(ds.Manufacturer), "model": str(ds.ManufacturerModelName),
        "band": [0, 0, case[4], device[2]] if device else None,
        "header": {k: v for k, v in ident.items() if not k.startswith("_")},
        "renderings": renderings, "words": words,
    }


def write_cine(out, frames):
    case = ("cine", US_MULTI_CLASS, "US", 480, 640, frames, "MONOCHROME2", 8, False, 15, ("SYNTHETIC SONICS", "SynthoScan 3000", 40))
    entry = write_case(out, case, 0)
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump({"cases": [entry]}, f, indent=1)


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(__doc__)
        return 2
    out = argv[1]
    os.makedirs(out, exist_ok=True)
    if "--cine" in argv:
        write_cine(out, int(argv[argv.index("--cine") + 1]))
        return 0
    wanted = [argv[i + 1] for i, a in enumerate(argv) if a == "--case"]
    unknown = set(wanted) - {c[0] for c in CASES}
    if unknown:
        print("unknown case(s): " + ", ".join(sorted(unknown)), file=sys.stderr)
        return 2
    entries = [write_case(out, case, i) for i, case in enumerate(CASES) if not wanted or case[0] in wanted]
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump({"cases": entries}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
