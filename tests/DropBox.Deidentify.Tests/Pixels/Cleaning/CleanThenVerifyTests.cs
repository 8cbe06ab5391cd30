using DropBox.Deidentify.Pixels.Cleaning;
using DropBox.Deidentify.Pixels.Regions;

namespace DropBox.Deidentify.Tests.Pixels.Cleaning;

/// <summary>Which OCR-found words the cleaner blanks: legible text and the file's identifiers, not image texture.</summary>
public sealed class CleanThenVerifyTests
{
    private static readonly PixelFormat Grey = new(1, 8, 8, false, false, "MONOCHROME2", Frames: 1);

    [Fact]
    public void A_legible_word_and_an_identifier_read_with_low_confidence_are_blanked_and_low_confidence_texture_is_left()
    {
        var pixels = Enumerable.Repeat((byte)200, PixelFixtures.Rows * PixelFixtures.Columns).ToArray();
        var legible = new FoundText(new PixelRegion(2, 2, 4, 2), "Gain", 90);
        var identifier = new FoundText(new PixelRegion(12, 2, 4, 2), "QUIMBY", 30);
        var texture = new FoundText(new PixelRegion(22, 12, 4, 2), "ett.", 35);
        var reader = new FirstReadOnly([legible, identifier, texture]);

        var report = CleanThenVerify.Run(pixels, PixelFixtures.LayoutOf(Grey, pixels), [], reader,
            word => word == "QUIMBY", margin: 0, CancellationToken.None, minConfidence: 60);

        Assert.True(report.Passed);
        Assert.Equal(2, report.OcrBoxes);
        Assert.Equal(0, pixels[(2 * PixelFixtures.Columns) + 2]);   // inside the legible word's box
        Assert.Equal(0, pixels[(2 * PixelFixtures.Columns) + 12]);  // inside the identifier's box
        Assert.Equal(200, pixels[(12 * PixelFixtures.Columns) + 22]); // the texture's box is left as it was
    }

    [Fact]
    public void With_min_confidence_zero_every_word_with_a_letter_or_digit_is_blanked()
    {
        var pixels = Enumerable.Repeat((byte)200, PixelFixtures.Rows * PixelFixtures.Columns).ToArray();
        var texture = new FoundText(new PixelRegion(22, 12, 4, 2), "ett.", 5);

        var report = CleanThenVerify.Run(pixels, PixelFixtures.LayoutOf(Grey, pixels), [], new FirstReadOnly([texture]),
            _ => false, margin: 0, CancellationToken.None, minConfidence: 0);

        Assert.Equal(1, report.OcrBoxes);
        Assert.Equal(0, pixels[(12 * PixelFixtures.Columns) + 22]);
    }

    /// <summary>Reads the words on the first read of a frame (before cleaning) and nothing on the verify read.</summary>
    private sealed class FirstReadOnly(IReadOnlyList<FoundText> words) : IFrameTextReader
    {
        private int _reads;

        public IReadOnlyList<FoundText> Read(FrameImage frame, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _reads) == 1 ? words : [];
    }
}
