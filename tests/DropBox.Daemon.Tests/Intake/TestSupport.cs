using System.Diagnostics;
using System.Text;
using DropBox.Daemon.Intake;
using ICSharpCode.SharpZipLib.Zip;
using DropBox.Daemon.Platform;

namespace DropBox.Daemon.Tests.Intake;

/// <summary>A fresh folder under /tmp (or another base), removed at the end (links are removed, not followed).</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder(string? baseDirectory = null)
    {
        Path = System.IO.Path.Combine(baseDirectory ?? System.IO.Path.GetTempPath(), "dropbox-intake-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public string Dir(params string[] parts)
    {
        var dir = Combine(parts);
        Directory.CreateDirectory(dir);
        return dir;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

internal static class TestFiles
{
    /// <summary>A small Part 10 file: preamble, "DICM", a file-meta element and some dataset bytes.</summary>
    public static byte[] Part10(int datasetBytes = 64)
    {
        var bytes = new List<byte>(new byte[128]);
        bytes.AddRange("DICM"u8.ToArray());
        bytes.AddRange([0x02, 0x00, 0x10, 0x00, (byte)'U', (byte)'I', 20, 0]);
        bytes.AddRange(Encoding.ASCII.GetBytes("1.2.840.10008.1.2.1\0"));
        bytes.AddRange(Enumerable.Range(0, datasetBytes).Select(i => (byte)i));
        return [.. bytes];
    }

    public static string Write(string path, byte[] content)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>A zip made with SharpZipLib; <paramref name="tweak"/> may change each entry before it is written.</summary>
    public static string Zip(string path, IEnumerable<(string Name, byte[] Data)> entries, Action<ZipEntry>? tweak = null, string? password = null)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        using var file = File.Create(path);
        using var zip = new ZipOutputStream(file);
        if (password is not null)
        {
            zip.Password = password;
        }

        foreach (var (name, data) in entries)
        {
            var entry = new ZipEntry(name) { Size = data.Length };
            tweak?.Invoke(entry);
            zip.PutNextEntry(entry);
            zip.Write(data, 0, data.Length);
            zip.CloseEntry();
        }

        zip.Finish();
        return path;
    }

    public static void MakeFifo(string path)
    {
        using var process = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }

    /// <summary>"Now" far enough after the file's last change that the quiet period has passed.</summary>
    public static DateTimeOffset QuietAfter(string path, TimeSpan quiet) =>
        UnixFileStatus.LStat(path).LastChangeUtc + quiet + TimeSpan.FromSeconds(1);
}

/// <summary>Runs only where /dev/shm and the temp folder are different filesystems (to provoke EXDEV).</summary>
public sealed class TwoFilesystemsFactAttribute : FactAttribute
{
    public TwoFilesystemsFactAttribute()
    {
        var shm = Directory.Exists("/dev/shm") ? UnixFileStatus.TryLStat("/dev/shm") : null;
        var temp = UnixFileStatus.TryLStat(Path.GetTempPath());
        if (shm is null || temp is null || shm.Value.Device == temp.Value.Device)
        {
            Skip = "Needs /dev/shm on a different filesystem than the temp folder to provoke EXDEV.";
        }
    }
}
