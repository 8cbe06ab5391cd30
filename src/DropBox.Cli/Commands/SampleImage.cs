using System.Globalization;
using System.Numerics;
using DropBox.Dicom;

namespace DropBox.Cli;

/// <summary>
/// A small synthetic MR image with invented values only (clearly fake patient, made-up UIDs), used as the
/// README's first example and as test input. Includes a nested sequence so every codec path is exercised.
/// </summary>
internal static class SampleImage
{
    private const string UidRoot = DicomWriteOptions.DefaultImplementationClassUid;

    /// <summary>One slice of the sample series of <paramref name="seed"/>: the study and series UIDs depend on the
    /// seed only, so slices with the same seed and different <paramref name="instance"/> numbers form one series.</summary>
    public static DicomFile Create(int seed, int size, TransferSyntax syntax, int instance = 1)
    {
        var random = new Random(instance == 1 ? seed : seed * 7919 + instance); // instance 1 = the committed samples
        var ds = new DicomDataset();
        ds.SetString(DicomTag.SpecificCharacterSet, DicomVR.CS, "ISO_IR 100");
        ds.SetString(T(0x0008, 0x0008), DicomVR.CS, @"ORIGINAL\PRIMARY\M\ND");
        ds.SetString(T(0x0008, 0x0016), DicomVR.UI, "1.2.840.10008.5.1.4.1.1.4");
        ds.SetString(T(0x0008, 0x0018), DicomVR.UI, Uid(seed, 2 + instance));
        ds.SetString(T(0x0008, 0x0020), DicomVR.DA, "20000101");
        ds.SetString(T(0x0008, 0x0030), DicomVR.TM, "120000");
        ds.SetString(T(0x0008, 0x0060), DicomVR.CS, "MR");
        ds.SetString(T(0x0008, 0x0070), DicomVR.LO, "SAMPLE MANUFACTURER");
        ds.SetString(T(0x0008, 0x1030), DicomVR.LO, "SAMPLE STUDY (SYNTHETIC)");
        var code = new DicomDataset(ds);
        code.SetString(T(0x0008, 0x0100), DicomVR.SH, "SAMPLE01");
        code.SetString(T(0x0008, 0x0102), DicomVR.SH, "99DROPBOX");
        code.SetString(T(0x0008, 0x0104), DicomVR.LO, "Synthetic sample procedure");
        var procedure = new DicomSequence(T(0x0008, 0x1032)) { UndefinedLength = false };
        procedure.Items.Add(code);
        ds.Set(procedure);
        ds.SetString(T(0x0010, 0x0010), DicomVR.PN, "SAMPLE^PATIENT");
        ds.SetString(T(0x0010, 0x0020), DicomVR.LO, "SAMPLE-0001");
        ds.SetString(T(0x0010, 0x0030), DicomVR.DA, "19000101");
        ds.SetString(T(0x0010, 0x0040), DicomVR.CS, "O");
        ds.SetString(T(0x0018, 0x0050), DicomVR.DS, "5");
        ds.SetString(T(0x0018, 0x0087), DicomVR.DS, "1.5");
        ds.SetString(T(0x0020, 0x000D), DicomVR.UI, Uid(seed, 1));
        ds.SetString(T(0x0020, 0x000E), DicomVR.UI, Uid(seed, 2));
        ds.SetString(T(0x0020, 0x0010), DicomVR.SH, "1");
        ds.SetString(T(0x0020, 0x0011), DicomVR.IS, "1");
        ds.SetString(T(0x0020, 0x0013), DicomVR.IS, instance.ToString(CultureInfo.InvariantCulture));
        ds.SetBytes(T(0x0028, 0x0002), DicomVR.US, U16(1, syntax.IsBigEndian));
        ds.SetString(T(0x0028, 0x0004), DicomVR.CS, "MONOCHROME2");
        ds.SetBytes(T(0x0028, 0x0010), DicomVR.US, U16(size, syntax.IsBigEndian));
        ds.SetBytes(T(0x0028, 0x0011), DicomVR.US, U16(size, syntax.IsBigEndian));
        ds.SetString(T(0x0028, 0x0030), DicomVR.DS, @"1\1");
        ds.SetBytes(T(0x0028, 0x0100), DicomVR.US, U16(16, syntax.IsBigEndian));
        ds.SetBytes(T(0x0028, 0x0101), DicomVR.US, U16(12, syntax.IsBigEndian));
        ds.SetBytes(T(0x0028, 0x0102), DicomVR.US, U16(11, syntax.IsBigEndian));
        ds.SetBytes(T(0x0028, 0x0103), DicomVR.US, U16(0, syntax.IsBigEndian));
        ds.SetBytes(DicomTag.PixelData, DicomVR.OW, Pixels(random, size, syntax.IsBigEndian));
        return new DicomFile(ds, syntax);
    }

    private static DicomTag T(ushort group, ushort element) => new(group, element);

    /// <summary>A made-up UID under the project's 2.25 root, fixed per seed and purpose.</summary>
    private static string Uid(int seed, int purpose)
    {
        var suffix = new BigInteger((uint)seed) * 1000 + purpose;
        var uid = $"{UidRoot}.{suffix.ToString(CultureInfo.InvariantCulture)}";
        return uid.Length <= 64 ? uid : uid[..64];
    }

    private static byte[] U16(int value, bool big) =>
        big ? [(byte)(value >> 8), (byte)value] : [(byte)value, (byte)(value >> 8)];

    /// <summary>A smooth ring pattern plus a little noise, 12 bits stored.</summary>
    private static byte[] Pixels(Random random, int size, bool big)
    {
        var bytes = new byte[size * size * 2];
        var centre = size / 2.0;
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var r = Math.Sqrt(((x - centre) * (x - centre)) + ((y - centre) * (y - centre)));
                var v = (int)(2000 + (1500 * Math.Cos(r / 3.0)) + random.Next(0, 64)) & 0x0FFF;
                var i = ((y * size) + x) * 2;
                bytes[big ? i + 1 : i] = (byte)v;
                bytes[big ? i : i + 1] = (byte)(v >> 8);
            }
        }
        return bytes;
    }
}
