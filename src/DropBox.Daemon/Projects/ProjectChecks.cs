using DropBox.Daemon.Encrypt;
using DropBox.Deidentify.Engine;

namespace DropBox.Daemon.Projects;

/// <summary>
/// The checks that ask other parts (gpg for keys, the de-identification engine for field lists, the
/// filesystem for rename atomicity). Each returns problems in plain words, never throws.
/// </summary>
internal class ProjectChecks
{
    /// <summary>Problems of one receiver key file, checked with the owning project's <paramref name="encrypt"/> settings.</summary>
    public virtual Task<IReadOnlyList<string>> CheckReceiverKeyAsync(string keyFile, EncryptOptions encrypt, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(File.Exists(keyFile)
            ? []
            : [$"receiver key file {keyFile} not found: ask the receiver for their public key (gpg --export --armor)"]);

    public virtual IEnumerable<string> CheckDeidentify(DeidSettings settings) => settings.Validate("Deidentify");

    /// <summary>Claiming is a rename; across filesystems it would be a copy that a still-writing client could corrupt.
    /// A work directory not made yet is probed through its nearest existing parent, where it will be made.</summary>
    public virtual string? CheckSameFilesystem(string inbox, string workDirectory)
    {
        if (!Directory.Exists(inbox) || NearestExistingAncestor(workDirectory) is not { } existing)
        {
            return null;
        }
        RemoveStaleProbes(inbox);
        RemoveStaleProbes(existing);
        var probe = Path.Combine(inbox, $"{ProbePrefix}{Environment.ProcessId}");
        var target = Path.Combine(existing, $"{ProbePrefix}{Environment.ProcessId}");
        try
        {
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

    private const string ProbePrefix = ".dropbox-fs-probe-";

    /// <summary>A check killed half-way (SIGKILL, a power cut) leaves its probe behind, in a sender's inbox where the
    /// sender sees it over SFTP: remove every probe whose process is gone.</summary>
    internal static void RemoveStaleProbes(string folder)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(folder, ProbePrefix + "*"))
        {
            var pid = Path.GetFileName(entry)[ProbePrefix.Length..].Split('.')[0];
            if (!int.TryParse(pid, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
                || id == Environment.ProcessId || Directory.Exists($"/proc/{id}"))
            {
                continue;
            }
            TryDelete(entry);
            TryDeleteDir(entry);
        }
    }

    /// <summary><paramref name="path"/> itself when it exists, else its closest existing parent folder; null if none.</summary>
    internal static string? NearestExistingAncestor(string path)
    {
        for (var folder = Path.GetFullPath(path); folder is not null; folder = Path.GetDirectoryName(folder))
        {
            if (Directory.Exists(folder))
            {
                return folder;
            }
        }
        return null;
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
