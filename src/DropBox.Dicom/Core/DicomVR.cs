namespace DropBox.Dicom;

/// <summary>
/// A value representation (PS3.5 §6.2). Stored as its two ASCII bytes so that an unknown VR read from
/// a file survives a round trip unchanged.
/// </summary>
public readonly record struct DicomVR(ushort Code)
{
    public static DicomVR FromString(string code) =>
        code.Length == 2 ? new((ushort)((code[0] << 8) | code[1])) : throw new ArgumentException($"A VR has two letters, not '{code}'.", nameof(code));

    public static DicomVR FromBytes(byte first, byte second) => new((ushort)((first << 8) | second));

    public byte First => (byte)(Code >> 8);
    public byte Second => (byte)Code;

    public static readonly DicomVR None = default;
    public static readonly DicomVR AE = FromString("AE"), AS = FromString("AS"), AT = FromString("AT"), CS = FromString("CS");
    public static readonly DicomVR DA = FromString("DA"), DS = FromString("DS"), DT = FromString("DT"), FD = FromString("FD");
    public static readonly DicomVR FL = FromString("FL"), IS = FromString("IS"), LO = FromString("LO"), LT = FromString("LT");
    public static readonly DicomVR OB = FromString("OB"), OD = FromString("OD"), OF = FromString("OF"), OL = FromString("OL");
    public static readonly DicomVR OV = FromString("OV"), OW = FromString("OW"), PN = FromString("PN"), SH = FromString("SH");
    public static readonly DicomVR SL = FromString("SL"), SQ = FromString("SQ"), SS = FromString("SS"), ST = FromString("ST");
    public static readonly DicomVR SV = FromString("SV"), TM = FromString("TM"), UC = FromString("UC"), UI = FromString("UI");
    public static readonly DicomVR UL = FromString("UL"), UN = FromString("UN"), UR = FromString("UR"), US = FromString("US");
    public static readonly DicomVR UT = FromString("UT"), UV = FromString("UV");

    /// <summary>True for the VRs PS3.5 Table 7.1-1 defines; anything else read from a file is kept as-is.</summary>
    public bool IsKnown => First is >= (byte)'A' and <= (byte)'Z' && Second is >= (byte)'A' and <= (byte)'Z' && IsKnownIndex(KnownIndex(First, Second));

    /// <summary>Explicit VR headers of these VRs carry 2 reserved bytes and a 4-byte length (PS3.5 Table 7.1-1).</summary>
    public bool HasLongLength => this == OB || this == OD || this == OF || this == OL || this == OV || this == OW || this == SQ
        || this == SV || this == UC || this == UN || this == UR || this == UT || this == UV;

    /// <summary>Character-string VRs whose value is text in the dataset's character set (or ASCII).</summary>
    public bool IsString => this == AE || this == AS || this == CS || this == DA || this == DS || this == DT || this == IS
        || this == LO || this == LT || this == PN || this == SH || this == ST || this == TM || this == UC || this == UI
        || this == UR || this == UT;

    /// <summary>String VRs whose text is decoded with Specific Character Set rather than the default repertoire.</summary>
    public bool UsesSpecificCharacterSet => this == LO || this == LT || this == PN || this == SH || this == ST || this == UC || this == UT;

    /// <summary>Values are padded to even length: UI with NUL, other strings with a space, binary with NUL.</summary>
    public byte PaddingByte => this == UI ? (byte)0 : IsString ? (byte)' ' : (byte)0;

    /// <summary>Size of one binary number for byte swapping (1 for strings and bytes).</summary>
    public int ElementSize => this == US || this == SS || this == OW ? 2
        : this == UL || this == SL || this == FL || this == OF || this == OL || this == AT ? 4
        : this == FD || this == OD || this == SV || this == UV || this == OV ? 8
        : 1;

    public override string ToString() => Code == 0 ? "--" : new string([(char)First, (char)Second]);

    // A bit per two-letter code "A".."Z" x "A".."Z" (26 x 26 bits): a lookup without a generic collection, whose
    // code a ReadyToRun build cannot precompile and every process would JIT at start-up.
    private static readonly ulong[] KnownCodes = BuildKnownCodes(
        AE, AS, AT, CS, DA, DS, DT, FD, FL, IS, LO, LT, OB, OD, OF, OL, OV, OW, PN, SH, SL, SQ, SS, ST,
        SV, TM, UC, UI, UL, UN, UR, US, UT, UV);

    private static int KnownIndex(byte first, byte second) => ((first - 'A') * 26) + (second - 'A');

    private static bool IsKnownIndex(int i) => (KnownCodes[i >> 6] & (1UL << (i & 63))) != 0;

    private static ulong[] BuildKnownCodes(params DicomVR[] vrs)
    {
        var bits = new ulong[(26 * 26 + 63) / 64];
        foreach (var vr in vrs)
        {
            var i = KnownIndex(vr.First, vr.Second);
            bits[i >> 6] |= 1UL << (i & 63);
        }
        return bits;
    }
}
