using DropBox.Daemon.Diagnostics;

namespace DropBox.Daemon.Intake;

/// <summary>The intake owns the layout of a claimed upload's folder (<c>&lt;WorkDirectory&gt;/uploads/&lt;id&gt;/</c>:
/// claim.json, original, and what later stages write beside them), so it also owns removing it.</summary>
internal static class ClaimFolder
{
    /// <summary>Removes the upload's plaintext; the original stays (inside the private area) when retention asks.</summary>
    public static void RemovePlaintext(string directory, bool keepOriginal)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }
        // Entry by entry, claim.json last: a crash part-way leaves a folder the next pass can still recognise.
        foreach (var entry in Directory.GetFileSystemEntries(directory))
        {
            var name = Path.GetFileName(entry);
            if (name is ClaimedUpload.ClaimFileName || (keepOriginal && name is ClaimedUpload.OriginalFileName))
            {
                continue;
            }
            if (Directory.Exists(entry))
            {
                Directory.Delete(entry, recursive: true);
            }
            else
            {
                File.Delete(entry);
            }
            CrashPoints.Hit("mid-cleanup");
        }
        if (!keepOriginal)
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
