using DropBox.Testing;

namespace DropBox.Daemon.Tests.Ocr;

/// <summary>The synthetic burned-in images are what their manifest says, checked with pydicom and dcmtk as oracles.</summary>
public sealed class BurnedInImagesTests : IDisposable
{
    // For each native case: the pixel data, decoded by pydicom, equals the 8-bit rendering the text was drawn on
    // (16-bit: times 16; YBR_FULL: Pillow's YCbCr of it); prints "ok NAME" per file.
    private const string PixelOracle = """
        import json, os, sys
        import numpy as np, pydicom
        from PIL import Image
        folder = sys.argv[1]
        for case in json.load(open(os.path.join(folder, "manifest.json")))["cases"]:
            if case["jpeg_baseline"]:
                continue
            ds = pydicom.dcmread(os.path.join(folder, case["file"]))
            pixels = ds.pixel_array.reshape((case["frames"], case["rows"], case["columns"], -1))
            for f, name in enumerate(case["renderings"]):
                image = Image.open(os.path.join(folder, name))
                if case["photometric"] == "YBR_FULL":
                    image = image.convert("YCbCr")
                expected = np.asarray(image).reshape((case["rows"], case["columns"], -1)).astype(np.uint16)
                if case["bits_allocated"] == 16:
                    expected = expected * 16
                if not np.array_equal(pixels[f], expected):
                    print("differs " + case["name"] + " frame " + str(f))
                    sys.exit(1)
            print("ok " + case["name"])
        """;

    private readonly TempDir _temp = new("dropbox-burned-in-gen");

    public void Dispose() => _temp.Dispose();

    [ToolFact("pydicom", "numpy", "dcmcjpeg", "dcmdjpeg")]
    public void Every_case_is_a_dicom_file_whose_pixels_are_the_rendering_with_the_text_where_the_manifest_says()
    {
        var cases = BurnedInImages.Generate(_temp.Path);

        Assert.Equal(BurnedInImages.AllCases, cases.Select(c => c.Name));
        var oracle = ProcessRunner.Run(Tools.Python, ["-c", PixelOracle, _temp.Path], timeout: TimeSpan.FromMinutes(5));
        Assert.True(oracle.ExitCode == 0, oracle.Describe());
        Assert.Equal(cases.Where(c => !c.JpegBaseline).Select(c => "ok " + c.Name), oracle.StdOutLines);
        foreach (var image in cases)
        {
            Assert.Equal(image.Frames, image.Renderings.Count);
            var identifiers = image.Words.Where(w => w.IsIdentifying).ToList();
            Assert.Equal(4 * image.Frames, identifiers.Count);
            // With a device layout every identifier is inside the band; without one, none is.
            Assert.All(identifiers, w => Assert.Equal(image.Band is not null, w.InBand && w.Box[1] + w.Box[3] <= image.Band![3]));
            Assert.Contains(image.Words, w => w.Kind == "other" && !w.InBand);
        }
    }

    [ToolFact("pydicom", "numpy", "dcmcjpeg", "dcmdjpeg")]
    public void The_jpeg_cases_are_jpeg_baseline_that_dcmtk_decodes()
    {
        var cases = BurnedInImages.Generate(_temp.Path, "us-grey-jpeg", "us-rgb-jpeg");

        Assert.All(cases, image =>
        {
            Assert.Equal("1.2.840.10008.1.2.4.50", image.TransferSyntax);
            var decoded = ProcessRunner.Run("dcmdjpeg", image.File, _temp.Combine(image.Name + ".native.dcm"));
            Assert.True(decoded.ExitCode == 0, decoded.Describe());
        });
        Assert.Equal(["MONOCHROME2", "YBR_FULL_422"], cases.Select(c => c.Photometric));
    }
}
