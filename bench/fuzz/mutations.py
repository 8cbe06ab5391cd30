"""The mutation kinds. Each takes (rng, parsed file, raw bytes) and returns (mutant bytes, detail) or None when it
does not apply to that file (no sequence to re-encode, not deflated, ...). The detail names tags, offsets and
lengths only, never a value, so reports can quote it.

Structured edits fix the length fields of every defined-length container around the change ("fixed") unless
the kind is about broken lengths, or the coin says "raw" (a sender's writer that forgot to): both shapes
occur in real exports.
"""
import dicom_walk as w

ILLEGAL_GROUPS = [0x0001, 0x0003, 0x0005, 0x0007, 0xFFFF]
# Public tags the engine's dictionary lacked when issue 11 was filed (bit flips landed there and were kept).
UNKNOWN_PUBLIC = [(0x0010, 0x5040), (0x0010, 0x0820), (0x0008, 0x0083), (0x0008, 0x4050), (0x001C, 0x1000),
                  (0x0018, 0x9FFE), (0x0020, 0x7777), (0x0040, 0xABCD), (0x0032, 0x5555)]
ESCAPES = [b"\x1b$B", b"\x1b(B", b"\x1b$)C", b"\x1b(J", b"\x1b-F", b"\x1b$A", b"\x1b$(D", b"\x1b-L", b"\x1b%G",
           b"\x1b"]
CHARSETS = [b"ISO 2022 IR 87", b"\\ISO 2022 IR 149", b"GB18030", b"ISO_IR 192", b"ISO_IR 13", b"ISO_IR 999",
            b"ISO 2022 IR 6\\ISO 2022 IR 87", b"ISO-IR 100", b"\\", b"GBK", b"ISO_IR 100\\ISO_IR 192"]
OTHER_VRS = sorted(w.LONG_VRS | w.SHORT_VRS | {b"XX", b"  ", b"\0\0", b"ox"})
TEXT_FOR_ESCAPES = {b"PN", b"LO", b"SH", b"LT", b"ST", b"UT", b"UC"}


def _put(data, off, size, value, little):
    data[off:off + size] = (value & ((1 << (8 * size)) - 1)).to_bytes(size, "little" if little else "big")


def fix_containers(data, el, delta):
    """Adds delta to the length field of every defined-length container around el (item, sequence, meta group)."""
    for p in el.parents:
        if p.length == w.UNDEFINED:
            continue
        current = int.from_bytes(data[p.len_off:p.len_off + p.len_size], "little" if p.little else "big")
        _put(data, p.len_off, p.len_size, current + delta, p.little)


def splice(data, el, off, remove, insert, fix=True):
    """Replaces data[off:off+remove] by insert; the containers of el grow or shrink with it when fix."""
    data = bytearray(data)
    if fix:
        fix_containers(data, el, len(insert) - remove)
    data[off:off + remove] = insert
    return data


def _header(el, vr, length):
    """An element header in el's encoding with another VR and length."""
    order = "little" if el.little else "big"
    tag = el.group.to_bytes(2, order) + el.elem.to_bytes(2, order)
    if not el.explicit:
        return tag + length.to_bytes(4, order)
    if vr in w.LONG_VRS or vr not in w.SHORT_VRS:
        return tag + vr + b"\0\0" + length.to_bytes(4, order)
    return tag + vr + length.to_bytes(2, order)


def _tag(el):
    return "(%04X,%04X)" % (el.group, el.elem)


def _data_elements(p):
    return [e for e in p.elements if not e.is_item and e.group != 0x0002]


def _value_elements(p, vrs=None):
    return [e for e in _data_elements(p) if e.length != w.UNDEFINED and not e.children
            and (vrs is None or e.vr in vrs or (e.vr is None and vrs is w.TEXT_VRS))]


def _coin_fix(rng):
    return rng.random() < 0.6


def flip_header(part):
    def mutate(rng, p, raw):
        candidates = p.elements if part != "vr" else [e for e in p.elements if e.explicit and not e.is_item]
        if not candidates:
            return None
        el = rng.choice(candidates)
        lo, hi = {"tag": (el.start, el.start + 4), "vr": (el.start + 4, el.start + 6),
                  "len": (el.len_off, el.len_off + el.len_size)}[part]
        off = rng.randrange(lo, hi)
        bit = rng.randrange(8)
        data = bytearray(p.data)
        data[off] ^= 1 << bit
        return p.assemble(data), "%s@%d: bit %d of byte %d of the %s" % (_tag(el), el.start, bit, off - lo, part)
    return mutate


def truncate(rng, p, raw):
    if rng.random() < 0.5 and p.elements:
        el = rng.choice(p.elements)
        cut = rng.randrange(el.start, max(el.start + 1, min(el.end, el.val_off + 16)))
        where = "inside %s@%d" % (_tag(el), el.start)
    else:
        cut = rng.randrange(1, max(2, len(p.data)))
        where = "at a random offset"
    return p.assemble(p.data[:cut]), "cut at %d of %d bytes, %s" % (cut, len(p.data), where)


def hostile_length(mode):
    def mutate(rng, p, raw):
        candidates = [e for e in p.elements if e.length != w.UNDEFINED and not (e.is_item and e.elem != w.ITEM)]
        if mode == "swallow":
            candidates = [e for e in candidates if not e.is_item and not e.children and _next_siblings(p, e)]
        if not candidates:
            return None
        el = rng.choice(candidates)
        limit = (1 << (8 * el.len_size)) - 1
        if mode == "grow":
            new = el.length + rng.choice([1, 2, 4, 8, 16, 64, 256, rng.randrange(1, 4096)])
        elif mode == "shrink":
            new = max(0, el.length - rng.choice([1, 2, 4, 8, rng.randrange(1, max(2, el.length + 1))]))
        elif mode == "max":
            new = limit if el.len_size == 2 else rng.choice([w.UNDEFINED, 0xFFFFFFFE, 0x7FFFFFFF, 0x80000000])
        elif mode == "zero":
            new = 0
        elif mode == "odd":
            new = el.length + (1 if el.length % 2 == 0 else 0) + rng.choice([0, 2, -2])
            new = max(1, new)
        else:  # swallow: the value grows over the next siblings exactly, so everything after still parses
            following = _next_siblings(p, el)[:rng.randrange(1, 4)]
            new = following[-1].end - el.val_off
        if new > limit:
            return None
        data = bytearray(p.data)
        _put(data, el.len_off, el.len_size, new, el.little)
        return p.assemble(data), "%s@%d: %d-bit length %d -> %d" % (_tag(el), el.start, 8 * el.len_size,
                                                                      el.length, new)
    return mutate


def _siblings(p, el):
    parent = next((q for q in el.parents if isinstance(q, w.Element)), None)
    if parent is not None:
        return parent.children
    top = [e for e in p.elements if not any(isinstance(q, w.Element) for q in e.parents)]
    return [e for e in top if (e.group == 0x0002) == (el.group == 0x0002)]


def _next_siblings(p, el):
    sib = _siblings(p, el)
    i = next((k for k, e in enumerate(sib) if e is el), None)
    return [] if i is None else [e for e in sib[i + 1:] if not e.is_item]


def random_run(rng, p, raw):
    pixel = next((e for e in p.elements if (e.group, e.elem) == (0x7FE0, 0x0010) and not e.parents), None)
    header_end = pixel.start + 16 if pixel else len(p.data)
    if header_end < 2:
        return None
    off = rng.randrange(0, header_end - 1)
    n = min(rng.choice([1, 2, 3, 4, 8, 16, 32]), len(p.data) - off)
    data = bytearray(p.data)
    data[off:off + n] = bytes(rng.randrange(256) for _ in range(n))
    return p.assemble(data), "%d random bytes at %d (header ends near %d)" % (n, off, header_end)


def chunk(mode):
    def mutate(rng, p, raw):
        if rng.random() < 0.3:  # an arbitrary byte range, no respect for element boundaries
            if len(p.data) < 4:
                return None
            off = rng.randrange(0, len(p.data) - 2)
            n = rng.randrange(1, min(256, len(p.data) - off))
            data = bytearray(p.data)
            data[off:off] = data[off:off + n] if mode == "dup" else b""
            if mode == "del":
                del data[off:off + n]
            return p.assemble(data), "%s of bytes [%d,%d) (not element-aligned)" % (mode, off, off + n)
        candidates = [e for e in p.elements if not e.is_item]
        if not candidates:
            return None
        el = rng.choice(candidates)
        run = [el] + _next_siblings(p, el)[:rng.randrange(0, 3)]
        lo, hi = el.start, run[-1].end
        fix = _coin_fix(rng)
        if mode == "dup":
            data = splice(p.data, el, hi, 0, bytes(p.data[lo:hi]), fix)
        else:
            data = splice(p.data, el, lo, hi - lo, b"", fix)
        return p.assemble(data), "%s of %d element(s) from %s@%d, %d bytes, lengths %s" % (
            mode, len(run), _tag(el), lo, hi - lo, "fixed" if fix else "raw")
    return mutate


def stray_delimiter(rng, p, raw):
    nested = [e for e in p.elements if not e.is_item and e.depth >= 1]
    candidates = nested or [e for e in p.elements if not e.is_item]
    if not candidates:
        return None
    el = rng.choice(candidates)
    which = rng.choice([w.ITEM, w.ITEM_END, w.SEQ_END])
    length = rng.choice([0, 0, w.UNDEFINED]) if which == w.ITEM else 0
    order = "little" if el.little else "big"
    delim = (0xFFFE).to_bytes(2, order) + which.to_bytes(2, order) + length.to_bytes(4, order)
    fix = _coin_fix(rng)
    data = splice(p.data, el, el.start, 0, delim, fix)
    return p.assemble(data), "(FFFE,%04X) len %X inserted before %s@%d at depth %d, lengths %s" % (
        which, length, _tag(el), el.start, el.depth, "fixed" if fix else "raw")


def charset_escape(rng, p, raw):
    candidates = [e for e in _value_elements(p, TEXT_FOR_ESCAPES) if e.length > 0]
    if not candidates:
        return None
    el = rng.choice(candidates)
    esc = rng.choice(ESCAPES) + bytes(rng.choice([0x24, 0x42, 0x5C, 0xA1, 0xB0, 0xE9, 0x1B]) for _ in range(rng.randrange(0, 4)))
    if len(esc) % 2:
        esc += b" "
    at = el.val_off + rng.randrange(0, el.length + 1)
    data = bytearray(p.data)
    fix_containers(data, el, len(esc))
    _put(data, el.len_off, el.len_size, el.length + len(esc), el.little)
    data[at:at] = esc
    return p.assemble(data), "%d-byte ISO 2022 escape run into %s %s@%d at value offset %d" % (
        len(esc), _tag(el), (el.vr or b"??").decode("latin-1"), el.start, at - el.val_off)


def charset_value(rng, p, raw):
    el = next((e for e in p.elements if e.tag == (0x0008, 0x0005) and e.length != w.UNDEFINED), None)
    if el is None:
        return None
    new = rng.choice(CHARSETS)
    if len(new) % 2:
        new += b" "
    data = bytearray(p.data)
    fix_containers(data, el, len(new) - el.length)
    _put(data, el.len_off, el.len_size, len(new), el.little)
    data[el.val_off:el.end] = new
    return p.assemble(data), "SpecificCharacterSet@%d (depth %d) set to %r" % (el.start, el.depth, new.decode())


def _implicit(p, el):
    """el re-encoded in implicit VR little endian: nested sequences and items with undefined lengths."""
    tag = el.group.to_bytes(2, "little") + el.elem.to_bytes(2, "little")
    if el.is_item:
        body = b"".join(_implicit(p, c) for c in el.children if not c.is_item or c.elem == w.ITEM)
        return tag + w.UNDEFINED.to_bytes(4, "little") + body + b"\xfe\xff\x0d\xe0\0\0\0\0"
    if el.is_sequence:
        body = b"".join(_implicit(p, c) for c in el.children if c.elem == w.ITEM)
        return tag + w.UNDEFINED.to_bytes(4, "little") + body + b"\xfe\xff\xdd\xe0\0\0\0\0"
    if el.length == w.UNDEFINED:  # encapsulated pixel data inside an item (an icon): its fragments as they are
        return tag + w.UNDEFINED.to_bytes(4, "little") + bytes(p.data[el.val_off:el.end])
    return tag + el.length.to_bytes(4, "little") + bytes(p.data[el.val_off:el.end])


def un_sequence(rng, p, raw):
    """PS3.5 6.2.2: an SQ a writer did not know becomes UN of undefined length whose content is implicit VR LE."""
    candidates = [e for e in p.elements if e.explicit and e.little and e.vr == b"SQ"]
    if not candidates:
        return None
    el = rng.choice(candidates)
    if rng.random() < 0.3:  # a broken writer: VR says UN, content stays explicit VR
        data = bytearray(p.data)
        data[el.start + 4:el.start + 6] = b"UN"
        return p.assemble(data), "%s@%d depth %d: VR SQ -> UN, content left explicit" % (_tag(el), el.start, el.depth)
    body = b"".join(_implicit(p, c) for c in el.children if c.elem == w.ITEM)
    new = _header(el, b"UN", w.UNDEFINED) + body + b"\xfe\xff\xdd\xe0\0\0\0\0"
    data = splice(p.data, el, el.start, el.end - el.start, new)
    return p.assemble(data), "%s@%d depth %d: SQ -> UN undefined length, implicit VR content (%d nested SQ)" % (
        _tag(el), el.start, el.depth, sum(1 for c in _descendants(el) if c.is_sequence))


def _descendants(el):
    for c in el.children:
        yield c
        yield from _descendants(c)


def vr_change(rng, p, raw):
    candidates = [e for e in _data_elements(p) if e.explicit and e.length != w.UNDEFINED]
    if not candidates:
        return None
    el = rng.choice(candidates)
    vr = rng.choice([v for v in OTHER_VRS if v != el.vr])
    if vr in w.SHORT_VRS and el.length > 0xFFFF:
        return None
    new = _header(el, vr, el.length)
    data = splice(p.data, el, el.start, el.val_off - el.start, new)
    return p.assemble(data), "%s@%d: VR %s -> %r" % (_tag(el), el.start, el.vr.decode("latin-1"), vr.decode("latin-1"))


def tag_move(rng, p, raw):
    candidates = [e for e in _data_elements(p) if (e.group, e.elem) != (0x7FE0, 0x0010)]
    if not candidates:
        return None
    el = rng.choice(candidates)
    roll = rng.random()
    if roll < 0.4:
        group, elem = rng.choice(ILLEGAL_GROUPS), el.elem
    elif roll < 0.8:
        group, elem = rng.choice(UNKNOWN_PUBLIC)
    else:
        group, elem = el.group, rng.randrange(0x0001, 0xFFFF)
    order = "little" if el.little else "big"
    tag = group.to_bytes(2, order) + elem.to_bytes(2, order)
    moved = tag + bytes(p.data[el.start + 4:el.end])
    sorted_move = rng.random() < 0.5
    data = bytearray(p.data)
    if sorted_move:  # put it where the new tag belongs among its siblings, so the order is valid again
        siblings = [e for e in _siblings(p, el) if not e.is_item and e is not el]
        after = next((e for e in siblings if (e.group, e.elem) > (group, elem)), None)
        del data[el.start:el.end]
        at = after.start if after is not None else (siblings[-1].end if siblings else el.start)
        if at > el.start:
            at -= el.end - el.start
        data[at:at] = moved
    else:
        data[el.start:el.end] = moved
    return p.assemble(data), "%s@%d -> (%04X,%04X), %s" % (_tag(el), el.start, group, elem,
                                                            "moved into sorted position" if sorted_move else "in place")


def odd_value(rng, p, raw):
    candidates = [e for e in _value_elements(p, w.TEXT_VRS) if e.length >= 2 and e.length % 2 == 0]
    if not candidates:
        return None
    el = rng.choice(candidates)
    data = bytearray(p.data)
    fix_containers(data, el, -1)
    _put(data, el.len_off, el.len_size, el.length - 1, el.little)
    del data[el.end - 1]
    return p.assemble(data), "%s@%d: value %d -> %d bytes (odd, last byte dropped)" % (
        _tag(el), el.start, el.length, el.length - 1)


def deflate_cut(rng, p, raw):
    if p.deflated_prefix is None:
        return None
    start = len(p.deflated_prefix)
    cut = rng.randrange(start, len(raw))
    return raw[:cut], "deflated stream cut at %d of %d compressed bytes" % (cut - start, len(raw) - start)


def deflate_flip(rng, p, raw):
    if p.deflated_prefix is None:
        return None
    start = len(p.deflated_prefix)
    data = bytearray(raw)
    offs = sorted(rng.randrange(start, len(raw)) for _ in range(rng.randrange(1, 4)))
    for off in offs:
        data[off] ^= 1 << rng.randrange(8)
    return bytes(data), "bits flipped in the deflated stream at %s" % ",".join(str(o - start) for o in offs)


KINDS = {
    "flip-tag": flip_header("tag"), "flip-vr": flip_header("vr"), "flip-len": flip_header("len"),
    "truncate": truncate,
    "len-grow": hostile_length("grow"), "len-shrink": hostile_length("shrink"), "len-max": hostile_length("max"),
    "len-zero": hostile_length("zero"), "len-odd": hostile_length("odd"), "len-swallow": hostile_length("swallow"),
    "random-run": random_run, "dup-chunk": chunk("dup"), "del-chunk": chunk("del"),
    "stray-delim": stray_delimiter, "charset-escape": charset_escape, "charset-value": charset_value,
    "un-sq": un_sequence, "vr-change": vr_change, "tag-move": tag_move, "odd-value": odd_value,
    "deflate-cut": deflate_cut, "deflate-flip": deflate_flip,
}
