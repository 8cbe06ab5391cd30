using DropBox.Deidentify.Pixels;
using DropBox.Dicom;

namespace DropBox.Deidentify.Engine;

internal sealed partial class DatasetWalker
{
    /// <summary>
    /// Kept encapsulated pixel data: the text a device wrote into its frames' header segments (JPEG COM and APPn,
    /// JPEG 2000 COM) is blanked in place, sizes unchanged; the plan says how many segments and frames.
    /// </summary>
    private void KeepFragments(DicomFragments pixels, string path)
    {
        if (_quiet > 0)
        {
            return; // inside content being removed: it does not travel, nothing to clean or plan
        }
        var report = FrameTextCleaner.Clean(pixels, state.TransferSyntaxUid);
        if (report.SegmentsBlanked > 0)
        {
            state.Actions++;
        }
        if (state.RecordPlan)
        {
            state.Plan.Add((path, report.PlanText()));
        }
    }
}
