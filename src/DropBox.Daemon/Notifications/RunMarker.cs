using DropBox.Daemon.Platform;

namespace DropBox.Daemon.Notifications;

/// <summary>
/// <c>&lt;StateDirectory&gt;/daemon.running</c>: made when <c>dropbox run</c> starts, removed when it stops cleanly.
/// Found at start, it says the previous run ended by a crash, a kill or a power loss (an alert, not an error:
/// the journal resumes every upload).
/// </summary>
internal static class RunMarker
{
    public const string FileName = "daemon.running";

    /// <summary>Marks the run as started; true when the previous run left its marker (an unclean stop).</summary>
    public static bool Begin(string stateDirectory, TimeProvider time)
    {
        var path = Path.Combine(stateDirectory, FileName);
        var unclean = File.Exists(path);
        PrivateFiles.WriteAllTextAtomic(path, time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture) + "\n");
        return unclean;
    }

    /// <summary>The run stops cleanly.</summary>
    public static void End(string stateDirectory) => File.Delete(Path.Combine(stateDirectory, FileName));
}
