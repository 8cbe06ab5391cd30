"""A forgiving DICOM element walker (standard library only) that tells the mutator WHERE things are.

It never has to be right about the meaning of a file, only about byte positions: every element's header
(tag, VR, length field) and value, its nesting (sequence > item > element) and the defined-length containers
around it, so a mutation can change one value and keep (or deliberately break) the lengths of everything
that encloses it. Parsing stops quietly at the first thing it cannot read; the elements before that point are
still usable, and byte-level mutations need no parse at all.
"""
import zlib

# VRs whose explicit-VR header has 2 reserved bytes and a 32-bit length (PS3.5 7.1.2).
LONG_VRS = {b"OB", b"OD", b"OF", b"OL", b"OV", b"OW", b"SQ", b"UC", b"UN", b"UR", b"UT", b"SV", b"UV"}
SHORT_VRS = {b"AE", b"AS", b"AT", b"CS", b"DA", b"DS", b"DT", b"FL", b"FD", b"IS", b"LO", b"LT", b"PN", b"SH",
             b"SL", b"SS", b"ST", b"TM", b"UI", b"UL", b"US"}
TEXT_VRS = {b"AE", b"AS", b"CS", b"DA", b"DS", b"DT", b"IS", b"LO", b"LT", b"PN", b"SH", b"ST", b"TM", b"UC",
            b"UI", b"UR", b"UT"}
UNDEFINED = 0xFFFFFFFF
IMPLICIT_LE = "1.2.840.10008.1.2"
EXPLICIT_BE = "1.2.840.10008.1.2.2"
DEFLATED = "1.2.840.10008.1.2.1.99"
ITEM, ITEM_END, SEQ_END = 0xE000, 0xE00D, 0xE0DD


class Element:
    """One element, item or delimiter at a byte position. `parents` lists the enclosing containers, innermost
    first (items and sequences, plus the meta group length for group 0002), whose length fields count it."""

    def __init__(self, start, group, elem, vr, len_off, len_size, length, val_off, end, parents, explicit, little):
        self.start, self.group, self.elem, self.vr = start, group, elem, vr
        self.len_off, self.len_size, self.length = len_off, len_size, length
        self.val_off, self.end, self.parents = val_off, end, parents
        self.explicit, self.little = explicit, little
        self.children = []           # items of a sequence, elements of an item
        self.complete = False        # true once the walk knows where it ends, inside the data

    @property
    def tag(self):
        return (self.group, self.elem)

    @property
    def is_item(self):
        return self.group == 0xFFFE

    @property
    def is_sequence(self):
        return self.vr == b"SQ" or (not self.is_item and self.children and self.children[0].is_item
                                    and (self.group, self.elem) != (0x7FE0, 0x0010))

    @property
    def depth(self):
        return sum(1 for p in self.parents if isinstance(p, Element) and p.is_sequence)

    def __repr__(self):
        return "(%04X,%04X) %s len=%d @%d" % (self.group, self.elem, (self.vr or b"--").decode("latin-1"),
                                              self.length, self.start)


class Parsed:
    """The walked file: `data` is what the mutations edit (the inflated dataset for deflated files, else the
    whole file), `elements` every element at every depth in file order."""

    def __init__(self, data, elements, meta_end, transfer_syntax, deflated_prefix=None):
        self.data, self.elements, self.meta_end = data, elements, meta_end
        self.transfer_syntax, self.deflated_prefix = transfer_syntax, deflated_prefix

    def assemble(self, data):
        """File bytes for an edited `data` (deflated files get their dataset compressed again)."""
        if self.deflated_prefix is None:
            return bytes(data)
        c = zlib.compressobj(6, zlib.DEFLATED, -15, 9)
        return self.deflated_prefix + c.compress(bytes(data)) + c.flush()


class _Stop(Exception):
    pass


def _u16(b, o, little):
    if o + 2 > len(b):
        raise _Stop()
    return int.from_bytes(b[o:o + 2], "little" if little else "big")


def _u32(b, o, little):
    if o + 4 > len(b):
        raise _Stop()
    return int.from_bytes(b[o:o + 4], "little" if little else "big")


def _looks_explicit(b, o):
    return o + 6 <= len(b) and bytes(b[o + 4:o + 6]) in LONG_VRS | SHORT_VRS


def _walk(b, pos, end, explicit, little, parents, out, until_item_end=False, flat=None, only_group=None):
    """Reads elements from pos up to end (or an item delimiter, or the first element of another group than
    only_group); returns the position after the last one."""
    while pos < end:
        start = pos
        group, elem = _u16(b, pos, little), _u16(b, pos + 2, little)
        if only_group is not None and group != only_group:
            return pos
        if group == 0xFFFE:
            length = _u32(b, pos + 4, little)
            el = Element(start, group, elem, None, pos + 4, 4, length, pos + 8, pos + 8, parents, explicit, little)
            el.complete = True
            flat.append(el)
            out.append(el)
            if elem == ITEM_END and until_item_end:
                return pos + 8
            if elem == SEQ_END:
                return pos + 8  # caller (a sequence) ends here
            if elem == ITEM:
                raise _Stop()  # an item outside a sequence: a broken file; stop here
            pos += 8
            continue
        if explicit:
            vr = bytes(b[pos + 4:pos + 6])
            if vr in LONG_VRS:
                len_off, len_size, val_off = pos + 8, 4, pos + 12
            elif vr in SHORT_VRS:
                len_off, len_size, val_off = pos + 6, 2, pos + 8
            else:
                raise _Stop()
        else:
            vr, len_off, len_size, val_off = None, pos + 4, 4, pos + 8
        length = (_u32 if len_size == 4 else _u16)(b, len_off, little)
        el = Element(start, group, elem, vr, len_off, len_size, length, val_off, val_off, parents, explicit, little)
        flat.append(el)
        out.append(el)
        if length == UNDEFINED:
            el.end = _walk_items(b, val_off, end, explicit and vr != b"UN", little, el, flat)
            el.complete = True
        else:
            el.end = val_off + length
            if el.end > end:
                raise _Stop()
            el.complete = True
            if vr == b"SQ" or (vr is None or vr == b"UN") and length >= 8 and _u16(b, val_off, little) == 0xFFFE \
                    and _u16(b, val_off + 2, little) == ITEM:
                try:
                    _walk_items(b, val_off, el.end, explicit and vr == b"SQ", little, el, flat)
                except _Stop:
                    el.children = []
        pos = el.end
    return pos


def _walk_items(b, pos, end, explicit, little, seq, flat):
    """Items of a sequence (or fragments of encapsulated pixel data) from pos; returns the end position."""
    parents = [seq] + seq.parents
    pixel = (seq.group, seq.elem) == (0x7FE0, 0x0010)
    while pos < end:
        group, elem, length = _u16(b, pos, little), _u16(b, pos + 2, little), _u32(b, pos + 4, little)
        if group != 0xFFFE:
            raise _Stop()
        item = Element(pos, group, elem, None, pos + 4, 4, length, pos + 8, pos + 8, parents, explicit, little)
        flat.append(item)
        seq.children.append(item)
        if elem == SEQ_END:
            item.complete = True
            return pos + 8
        if elem != ITEM:
            raise _Stop()
        if pixel:
            if length == UNDEFINED:
                raise _Stop()
            item.end = pos + 8 + length
            if item.end > end:
                raise _Stop()
        elif length == UNDEFINED:
            item.end = _walk(b, pos + 8, end, explicit, little, [item] + parents, item.children, True, flat)
        else:
            item.end = pos + 8 + length
            if item.end > end:
                raise _Stop()
            _walk(b, pos + 8, item.end, explicit, little, [item] + parents, item.children, False, flat)
        item.complete = True
        pos = item.end
    if seq.length == UNDEFINED:
        raise _Stop()  # ran out before the sequence delimiter
    return pos


class MetaGroupLength:
    """The (0002,0000) value: a container length for every other meta element."""

    def __init__(self, len_value_off):
        self.len_off, self.len_size, self.length, self.little = len_value_off, 4, 0, True


def parse(raw):
    """Walks a file's bytes; never raises. Works on files with or without preamble and meta."""
    data = bytearray(raw)
    flat = []
    pos, meta_end, ts = 0, 0, None
    if len(data) >= 132 and data[128:132] == b"DICM":
        pos = 132
    if pos + 6 <= len(data) and _u16_safe(data, pos) == 0x0002:
        top = []
        try:
            meta_end = _walk_meta(data, pos, flat, top)
        except _Stop:
            meta_end = len(data)
        for el in top:
            if el.tag == (0x0002, 0x0010):
                ts = bytes(data[el.val_off:el.end]).rstrip(b"\0 ").decode("latin-1", "replace")
        pos = meta_end
    else:
        meta_end = pos
    if ts == DEFLATED:
        try:
            inflated = zlib.decompressobj(-15).decompress(bytes(data[meta_end:]))
        except zlib.error:
            return Parsed(data, flat, meta_end, ts)
        ds = bytearray(inflated)
        ds_flat = []
        try:
            _walk(ds, 0, len(ds), True, True, [], [], False, ds_flat)
        except _Stop:
            pass
        return Parsed(ds, _usable(ds, ds_flat), 0, ts, deflated_prefix=bytes(data[:meta_end]))
    explicit = ts not in (IMPLICIT_LE,) if ts else _looks_explicit(data, pos)
    little = ts != EXPLICIT_BE
    try:
        _walk(data, pos, len(data), explicit, little, [], [], False, flat)
    except _Stop:
        pass
    return Parsed(data, _usable(data, flat), meta_end, ts)


def _usable(data, flat):
    """Elements whose whole extent is known and inside the data (a broken file's last element may not be)."""
    return [e for e in flat if e.complete and e.val_off <= e.end <= len(data)]


def _u16_safe(b, o):
    return int.from_bytes(b[o:o + 2], "little") if o + 2 <= len(b) else -1


def _walk_meta(b, pos, flat, top):
    """Group 0002 is always explicit VR little endian; stops at the first element of another group. Every meta
    element after (0002,0000) is counted by that group length, so it becomes their container."""
    try:
        end = _walk(b, pos, len(b), True, True, [], top, False, flat, only_group=0x0002)
    finally:
        if top and top[0].tag == (0x0002, 0x0000) and top[0].length == 4:
            group_length = MetaGroupLength(top[0].val_off)
            for el in top[1:]:
                el.parents = [group_length]
    return end
