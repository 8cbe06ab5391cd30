using DropBox.Deidentify.Pixels.Ocr;
using DropBox.Deidentify.Pixels.Regions;
using DropBox.Dicom;
using DropBox.Testing;

namespace DropBox.Daemon.Tests.Ocr;

/// <summary>The synthetic burned-in images, generated once for the class.</summary>
public sealed class BurnedInFixture : IDisposable
{
    private readonly TempDir _temp = new("dropbox-burned-in");
    private readonly Lazy<IReadOnlyDictionary<string, BurnedInCase>> _cases;

    public BurnedInFixture() =>
        _cases = new(() => BurnedInImages.Generate(_temp.Path, "us-grey-band", "us-rgb-band", "us-grey-small-font", "us-grey-large-font", "us-grey-cine", "sc-no-rule")
            .ToDictionary(c => c.Name));

    public BurnedInCase this[string name] => _cases.Value[name];

    public void Dispose() => _temp.Dispose();
}

/// <summary>Real tesseract on the synthetic images: what it reads, where, and what the spotter makes of it.</summary>
public sealed class BurnedInOcrTests(BurnedInFixture images) : IClassFixture<BurnedInFixture>
{
    private static DicomDataset HeaderOf(BurnedInCase image)
    {
        var header = new DicomDataset();
        header.SetString(new DicomTag(0x0010, 0x0010), DicomVR.PN, image.Header["PatientName"]);
        header.SetString(new DicomTag(0x0010, 0x0020), DicomVR.LO, image.Header["PatientID"]);
        header.SetString(new DicomTag(0x0010, 0x0030), DicomVR.DA, image.Header["PatientBirthDate"]);
        header.SetString(new DicomTag(0x0008, 0x0020), DicomVR.DA, image.Header["StudyDate"]);
        header.SetString(new DicomTag(0x0008, 0x0050), DicomVR.SH, image.Header["AccessionNumber"]);
        header.SetString(new DicomTag(0x0008, 0x0080), DicomVR.LO, image.Header["InstitutionName"]);
        header.SetString(new DicomTag(0x0008, 0x0090), DicomVR.PN, image.Header["ReferringPhysicianName"]);
        return header;
    }

    [ToolTheory("tesseract", "pydicom", "dcmcjpeg")]
    [InlineData("us-grey-band")]
    [InlineData("us-rgb-band")]
    [InlineData("us-grey-small-font")]
    [InlineData("us-grey-large-font")]
    [InlineData("sc-no-rule")]
    public void Every_planted_identifier_is_read_with_a_box_over_it(string name)
    {
        var image = images[name];

        var found = OcrFrames.Reader().Read(OcrFrames.Load(image.Renderings[0]), CancellationToken.None);

        var identifiers = image.WordsOn(0).Where(w => w.IsIdentifying).ToList();
        Assert.Equal(4, identifiers.Count);
        Assert.All(identifiers, planted => Assert.Contains(found, word =>
            OcrFrames.Bare(word.Text) == OcrFrames.Bare(planted.Text) && OcrFrames.Overlaps(word.Box, planted.Box)));
    }

    [ToolTheory("tesseract", "pydicom", "dcmcjpeg")]
    [InlineData("us-grey-band")]
    [InlineData("us-rgb-band")]
    [InlineData("sc-no-rule")]
    public void The_spotter_flags_the_files_identifiers_in_the_reading_and_no_other_word(string name)
    {
        var image = images[name];
        var spotter = IdentifierSpotterFactory.Instance.For(HeaderOf(image));

        var found = OcrFrames.Reader().Read(OcrFrames.Load(image.Renderings[0]), CancellationToken.None);

        var flagged = found.Where(w => spotter.IsIdentifying(w.Text)).ToList();
        var identifiers = image.WordsOn(0).Where(w => w.IsIdentifying).ToList();
        Assert.All(identifiers, planted => Assert.Contains(flagged, word => OcrFrames.Overlaps(word.Box, planted.Box)));
        Assert.All(flagged, word => Assert.Contains(identifiers, planted => OcrFrames.Overlaps(word.Box, planted.Box)));
        // Device words were read too, and are not taken for identifiers.
        Assert.Contains(found, w => OcrFrames.Bare(w.Text) is "SYNTHETIC" or "REPORT" && !spotter.IsIdentifying(w.Text));
    }

    [ToolTheory("tesseract", "pydicom", "dcmcjpeg")]
    [InlineData("us-grey-band")]
    [InlineData("us-rgb-band")]
    public void A_frame_with_its_band_blanked_reads_as_having_no_identifier(string name)
    {
        var image = images[name];
        var spotter = IdentifierSpotterFactory.Instance.For(HeaderOf(image));
        var band = new PixelRegion(image.Band![0], image.Band[1], image.Band[2], image.Band[3]);

        var found = OcrFrames.Reader().Read(OcrFrames.Blank(OcrFrames.Load(image.Renderings[0]), band), CancellationToken.None);

        Assert.DoesNotContain(found, w => spotter.IsIdentifying(w.Text));
        Assert.Contains(found, w => OcrFrames.Bare(w.Text) is "GAIN" or "DEPTH" or "LIVER" or "LONG");   // the frame was read
    }

    [ToolFact("tesseract", "pydicom", "dcmcjpeg")]
    public void Frames_read_in_parallel_come_back_in_frame_order()
    {
        var image = images["us-grey-cine"];
        var frames = image.Renderings.Select(OcrFrames.Load).ToList();

        var readings = FrameTextReading.ReadAll(OcrFrames.Reader(), frames, parallelism: 2, CancellationToken.None);

        // Each frame's own word ("View ALPHA" … "View DELTA") is read from its own frame's reading.
        string[] views = ["ALPHA", "BRAVO", "CHARLIE", "DELTA"];
        var planted = views.Select((view, i) => image.WordsOn(i).Single(w => w.Text == view)).ToList();
        var read = readings.Select((words, i) => string.Join(' ', words.Where(w => OcrFrames.Overlaps(w.Box, planted[i].Box)).Select(w => w.Text))).ToList();
        Assert.Equal(views, read);
    }

    [Fact]
    public void A_failing_frame_among_many_fails_the_whole_reading_with_the_readers_own_exception()
    {
        var frames = Enumerable.Range(0, 6).Select(_ => new FrameImage(2, 2, 1, new byte[4])).ToList();

        Assert.Throws<FrameTextReadException>(() => FrameTextReading.ReadAll(OcrFrames.Reader("/nonexistent/tesseract"), frames, 2, CancellationToken.None));
    }
}
