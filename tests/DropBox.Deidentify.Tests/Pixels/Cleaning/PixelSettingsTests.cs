using DropBox.Deidentify.Engine;
using DropBox.Deidentify.Pixels.Cleaning;

namespace DropBox.Deidentify.Tests.Pixels.Cleaning;

public sealed class PixelSettingsTests
{
    [Fact]
    public void The_defaults_are_valid_identifiers_gdcmconv_tesseract_margin_4_and_built_in_rules()
    {
        var settings = new DeidSettings { Options = ["CleanPixelData"] };

        Assert.Empty(settings.Validate("Deidentify"));
        Assert.Equal((PixelTextPolicies.Identifiers, PixelDecoders.Gdcmconv, "tesseract", 4, true, (string?)null),
            (settings.PixelText, settings.PixelDecoder, settings.OcrPath, settings.PixelTextMargin, settings.BuiltInPixelRules, settings.PixelRules));
    }

    [Fact]
    public void Every_bad_pixel_setting_is_reported_at_once_with_its_name()
    {
        var settings = new DeidSettings
        {
            Options = ["CleanPixelData"], PixelText = "all", PixelDecoder = "ffmpeg", PixelTextMargin = 100, OcrPath = "bin/tesseract", PixelRules = " ",
        };

        var errors = settings.Validate("Deidentify").ToList();

        Assert.Equal(5, errors.Count);
        foreach (var name in new[] { "PixelText 'all'", "PixelDecoder 'ffmpeg'", "PixelTextMargin is 100", "OcrPath 'bin/tesseract'", "PixelRules is empty" })
        {
            Assert.Contains(errors, e => e.StartsWith("Deidentify." + name, StringComparison.Ordinal));
        }
    }
}
