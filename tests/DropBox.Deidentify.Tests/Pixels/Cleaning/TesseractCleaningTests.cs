using System.Globalization;
using DropBox.Deidentify.Engine;
using DropBox.Deidentify.Pixels.Cleaning;
using DropBox.Deidentify.Pixels.Regions;
using DropBox.Deidentify.Tests.Engine;
using DropBox.Dicom;
using DropBox.Testing;

namespace DropBox.Deidentify.Tests.Pixels.Cleaning;

/// <summary>
/// The clean-then-verify flow with real OCR: frames drawn by Pillow with DejaVu text (a name in a device band, an ID
/// elsewhere), read by tesseract through a minimal test-side reader behind the seam, and the output read by tesseract
/// again, independently of the engine's own reading.
/// </summary>
public sealed class TesseractCleaningTests
{
    private const int Width = 320, Height = 240, Frames = 2;
    private static readonly PixelRegion Band = new(0, 0, Width, 32);

    /// <summary>tesseract on a PGM of the frame, sparse text, one thread; words from its TSV with their boxes.</summary>
    private sealed class TesseractTsvReader(string folder) : IFrameTextReader
    {
        public IReadOnlyList<FoundText> Read(FrameImage frame, CancellationToken cancellationToken)
        {
            var path = Path.Combine(folder, $"{Guid.NewGuid():N}.pgm");
            using (var file = File.Create(path))
            {
                file.Write(System.Text.Encoding.ASCII.GetBytes($"P5\n{frame.Width} {frame.Height}\n255\n"));
                file.Write(frame.Pixels);
            }
            var result = ProcessRunner.Run("tesseract", [path, "-", "--psm", "11", "tsv"], env: new Dictionary<string, string?> { ["OMP_THREAD_LIMIT"] = "1" });
            File.Delete(path);
            if (result.ExitCode != 0)
            {
                throw new IOException($"tesseract exited with code {result.ExitCode}");
            }
            var words = new List<FoundText>();
            foreach (var line in result.StdOut.Split('\n').Skip(1))
            {
                var f = line.Split('\t');
                if (f.Length >= 12 && f[0] == "5" && f[11].Trim().Length > 0)
                {
                    int N(int i) => int.Parse(f[i], CultureInfo.InvariantCulture);
                    words.Add(new FoundText(new PixelRegion(N(6), N(7), N(8), N(9)), f[11].Trim(), (int)double.Parse(f[10], CultureInfo.InvariantCulture)));
                }
            }
            return words;
        }
    }

    private const string DrawScript = """
        import sys
        from PIL import Image, ImageDraw, ImageFont
        font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 18)
        out = b""
        for frame in range(int(sys.argv[2])):
            im = Image.new("L", (320, 240), 0)
            d = ImageDraw.Draw(im)
            d.ellipse((60, 60, 260, 220), fill=90 + 20 * frame)
            d.text((8, 6), "ZEBEDIAH QUUX", fill=255, font=font)
            d.text((20, 120), "MRN4711", fill=255, font=font)
            out += im.tobytes()
        open(sys.argv[1], "wb").write(out)
        """;

    [ToolFact("tesseract", "/usr/bin/python3")]
    public void Tesseract_finds_none_of_the_identifiers_in_any_cleaned_frame_and_the_picture_outside_the_text_is_unchanged()
    {
        using var dir = new TempDir("dropbox-tesseract-clean");
        var raw = dir.Combine("frames.raw");
        var draw = ProcessRunner.Run(Tools.Python, ["-c", DrawScript, raw, Frames.ToString(CultureInfo.InvariantCulture)]);
        Assert.True(draw.ExitCode == 0, draw.Describe());
        var pixels = File.ReadAllBytes(raw);
        var reader = new TesseractTsvReader(dir.Path);
        var identifiers = new WordSpotter("ZEBEDIAH", "QUUX", "MRN4711");
        var frame = new PixelFormat(1, 8, 8, false, false, PixelLayout.Monochrome2, Frames);
        // The oracle first: tesseract reads the identifiers in the input, so finding none afterwards means something.
        Assert.Contains(reader.Read(new FrameImage(Width, Height, 1, pixels[..(Width * Height)]), default), w => identifiers.IsIdentifying(w.Text));

        using var h = new EngineHarness(new DeidSettings { Options = ["CleanPixelData"] },
            new PixelCleaningServices(new FixedRules("band", Band), reader, identifiers, null));
        var ds = PixelFixtures.Image(frame, pixels);
        ds.SetBytes(PixelLayout.RowsTag, DicomVR.US, [Height, 0]);
        ds.SetBytes(PixelLayout.ColumnsTag, DicomVR.US, [Width & 0xFF, Width >> 8]);
        var (result, output) = h.Run(ds);

        Assert.True(result.IsOk, result.Message);
        using (output)
        {
            var cleaned = ((DicomElement)output!.Dataset.Get(PixelCleaningStep.PixelDataTag)!).Value.ToArray();
            for (var f = 0; f < Frames; f++)
            {
                var image = new FrameImage(Width, Height, 1, cleaned[(f * Width * Height)..((f + 1) * Width * Height)]);
                Assert.DoesNotContain(reader.Read(image, default), w => identifiers.IsIdentifying(w.Text));
                var centre = (f * Width * Height) + (180 * Width) + 160; // inside the ellipse, far from any text
                Assert.Equal(pixels[centre], cleaned[centre]);
                // Below the band only the ID's box and its margin changed: a few percent of the frame, not the picture.
                var changedBelowBand = Enumerable.Range((f * Width * Height) + (Band.Height * Width), (Height - Band.Height) * Width)
                    .Count(i => pixels[i] != cleaned[i]);
                Assert.InRange(changedBelowBand, 1, Width * Height / 20);
            }
        }
    }
}
