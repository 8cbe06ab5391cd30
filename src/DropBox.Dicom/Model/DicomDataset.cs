using System.Collections;

namespace DropBox.Dicom;

/// <summary>
/// The elements of one dataset or sequence item, kept sorted by tag. Nested datasets live inside
/// <see cref="DicomSequence.Items"/>; <see cref="Parent"/> points back up for character set inheritance.
/// </summary>
public sealed class DicomDataset : IEnumerable<DicomItem>
{
    private readonly List<DicomItem> _items = [];
    private DicomCharacterSet? _characterSet;

    public DicomDataset() { }

    public DicomDataset(DicomDataset? parent) => Parent = parent;

    /// <summary>The dataset holding the sequence this item belongs to (null at top level).</summary>
    public DicomDataset? Parent { get; internal set; }

    /// <summary>For a sequence item: written with undefined length and an item delimitation item.</summary>
    public bool UndefinedLength { get; set; }

    /// <summary>Where this item's tag started in the source (-1 if built in code); DICOMDIR offsets refer to it.</summary>
    internal long SourceOffset { get; set; } = -1;

    /// <summary>Own Specific Character Set (0008,0005) if present, else the parent's, else the default repertoire.</summary>
    public DicomCharacterSet CharacterSet
    {
        get
        {
            if (_characterSet is not null)
            {
                return _characterSet;
            }
            if (Get(DicomTag.SpecificCharacterSet) is DicomElement { Value.IsInMemory: true } scs)
            {
                var text = DicomCharacterSet.Default.Decode(scs.Value.Span, DicomVR.CS);
                return _characterSet = DicomCharacterSet.FromSpecificCharacterSet(text.TrimEnd(' ', '\0'), out _);
            }
            return Parent?.CharacterSet ?? DicomCharacterSet.Default;
        }
    }

    public int Count => _items.Count;

    public bool Contains(DicomTag tag) => IndexOf(tag) >= 0;

    public DicomItem? Get(DicomTag tag)
    {
        var i = IndexOf(tag);
        return i >= 0 ? _items[i] : null;
    }

    public bool Remove(DicomTag tag)
    {
        var i = IndexOf(tag);
        if (i < 0)
        {
            return false;
        }
        _items.RemoveAt(i);
        if (tag == DicomTag.SpecificCharacterSet)
        {
            _characterSet = null;
        }
        return true;
    }

    /// <summary>Adds the item, replacing one with the same tag.</summary>
    public void Set(DicomItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Tag == DicomTag.SpecificCharacterSet)
        {
            _characterSet = null;
        }
        if (item is DicomSequence sequence)
        {
            foreach (var child in sequence.Items)
            {
                child.Parent = this;
            }
        }
        // Files are nearly always sorted: appending is the fast path.
        if (_items.Count == 0 || _items[^1].Tag.CompareTo(item.Tag) < 0)
        {
            _items.Add(item);
            return;
        }
        var i = IndexOf(item.Tag);
        if (i >= 0)
        {
            _items[i] = item;
        }
        else
        {
            _items.Insert(~i, item);
        }
    }

    /// <summary>Decoded whole value (backslashes kept), trailing padding trimmed; null if absent, streamed or not a string VR.</summary>
    public string? GetString(DicomTag tag)
    {
        if (Get(tag) is not DicomElement { Value.IsInMemory: true } element || !(element.VR.IsString || element.VR == DicomVR.UN && IsTextual(tag)))
        {
            return null;
        }
        var vr = element.VR == DicomVR.UN ? DicomDictionary.ImplicitVR(tag) : element.VR;
        var text = CharacterSet.Decode(element.Value.Span, vr);
        return text.TrimEnd(' ', '\0');
    }

    private static bool IsTextual(DicomTag tag) => DicomDictionary.ImplicitVR(tag).IsString;

    /// <summary>Encodes with the character set (ASCII for VRs outside it) and pads to even length.</summary>
    public void SetString(DicomTag tag, DicomVR vr, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var charset = tag == DicomTag.SpecificCharacterSet ? DicomCharacterSet.Default : CharacterSet;
        var bytes = charset.Encode(value, vr);
        if ((bytes.Length & 1) == 1)
        {
            Array.Resize(ref bytes, bytes.Length + 1);
            bytes[^1] = vr.PaddingByte;
        }
        Set(new DicomElement(tag, vr, DicomValue.FromBytes(bytes)));
    }

    public void SetBytes(DicomTag tag, DicomVR vr, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Set(new DicomElement(tag, vr, DicomValue.FromBytes(value)));
    }

    public IEnumerator<DicomItem> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Reader fast path: appends when in order, otherwise sorts in; false for a duplicate.</summary>
    /// <param name="inOrder">False when the element came after a larger tag (sorted in, or a duplicate).</param>
    internal bool AddFromReader(DicomItem item, out bool inOrder)
    {
        if (_items.Count == 0 || _items[^1].Tag.CompareTo(item.Tag) < 0)
        {
            _items.Add(item);
            inOrder = true;
            return true;
        }
        inOrder = false;
        var existed = Contains(item.Tag);
        Set(item);
        return !existed;
    }

    private int IndexOf(DicomTag tag)
    {
        int lo = 0, hi = _items.Count - 1;
        var key = tag.Value;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var v = _items[mid].Tag.Value;
            if (v == key)
            {
                return mid;
            }
            if (v < key)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return ~lo;
    }
}
