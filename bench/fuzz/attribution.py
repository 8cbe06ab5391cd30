"""Which attribute of an output holds a byte offset (to say where a planted value survived)."""
import dicom_walk as w


def element_path(el):
    """(SEQ)[i]>(SEQ)[j]>(ELEM), outermost first; item indexes are counted among the sequence's items."""
    parts = []
    chain = [el] + [p for p in el.parents if isinstance(p, w.Element)]
    for node in chain:
        if node.is_item:
            continue
        text = "(%04X,%04X)" % (node.group, node.elem)
        if node is not el:
            item = next((p for p in chain if p.is_item and p in node.children), None)
            if item is not None:
                text += "[%d]" % [c for c in node.children if c.elem == w.ITEM].index(item)
        parts.append(text)
    return ">".join(reversed(parts))


def locate(path, offset, inflated=False):
    """'(0010,1040) LO' style description of the innermost element whose header or value holds offset."""
    try:
        with open(path, "rb") as f:
            parsed = w.parse(f.read())
    except OSError as e:
        return "unreadable: %s" % e
    if parsed.deflated_prefix is not None and not inflated:
        if offset < len(parsed.deflated_prefix):
            inner = w.parse(parsed.deflated_prefix + b"")
            return _innermost(inner.elements, offset) or "file meta"
        return "inside the deflated stream"
    found = _innermost(parsed.elements, offset)
    return found or "outside any parsed element (offset %d)" % offset


def _innermost(elements, offset):
    best = None
    for el in elements:
        if el.is_item:
            continue
        if el.start <= offset < max(el.end, el.val_off):
            if best is None or el.start >= best.start:
                best = el
    if best is None:
        return None
    vr = (best.vr or b"--").decode("latin-1", "replace")
    where = "value" if offset >= best.val_off else "header"
    return "%s %s (%s, element at %d)" % (element_path(best), vr, where, best.start)
