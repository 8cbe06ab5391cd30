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

    // Properties over constant codes, not static readonly fields: precompiled (ReadyToRun) code reads a static field
    // through a helper call per access, and these comparisons run for every element of every file.
    public static DicomVR None => default;
    public static DicomVR AE => new(CAE);
    public static DicomVR AS => new(CAS);
    public static DicomVR AT => new(CAT);
    public static DicomVR CS => new(CCS);
    public static DicomVR DA => new(CDA);
    public static DicomVR DS => new(CDS);
    public static DicomVR DT => new(CDT);
    public static DicomVR FD => new(CFD);
    public static DicomVR FL => new(CFL);
    public static DicomVR IS => new(CIS);
    public static DicomVR LO => new(CLO);
    public static DicomVR LT => new(CLT);
    public static DicomVR OB => new(COB);
    public static DicomVR OD => new(COD);
    public static DicomVR OF => new(COF);
    public static DicomVR OL => new(COL);
    public static DicomVR OV => new(COV);
    public static DicomVR OW => new(COW);
    public static DicomVR PN => new(CPN);
    public static DicomVR SH => new(CSH);
    public static DicomVR SL => new(CSL);
    public static DicomVR SQ => new(CSQ);
    public static DicomVR SS => new(CSS);
    public static DicomVR ST => new(CST);
    public static DicomVR SV => new(CSV);
    public static DicomVR TM => new(CTM);
    public static DicomVR UC => new(CUC);
    public static DicomVR UI => new(CUI);
    public static DicomVR UL => new(CUL);
    public static DicomVR UN => new(CUN);
    public static DicomVR UR => new(CUR);
    public static DicomVR US => new(CUS);
    public static DicomVR UT => new(CUT);
    public static DicomVR UV => new(CUV);

    private const ushort CAE = 0x4145, CAS = 0x4153, CAT = 0x4154, CCS = 0x4353, CDA = 0x4441, CDS = 0x4453;
    private const ushort CDT = 0x4454, CFD = 0x4644, CFL = 0x464C, CIS = 0x4953, CLO = 0x4C4F, CLT = 0x4C54;
    private const ushort COB = 0x4F42, COD = 0x4F44, COF = 0x4F46, COL = 0x4F4C, COV = 0x4F56, COW = 0x4F57;
    private const ushort CPN = 0x504E, CSH = 0x5348, CSL = 0x534C, CSQ = 0x5351, CSS = 0x5353, CST = 0x5354;
    private const ushort CSV = 0x5356, CTM = 0x544D, CUC = 0x5543, CUI = 0x5549, CUL = 0x554C, CUN = 0x554E;
    private const ushort CUR = 0x5552, CUS = 0x5553, CUT = 0x5554, CUV = 0x5556;

    /// <summary>True for the VRs PS3.5 Table 7.1-1 defines; anything else read from a file is kept as-is.</summary>
    public bool IsKnown => First is >= (byte)'A' and <= (byte)'Z' && Second is >= (byte)'A' and <= (byte)'Z' && IsKnownIndex(KnownIndex(First, Second));

    /// <summary>Explicit VR headers of these VRs carry 2 reserved bytes and a 4-byte length (PS3.5 Table 7.1-1).</summary>
    public bool HasLongLength => Code is COB or COD or COF or COL or COV or COW or CSQ or CSV or CUC or CUN or CUR or CUT or CUV;

    /// <summary>Character-string VRs whose value is text in the dataset's character set (or ASCII).</summary>
    public bool IsString => Code is CAE or CAS or CCS or CDA or CDS or CDT or CIS or CLO or CLT or CPN or CSH or CST or CTM
        or CUC or CUI or CUR or CUT;

    /// <summary>String VRs whose text is decoded with Specific Character Set rather than the default repertoire.</summary>
    public bool UsesSpecificCharacterSet => Code is CLO or CLT or CPN or CSH or CST or CUC or CUT;

    /// <summary>Values are padded to even length: UI with NUL, other strings with a space, binary with NUL.</summary>
    public byte PaddingByte => Code == CUI ? (byte)0 : IsString ? (byte)' ' : (byte)0;

    /// <summary>Size of one binary number for byte swapping (1 for strings and bytes).</summary>
    public int ElementSize => Code switch
    {
        CUS or CSS or COW => 2,
        CUL or CSL or CFL or COF or COL or CAT => 4,
        CFD or COD or CSV or CUV or COV => 8,
        _ => 1,
    };

    public override string ToString() => Code == 0 ? "--" : string.Concat(((char)First).ToString(), ((char)Second).ToString());

    public bool Equals(DicomVR other) => Code == other.Code;

    public override int GetHashCode() => Code;

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
