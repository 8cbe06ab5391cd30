using System.Text.RegularExpressions;

namespace DropBox.Cli.Tests.CrashSafety;

/// <summary>
/// The stray files a SIGKILL at a random moment leaves (found by the soak, bench/README.md "SIGKILL soak"): the temp
/// file of an atomic write (write, rename) killed between its create and its rename. None holds DICOM or a value from
/// one. The daemon sweeps them, but only once they are old enough that no write can still be under way (an upload's or
/// quarantine item's folder, a receipt's temp file: each once a minute old), so the soak's last pass, seconds after
/// the last kill, may still find them young: it tolerates exactly these. A start-up probe left in an inbox is not
/// tolerated: the next start removes it at once. The crash-point tests never land here and stay strict.
/// </summary>
internal static partial class KillLeftovers
{
    /// <summary>True for a known young leftover outside the work area: a receipt's temp file in a sender's receipts folder.</summary>
    public static bool IsKnownOutsideWorkArea(string path) =>
        Path.GetFileName(Path.GetDirectoryName(path)) == "receipts" && ReceiptTemp().IsMatch(Path.GetFileName(path));

    /// <summary>True for a folder (an upload's, a quarantine item's) that holds nothing but the temp file of its
    /// claim.json or reason.json: its rename never happened (swept once a minute old).</summary>
    public static bool IsAbandonedFolder(string directory) =>
        Directory.GetFileSystemEntries(directory).Select(Path.GetFileName).All(n => MetadataTemp().IsMatch(n!));

    [GeneratedRegex(@"^\.u-[0-9]{14}-[0-9a-f]{8}\.txt\.[0-9a-f]{32}\.tmp$")]
    private static partial Regex ReceiptTemp();

    [GeneratedRegex(@"^(claim|reason)\.json\.tmp-[0-9]+$")]
    private static partial Regex MetadataTemp();
}
