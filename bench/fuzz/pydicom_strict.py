#!/usr/bin/python3
"""Strict pydicom read (corpus README, oracle 3) of every path on stdin, one per line, in ONE interpreter.
Prints "ok<TAB>path<TAB>" or "ExceptionName<TAB>path<TAB>message" per file."""
import sys
import warnings

import pydicom
from pydicom import config

config.enforce_valid_values = True
config.settings.reading_validation_mode = config.RAISE

for path in sys.stdin.read().splitlines():
    if not path:
        continue
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            warnings.simplefilter("ignore", DeprecationWarning)
            ds = pydicom.dcmread(path)  # no force=True: needs preamble + meta, which every output has
            for el in ds.iterall():
                el.value
            for el in ds.file_meta:
                el.value
        print("ok\t%s\t" % path, flush=True)
    except Exception as e:  # the verdict is the exception's type; any exception is a rejection
        msg = str(e)[:300].replace("\t", " ").replace("\n", " ")
        print("%s\t%s\t%s" % (type(e).__name__, path, msg), flush=True)
