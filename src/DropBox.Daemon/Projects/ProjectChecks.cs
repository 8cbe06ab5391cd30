using DropBox.Deidentify.Engine;

namespace DropBox.Daemon.Projects;

/// <summary>
/// The checks that ask other parts (gpg for keys, the de-identification engine for field lists, the
/// filesystem for rename atomicity). Each returns problems in plain words, never throws.
/// </summary>
internal class ProjectChecks
{
    public virtual IEnumerable<string> CheckReceiverKey(string keyFile)
    {
        if (!File.Exists(keyFile))
        {
            yield return $"receiver key file {keyFile} not found: ask the receiver for their public key (gpg --export --armor)";
        }
    }

    public virtual IEnumerable<string> CheckDeidentify(DeidSettings settings) => settings.Validate("Deidentify");

    /// <summary>Claiming is a rename; across filesystems it would be a copy that a still-writing client could corrupt.</summary>
    public virtual string? CheckSameFilesystem(string inbox, string workDirectory)
    {
        if (!Directory.Exists(inbox))
        {
            return null;
        }
        var probe = Path.Combine(inbox, $".dropbox-fs-probe-{Environment.ProcessId}");
        var target = Path.Combine(workDirectory, $".dropbox-fs-probe-{Environment.ProcessId}");
        try
        {
            Directory.CreateDirectory(workDirectory);
            File.WriteAllBytes(probe, []);
            // File.Move falls back to copy+delete across filesystems; Directory.Move refuses, which is what we want to detect.
            Directory.CreateDirectory(probe + ".d");
            Directory.Move(probe + ".d", target + ".d");
            Directory.Delete(target + ".d");
            return null;
        }
        catch (IOException)
        {
            return $"work directory {workDirectory} is not on the same filesystem as the inboxes under the root: claims must be atomic renames; put WorkDirectory inside the root (default <Root>/.dropbox)";
        }
        catch (UnauthorizedAccessException)
        {
            return $"work directory {workDirectory} cannot be created or written: fix its owner or mode";
        }
        finally
        {
            TryDelete(probe);
            TryDeleteDir(probe + ".d");
        }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static void TryDeleteDir(string path)
    {
        try { if (Directory.Exists(path)) { Directory.Delete(path); } } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
