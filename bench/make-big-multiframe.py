#!/usr/bin/python3
"""make-big-multiframe.py OUT SIZE_MB -- a large multi-frame MR file for the peak-memory benchmark.

Writes the header with pydicom (invented values only), then appends Pixel Data (7FE0,0010) OW by streaming
512x512 16-bit frames (512 KiB each) in chunks, so neither this script nor the disk cache needs the whole
value in memory. Frame k is a ramp offset by k, so frames differ."""
import struct
import sys

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

out, size_mb = sys.argv[1], int(sys.argv[2])
rows = cols = 512
frame_bytes = rows * cols * 2
frames = max(1, size_mb * 1024 * 1024 // frame_bytes)

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
ds.Rows, ds.Columns, ds.NumberOfFrames = rows, cols, str(frames)
ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 0
ds.save_as(out, write_like_original=False)

ramp = (np.arange(rows * cols, dtype=np.uint32) % 4096).astype("<u2")
with open(out, "ab") as f:
    f.write(struct.pack("<HH2sHI", 0x7FE0, 0x0010, b"OW", 0, frames * frame_bytes))
    for k in range(frames):
        f.write(((ramp + k) % 4096).astype("<u2").tobytes())
print("%s: %d frames, %d MB" % (out, frames, frames * frame_bytes // (1024 * 1024)))
