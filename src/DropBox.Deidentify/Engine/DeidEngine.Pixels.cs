using DropBox.Deidentify.Pixels.Cleaning;
using DropBox.Deidentify.Profile;
using DropBox.Deidentify.Quarantine;
using DropBox.Dicom;

namespace DropBox.Deidentify.Engine;

public sealed partial class DeidEngine
{
    /// <summary>The header-only quarantine rules; under CleanPixelData a file with pixels that may carry text is not held
    /// here but cleaned by <see cref="CleanPixels"/>.</summary>
    private DeidResult? Hold(DicomFile file) =>
        QuarantineRules.Check(file, _policy.Relaxed, _policy.Has(DeidOption.CleanStructuredContent), _policy.Has(DeidOption.CleanPixelData)) is { } hold
            ? DeidResult.Quarantined(hold.Reason, hold.Message)
            : null;

    /// <summary>Whether the Clean Pixel Data step reads this file: the option is on and its pixels may carry text.</summary>
    private bool TouchesPixels(DicomFile file) => _policy.Has(DeidOption.CleanPixelData) && QuarantineRules.NeedsPixelCleaning(file);

    /// <summary>
    /// Under CleanPixelData, the pixel step for a file whose pixels may carry text (the files the burned-in rule holds
    /// without the option); every other file goes on as it is, with an empty plan. The step reads the original header,
    /// so it runs before any rule changes it.
    /// </summary>
    private PixelStepResult CleanPixels(DicomFile file, string inputPath, string scratchFolder)
    {
        if (!TouchesPixels(file))
        {
            return new PixelStepResult(null, file, []);
        }
        Directory.CreateDirectory(scratchFolder);
        return _pixels.Clean(file, inputPath, scratchFolder);
    }
}
