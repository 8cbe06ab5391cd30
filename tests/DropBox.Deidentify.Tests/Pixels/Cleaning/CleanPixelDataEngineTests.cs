using DropBox.Deidentify.Engine;
using DropBox.Deidentify.Pixels.Cleaning;
using DropBox.Deidentify.Pixels.Regions;
using DropBox.Deidentify.Quarantine;
using DropBox.Deidentify.Tests.Engine;
using DropBox.Dicom;

namespace DropBox.Deidentify.Tests.Pixels.Cleaning;

public sealed class CleanPixelDataEngineTests
{
    private static readonly PixelFormat Grey = new(1, 8, 8, false, false, PixelLayout.Monochrome2, Frames: 3);
    private static readonly PixelRegion TopBand = new(0, 0, PixelFixtures.Columns, 6);
    private static readonly PixelRegion NameInBand = new(2, 1, 20, 4);
    private static readonly PixelRegion StrayId = new(6, 12, 10, 4); // below the band: no rule covers it
    private static readonly DicomTag CodeSequence = new(0x0012, 0x0064), CodeValue = new(0x0008, 0x0100);

    private static DeidSettings WithOption(string pixelText = PixelTextPolicies.Identifiers) =>
        new() { Options = ["CleanPixelData"], PixelText = pixelText };

    /// <summary>Three frames of dim noise (0–150), ink (255) in the given boxes of every frame, a distinct last pixel per frame.</summary>
    private static byte[] Frames(params PixelRegion[] ink)
    {
        var pixels = PixelFixtures.Noise(Grey);
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(pixels[i] % 151);
        }
        var frameLength = PixelFixtures.Rows * PixelFixtures.Columns;
        for (var f = 0; f < Grey.Frames; f++)
        {
            foreach (var box in ink)
            {
                Paint(pixels, f, box, 255);
            }
            pixels[((f + 1) * frameLength) - 1] = (byte)(10 * (f + 1));
        }
        return pixels;
    }

    private static void Paint(byte[] pixels, int frame, PixelRegion box, byte value)
    {
        var frameLength = PixelFixtures.Rows * PixelFixtures.Columns;
        for (var y = Math.Max(0, box.Y); y < Math.Min(PixelFixtures.Rows, box.Y + box.Height); y++)
        {
            for (var x = Math.Max(0, box.X); x < Math.Min(PixelFixtures.Columns, box.X + box.Width); x++)
            {
                pixels[(frame * frameLength) + (y * PixelFixtures.Columns) + x] = value;
            }
        }
    }

    private static PixelCleaningServices Services(IFrameTextReader? reader, WordSpotter? spotter = null, IPixelDecoder? decoder = null) =>
        new(new FixedRules("test-device top band", TopBand), reader, spotter ?? new WordSpotter("Zebediah", "MRN-4711"), decoder);

    private static IEnumerable<string> Codes(DicomDataset ds) =>
        ds.Get(CodeSequence) is DicomSequence s ? s.Items.Select(i => i.GetString(CodeValue)!) : [];

    [Fact]
    public void With_clean_pixel_data_rule_bands_and_found_text_are_blanked_and_every_other_pixel_is_unchanged()
    {
        var input = Frames(NameInBand, StrayId);
        var reader = new LitPixelReader(new LitPixelReader.Word(NameInBand, "Zebediah"), new LitPixelReader.Word(StrayId, "MRN-4711"));
        var spotter = new WordSpotter("Zebediah", "MRN-4711");
        using var h = new EngineHarness(WithOption(), Services(reader, spotter));

        var (result, output) = h.Run(PixelFixtures.Image(Grey, input));

        Assert.True(result.IsOk, result.Message);
        using (output)
        {
            var expected = (byte[])input.Clone();
            var margin = new DeidSettings().PixelTextMargin;
            for (var f = 0; f < Grey.Frames; f++)
            {
                Paint(expected, f, TopBand, 0);
                Paint(expected, f, new PixelRegion(StrayId.X - margin, StrayId.Y - margin, StrayId.Width + (2 * margin), StrayId.Height + (2 * margin)), 0);
            }
            Assert.Equal(expected, ((DicomElement)output!.Dataset.Get(PixelCleaningStep.PixelDataTag)!).Value.ToArray());
            Assert.Equal("NO", output.Dataset.GetString(EngineHarness.BurnedIn));
            Assert.Contains("113101", Codes(output.Dataset));
            Assert.Contains("Clean Pixel Data Option", output.Dataset.GetString(new DicomTag(0x0012, 0x0063)), StringComparison.Ordinal);
        }
        Assert.Equal("Zebediah^Quux", spotter.SeenPatientName); // built from the original header
        Assert.Equal(2 * Grey.Frames, reader.Reads); // every frame read before and after cleaning
    }

    [Fact]
    public void Without_the_option_the_same_file_is_quarantined_as_burned_in_annotation_and_never_read()
    {
        var reader = new LitPixelReader(new LitPixelReader.Word(NameInBand, "Zebediah"));
        using var h = new EngineHarness(new DeidSettings(), Services(reader));

        var (result, output) = h.Run(PixelFixtures.Image(Grey, Frames(NameInBand)));

        Assert.Null(output);
        Assert.Equal(QuarantineReasons.BurnedInAnnotation, result.Reason);
        Assert.Equal(0, reader.Reads);
    }

    [Fact]
    public void An_identifier_read_in_a_cleaned_frame_holds_the_file_as_burned_in_text_found_naming_the_frame_not_the_text()
    {
        var missedFirst = new PixelRegion(8, 16, 12, 4);
        var reader = new LitPixelReader(new LitPixelReader.Word(NameInBand, "Zebediah"), new LitPixelReader.Word(missedFirst, "ZEBEDIAH", FromRead: 2, OnlyFrameMarker: 20));
        using var h = new EngineHarness(WithOption(), Services(reader));

        var (result, output) = h.Run(PixelFixtures.Image(Grey, Frames(NameInBand, missedFirst)));

        Assert.Null(output);
        Assert.Equal(QuarantineReasons.BurnedInTextFound, result.Reason);
        Assert.Contains("frame 2 ", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("zebediah", result.Message!, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(Directory.EnumerateFiles(h.Folder("out"), "*", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData(PixelTextPolicies.Identifiers, null)]
    [InlineData(PixelTextPolicies.None, QuarantineReasons.BurnedInTextFound)]
    public void A_word_that_is_no_identifier_left_after_cleaning_holds_the_file_only_under_pixel_text_none(string pixelText, string? reason)
    {
        var missedFirst = new PixelRegion(8, 16, 12, 4);
        var reader = new LitPixelReader(new LitPixelReader.Word(missedFirst, "SIEMENS", FromRead: 2));
        using var h = new EngineHarness(WithOption(pixelText), Services(reader));

        var (result, output) = h.Run(PixelFixtures.Image(Grey, Frames(missedFirst)));
        output?.Dispose();

        Assert.Equal(reason, result.Reason);
    }

    [Fact]
    public void With_the_option_but_no_ocr_a_file_that_needs_cleaning_is_held_and_says_ocr_is_not_available()
    {
        using var h = new EngineHarness(WithOption(), Services(reader: null));

        var (result, output) = h.Run(PixelFixtures.Image(Grey, Frames(NameInBand)));

        Assert.Null(output);
        Assert.Equal(QuarantineReasons.BurnedInAnnotation, result.Reason);
        Assert.Contains("OCR is not available", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_the_option_does_not_touch_is_not_read_keeps_its_pixels_and_claims_no_pixel_cleaning()
    {
        var reader = new LitPixelReader(new LitPixelReader.Word(NameInBand, "Zebediah"));
        using var h = new EngineHarness(WithOption(), Services(reader));
        var pixels = Frames(NameInBand);
        var ds = PixelFixtures.Image(Grey, pixels, sopClass: EngineHarness.MrClass);

        var (result, output) = h.Run(ds);

        Assert.True(result.IsOk, result.Message);
        using (output)
        {
            Assert.Equal(pixels, ((DicomElement)output!.Dataset.Get(PixelCleaningStep.PixelDataTag)!).Value.ToArray());
            Assert.DoesNotContain("113101", Codes(output.Dataset));
            Assert.Null(output.Dataset.GetString(EngineHarness.BurnedIn));
        }
        Assert.Equal(0, reader.Reads);
    }

    [Fact]
    public void An_encapsulated_pdf_has_no_pixels_to_clean_and_stays_quarantined_under_the_option()
    {
        using var h = new EngineHarness(WithOption(), Services(new LitPixelReader()));
        var ds = EngineHarness.Sample();
        ds.SetString(EngineHarness.SopClass, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.104.1");

        Assert.Equal(QuarantineReasons.BurnedInAnnotation, h.Run(ds).Result.Reason);
    }

    [Fact]
    public void Overlays_and_curves_are_removed_from_a_cleaned_file()
    {
        using var h = new EngineHarness(WithOption(), Services(new LitPixelReader()));
        var ds = PixelFixtures.Image(Grey, Frames());
        ds.SetBytes(new DicomTag(0x6000, 0x0010), DicomVR.US, [24, 0]);
        ds.SetBytes(new DicomTag(0x6000, 0x0011), DicomVR.US, [32, 0]);
        ds.SetString(new DicomTag(0x6000, 0x0022), DicomVR.LO, "Zebediah note");
        ds.SetBytes(new DicomTag(0x6000, 0x3000), DicomVR.OW, new byte[96]);
        ds.SetBytes(new DicomTag(0x6002, 0x3000), DicomVR.OW, new byte[96]);
        ds.SetBytes(new DicomTag(0x5000, 0x0005), DicomVR.US, [2, 0]);
        ds.SetBytes(new DicomTag(0x5000, 0x3000), DicomVR.OW, new byte[8]);

        var (result, output) = h.Run(ds);

        Assert.True(result.IsOk, result.Message);
        using (output)
        {
            Assert.DoesNotContain(output!.Dataset, item => (item.Tag.Group & 0xFF00) is 0x5000 or 0x6000);
            Assert.Equal("NO", output.Dataset.GetString(EngineHarness.BurnedIn));
        }
    }

    [Fact]
    public void What_if_lists_the_rule_its_rectangle_and_how_many_boxes_ocr_found_never_the_text()
    {
        var reader = new LitPixelReader(new LitPixelReader.Word(NameInBand, "Zebediah"), new LitPixelReader.Word(StrayId, "MRN-4711"));
        using var h = new EngineHarness(WithOption(), Services(reader));
        var input = h.Write(PixelFixtures.Image(Grey, Frames(NameInBand, StrayId)));

        var (result, plan) = h.Engine.WhatIf(input);

        Assert.True(result.IsOk, result.Message);
        var lines = plan.Where(p => p.Path == "(7FE0,0010)").Select(p => p.Action).ToList();
        Assert.Contains("clean-pixel-data rule 'test-device top band'", lines);
        Assert.Contains($"clean-pixel-data blank x=0 y=0 w={PixelFixtures.Columns} h=6 in 3 frame(s)", lines);
        Assert.Contains("clean-pixel-data ocr-found 3 box(es) outside the rules in 3 of 3 frame(s), blanked", lines);
        Assert.DoesNotContain(plan, p => p.Action.Contains("MRN", StringComparison.OrdinalIgnoreCase) || p.Action.Contains("Zebediah", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_overlay_kept_in_the_pixel_words_above_bits_stored_is_cleared_and_without_one_those_bits_stay(bool overlayInPixels)
    {
        var format = new PixelFormat(1, 16, 12, false, false, PixelLayout.Monochrome2, Frames: 2);
        var input = PixelFixtures.Noise(format);
        using var h = new EngineHarness(WithOption(), Services(new LitPixelReader()));
        var ds = PixelFixtures.Image(format, input);
        if (overlayInPixels)
        {
            ds.SetBytes(new DicomTag(0x6000, 0x0010), DicomVR.US, [PixelFixtures.Rows, 0]);
            ds.SetBytes(new DicomTag(0x6000, 0x0011), DicomVR.US, [PixelFixtures.Columns, 0]);
            ds.SetBytes(new DicomTag(0x6000, 0x0100), DicomVR.US, [16, 0]);
            ds.SetBytes(new DicomTag(0x6000, 0x0102), DicomVR.US, [12, 0]);
        }

        var (result, output) = h.Run(ds);

        Assert.True(result.IsOk, result.Message);
        using (output)
        {
            var words = ((DicomElement)output!.Dataset.Get(PixelCleaningStep.PixelDataTag)!).Value.ToArray();
            var rowBytes = PixelFixtures.Columns * 2;
            var frameBytes = PixelFixtures.Rows * rowBytes;
            for (var i = 0; i < words.Length; i += 2)
            {
                if (i % frameBytes < TopBand.Height * rowBytes)
                {
                    continue; // the band the rule blanked
                }
                var before = input[i] | (input[i + 1] << 8);
                var after = words[i] | (words[i + 1] << 8);
                Assert.Equal(overlayInPixels ? before & 0x0FFF : before, after);
            }
        }
    }
}
