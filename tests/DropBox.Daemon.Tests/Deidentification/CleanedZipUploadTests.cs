using System.IO.Compression;
using DropBox.Daemon.Deidentification;
using DropBox.Daemon.Intake;
using DropBox.Daemon.Quarantine;
using DropBox.Daemon.Unpack;
using DropBox.Deidentify.Engine;
using DropBox.Deidentify.Pixels.Cleaning;
using DropBox.Deidentify.Pixels.Regions;
using DropBox.Deidentify.Pseudonyms;
using DropBox.Dicom;
using DropBox.Testing;

namespace DropBox.Daemon.Tests.Deidentification;

/// <summary>An upload's zip through the daemon's de-identification stage with CleanPixelData: the cleaned member travels
/// in the package beside the others; one whose pixels still show an identifier is quarantined alone.</summary>
public sealed class CleanedZipUploadTests : IDisposable
{
    private const int Rows = 16, Columns = 24;
    private static readonly PixelRegion Name = new(2, 2, 12, 4);
    private static readonly DicomTag PatientName = new(0x0010, 0x0010), PixelData = new(0x7FE0, 0x0010), BurnedIn = new(0x0028, 0x0301);
    private readonly TempDir _dir = new("dbx-cleaned-zip");

    public void Dispose() => _dir.Dispose();

    /// <summary>Reads the word wherever its box still holds a bright pixel; "stubborn" words are read whatever the pixels.</summary>
    private sealed class BrightPixelReader(string word, bool stubborn) : IFrameTextReader
    {
        public IReadOnlyList<FoundText> Read(FrameImage frame, CancellationToken cancellationToken)
        {
            var bright = false;
            for (var y = Name.Y; y < Name.Y + Name.Height; y++)
            {
                for (var x = Name.X; x < Name.X + Name.Width; x++)
                {
                    bright |= frame.Pixels[(y * frame.Width) + x] >= 200;
                }
            }
            return bright || stubborn ? [new FoundText(Name, word, 95)] : [];
        }
    }

    private sealed class NameSpotter : IIdentifierSpotterFactory, IIdentifierSpotter
    {
        private string[] _names = [];

        public IIdentifierSpotter For(DicomDataset originalHeader)
        {
            _names = originalHeader.GetString(PatientName)!.Split('^');
            return this;
        }

        public bool IsIdentifying(string word) => _names.Contains(word, StringComparer.OrdinalIgnoreCase);
    }

    private static byte[] Image(string sopClass, string instance, out byte[] pixels)
    {
        pixels = new byte[Rows * Columns];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(i % 97);
        }
        for (var y = Name.Y; y < Name.Y + Name.Height; y++)
        {
            Array.Fill(pixels, (byte)255, (y * Columns) + Name.X, Name.Width);
        }
        var ds = new DicomDataset();
        ds.SetString(new DicomTag(0x0008, 0x0016), DicomVR.UI, sopClass);
        ds.SetString(new DicomTag(0x0008, 0x0018), DicomVR.UI, instance);
        ds.SetString(PatientName, DicomVR.PN, "Quux^Zebediah");
        ds.SetString(new DicomTag(0x0010, 0x0020), DicomVR.LO, "MRN-77");
        ds.SetString(new DicomTag(0x0020, 0x000D), DicomVR.UI, "1.2.3.4.5");
        ds.SetBytes(new DicomTag(0x0028, 0x0002), DicomVR.US, [1, 0]);
        ds.SetString(new DicomTag(0x0028, 0x0004), DicomVR.CS, "MONOCHROME2");
        ds.SetBytes(new DicomTag(0x0028, 0x0010), DicomVR.US, [Rows, 0]);
        ds.SetBytes(new DicomTag(0x0028, 0x0011), DicomVR.US, [Columns, 0]);
        ds.SetBytes(new DicomTag(0x0028, 0x0100), DicomVR.US, [8, 0]);
        ds.SetBytes(new DicomTag(0x0028, 0x0101), DicomVR.US, [8, 0]);
        ds.SetBytes(new DicomTag(0x0028, 0x0102), DicomVR.US, [7, 0]);
        ds.SetBytes(new DicomTag(0x0028, 0x0103), DicomVR.US, [0, 0]);
        ds.SetBytes(PixelData, DicomVR.OB, pixels);
        using var bytes = new MemoryStream();
        new DicomFile(ds, TransferSyntax.ExplicitVRLittleEndian).Save(bytes);
        return bytes.ToArray();
    }

    private (PackageResult Result, QuarantineStore Quarantine, ClaimedUpload Upload) Build(bool stubbornText, out byte[] usPixels)
    {
        var work = _dir.CreateDirectory("work");
        var uploadDirectory = _dir.CreateDirectory("work", "u1");
        var upload = new ClaimedUpload(UploadId.New(TimeProvider.System), "S", DateTimeOffset.UnixEpoch, 1, null) { Directory = uploadDirectory };
        using (var zip = ZipFile.Open(upload.OriginalPath, ZipArchiveMode.Create))
        {
            Add(zip, "us.dcm", Image("1.2.840.10008.5.1.4.1.1.6.1", "1.2.3.4.5.1", out usPixels));
            Add(zip, "mr.dcm", Image("1.2.840.10008.5.1.4.1.1.4", "1.2.3.4.5.2", out _));
        }
        var settings = new DeidSettings { Options = ["CleanPixelData"] };
        var services = new PixelCleaningServices(NoPixelRegionRules.Instance, new BrightPixelReader("Zebediah", stubbornText), new NameSpotter(), null);
        var store = new SqlitePseudonymStore(_dir.Combine("pseudonyms.db"), TimeProvider.System);
        var engine = new DeidEngine(settings, store, ProjectSecret.FromBytes(new byte[32]), services);
        var quarantine = new QuarantineStore(work, TimeProvider.System);
        var deidentifier = new UploadDeidentifier(engine, new ZipUnpacker(), quarantine, new UnpackOptions(), parallelism: 2);
        var result = deidentifier.Build(upload, UploadKind.Zip);
        store.Dispose();
        return (result, quarantine, upload);
    }

    private static void Add(ZipArchive zip, string name, byte[] content)
    {
        using var entry = zip.CreateEntry(name).Open();
        entry.Write(content);
    }

    [Fact]
    public void A_cleaned_member_travels_in_the_package_with_the_text_blanked_and_burned_in_annotation_no()
    {
        var (result, quarantine, upload) = Build(stubbornText: false, out var usPixels);

        Assert.Equal(2, result.FilesIncluded);
        Assert.Equal(0, result.FilesQuarantined);
        Assert.Empty(quarantine.List(upload.Sender));
        var cleaned = 0;
        using var package = ZipFile.OpenRead(result.PackagePath!);
        foreach (var entry in package.Entries)
        {
            var bytes = new MemoryStream();
            using (var stream = entry.Open())
            {
                stream.CopyTo(bytes);
            }
            bytes.Position = 0;
            using var file = DicomFile.Open(bytes);
            if (file.Dataset.GetString(BurnedIn) == "NO")
            {
                cleaned++;
                var expected = (byte[])usPixels.Clone();
                for (var y = Math.Max(0, Name.Y - 4); y < Name.Y + Name.Height + 4; y++)
                {
                    Array.Fill(expected, (byte)0, y * Columns, Name.X + Name.Width + 4); // the word and its 4-pixel margin, clipped
                }
                Assert.Equal(expected, ((DicomElement)file.Dataset.Get(PixelData)!).Value.ToArray());
            }
        }
        Assert.Equal(1, cleaned);
    }

    [Fact]
    public void A_member_whose_cleaned_frame_still_shows_the_name_is_quarantined_alone_and_the_rest_travels()
    {
        var (result, quarantine, upload) = Build(stubbornText: true, out _);

        Assert.Equal(1, result.FilesIncluded);
        var item = Assert.Single(quarantine.List(upload.Sender));
        Assert.Equal(ReasonCatalog.BurnedInTextFound, item.Code);
        Assert.Contains("frame 1 ", item.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Zebediah", item.Message, StringComparison.OrdinalIgnoreCase);
    }
}
