using System.Security.Cryptography;
using System.Text;

namespace DropBox.Testing;

/// <summary>
/// A fixed project secret for runs whose outputs a set-wide PHI scan (<c>phi-scan.py --global</c>) checks. Remapped
/// UIDs are <c>2.25.</c> + ~39 digits derived from the secret, and a random digit string holds a given 8-digit date
/// about once in 10^8 windows: with a new secret per run, a scan for every planted date in every output would fail
/// by pure chance in a few runs per thousand (bench/README.md, "the 2000-file scan finding"). A fixed secret makes
/// the outputs, and so the verdict, the same in every run.
/// </summary>
public static class TestSecret
{
    private static readonly byte[] Bytes = SHA256.HashData(Encoding.ASCII.GetBytes("DropBox TEST-ONLY project secret"));

    /// <summary>Writes the secret where the CLI or the daemon will look for it (mode 0600, folders 0700).</summary>
    public static void WriteTo(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(path, Bytes);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
