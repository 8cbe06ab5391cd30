using DropBox.Deidentify.Engine;
using DropBox.Deidentify.Pixels.Cleaning;
using DropBox.Deidentify.Pseudonyms;
using DropBox.Deidentify.Quarantine;
using DropBox.Dicom;
using DropBox.Testing;

namespace DropBox.Deidentify.Tests.Engine;

/// <summary>Builds a small MR file with invented PHI, runs the engine on it and reads the output back.</summary>
internal sealed class EngineHarness : IDisposable
{
    public static readonly DicomTag PatientName = new(0x0010, 0x0010), PatientId = new(0x0010, 0x0020), BirthDate = new(0x0010, 0x0030);
    public static readonly DicomTag PatientSex = new(0x0010, 0x0040), PatientAge = new(0x0010, 0x1010);
    public static readonly DicomTag StudyDate = new(0x0008, 0x0020), StudyTime = new(0x0008, 0x0030), AcquisitionDateTime = new(0x0008, 0x002A);
    public static readonly DicomTag SopClass = new(0x0008, 0x0016), SopInstance = new(0x0008, 0x0018), StudyUid = new(0x0020, 0x000D);
    public static readonly DicomTag StationName = new(0x0008, 0x1010), InstitutionName = new(0x0008, 0x0080), StudyDescription = new(0x0008, 0x1030);
    public static readonly DicomTag ReferencedImageSequence = new(0x0008, 0x1140), ReferencedSopInstance = new(0x0008, 0x1155);
    public static readonly DicomTag ReferringPhysician = new(0x0008, 0x0090), AccessionNumber = new(0x0008, 0x0050);
    public static readonly DicomTag BurnedIn = new(0x0028, 0x0301), ImageComments = new(0x0020, 0x4000);
    public const string MrClass = "1.2.840.10008.5.1.4.1.1.4";

    private readonly TempDir _dir = new("dropbox-deid-engine");
    private int _n;

    public EngineHarness(DeidSettings? settings = null, PixelCleaningServices? pixels = null)
    {
        Secret = ProjectSecret.FromBytes(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        Store = new SqlitePseudonymStore(_dir.Combine("pseudonyms.db"), TimeProvider.System);
        Settings = settings ?? new DeidSettings();
        Engine = new DeidEngine(Settings, Store, Secret, pixels ?? PixelCleaningServices.Unavailable);
    }

    public ProjectSecret Secret { get; }
    public SqlitePseudonymStore Store { get; }
    public DeidSettings Settings { get; }
    public DeidEngine Engine { get; }
    public UploadContext Upload { get; } = new();

    public static DicomDataset Sample(string patientId = "MRN-4711", string studyUid = "1.2.3.4.5.100")
    {
        var ds = new DicomDataset();
        ds.SetString(DicomTag.SpecificCharacterSet, DicomVR.CS, "ISO_IR 100");
        ds.SetString(SopClass, DicomVR.UI, MrClass);
        ds.SetString(SopInstance, DicomVR.UI, studyUid + ".1.1");
        ds.SetString(StudyDate, DicomVR.DA, "20210315");
        ds.SetString(AcquisitionDateTime, DicomVR.DT, "20210315101112.5+0100");
        ds.SetString(StudyTime, DicomVR.TM, "101112");
        ds.SetString(AccessionNumber, DicomVR.SH, "ACC998877");
        ds.SetString(InstitutionName, DicomVR.LO, "Wexford General Hospital");
        ds.SetString(ReferringPhysician, DicomVR.PN, "Quackenbush^Hildegard");
        ds.SetString(StationName, DicomVR.SH, "MRSCANNER07");
        ds.SetString(StudyDescription, DicomVR.LO, "Liver MR for Zebediah");
        var refs = new DicomSequence(ReferencedImageSequence);
        var item = new DicomDataset();
        item.SetString(new DicomTag(0x0008, 0x1150), DicomVR.UI, MrClass);
        item.SetString(ReferencedSopInstance, DicomVR.UI, studyUid + ".1.2");
        item.SetString(new DicomTag(0x0040, 0xA123), DicomVR.PN, "Nested^Namesake"); // a PN the table does not name
        refs.Items.Add(item);
        ds.Set(refs);
        ds.SetString(PatientName, DicomVR.PN, "Zebediah^Quux");
        ds.SetString(PatientId, DicomVR.LO, patientId);
        ds.SetString(BirthDate, DicomVR.DA, "19610407");
        ds.SetString(PatientSex, DicomVR.CS, "F");
        ds.SetString(PatientAge, DicomVR.AS, "059Y");
        ds.SetString(StudyUid, DicomVR.UI, studyUid);
        ds.SetString(new DicomTag(0x0020, 0x0011), DicomVR.IS, "3");
        ds.SetString(new DicomTag(0x0020, 0x0013), DicomVR.IS, "7");
        ds.SetString(ImageComments, DicomVR.LT, "Patient Zebediah Quux, MRN-4711");
        ds.SetString(new DicomTag(0x0029, 0x0010), DicomVR.LO, "ACME 1.1");
        ds.SetString(new DicomTag(0x0029, 0x1010), DicomVR.LO, "ZEBEDIAH QUUX");
        ds.SetString(new DicomTag(0x0029, 0x1011), DicomVR.DS, "1.5");
        return ds;
    }

    /// <summary>De-identifies <paramref name="input"/> into a fresh output path; the output opened when written.</summary>
    public (DeidResult Result, DicomFile? Output) RunFile(string input)
    {
        var output = _dir.Combine("out", $"{Interlocked.Increment(ref _n)}.dcm");
        var result = Engine.Deidentify(input, output, Upload);
        return (result, result.IsOk ? DicomFile.Open(output) : null);
    }

    public string Write(DicomDataset dataset, TransferSyntax? syntax = null)
    {
        var path = _dir.Combine("in", $"{Interlocked.Increment(ref _n)}.dcm");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        new DicomFile(dataset, syntax ?? TransferSyntax.ExplicitVRLittleEndian).Save(path);
        return path;
    }

    /// <summary>Writes hand-made bytes (possibly broken on purpose) as an input file.</summary>
    public string WriteBytes(byte[] bytes)
    {
        var path = _dir.Combine("in", $"{Interlocked.Increment(ref _n)}.dcm");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>De-identifies hand-made bytes; the output's bytes (null when quarantined) for byte searches.</summary>
    public (DeidResult Result, byte[]? Output) RunBytes(byte[] bytes)
    {
        var input = WriteBytes(bytes);
        var output = _dir.Combine("out", $"{_n}.dcm");
        var result = Engine.Deidentify(input, output, Upload);
        return (result, result.IsOk ? File.ReadAllBytes(output) : null);
    }

    public (DeidResult Result, DicomFile? Output) Run(DicomDataset dataset)
    {
        var input = Write(dataset);
        var output = _dir.Combine("out", $"{_n}.dcm");
        var result = Engine.Deidentify(input, output, Upload);
        return (result, result.IsOk ? DicomFile.Open(output) : null);
    }

    /// <summary>A fresh folder under the harness's own, for outputs named by the engine.</summary>
    public string Folder(string name) => _dir.Combine(name);

    public void Dispose()
    {
        Store.Dispose();
        _dir.Dispose();
    }
}
