using System.Globalization;
using DropBox.Deidentify.Pseudonyms;
using DropBox.Dicom;

namespace DropBox.Deidentify.Engine;

/// <summary>
/// Output names never come from input names or values (uploaded names often hold patient names):
/// <c>&lt;pseudonym&gt;/&lt;study-hash&gt;/&lt;series-no&gt;_&lt;instance-no&gt;.dcm</c>, the study hash being the first
/// 12 hex digits of HMAC(secret, new Study Instance UID), numbers reduced to digits ("0" when absent).
/// </summary>
internal static class OutputNaming
{
    private static readonly DicomTag StudyInstanceUid = new(0x0020, 0x000D);
    private static readonly DicomTag SeriesNumber = new(0x0020, 0x0011);
    private static readonly DicomTag InstanceNumber = new(0x0020, 0x0013);

    public static string For(DicomDataset deidentified, string pseudonym, ProjectSecret secret)
    {
        var study = deidentified.GetString(StudyInstanceUid) ?? string.Empty;
        var studyHash = Derivation.DigestText.LowerHex(secret.Hmac("study-hash", study).AsSpan(0, 6));
        return $"{Safe(pseudonym)}/{studyHash}/{Number(deidentified.GetString(SeriesNumber))}_{Number(deidentified.GetString(InstanceNumber))}.dcm";
    }

    private static string Number(string? text)
    {
        var digits = new string((text ?? string.Empty).Where(char.IsAsciiDigit).ToArray()).TrimStart('0');
        return digits.Length == 0 ? "0" : digits.Length > 9 ? digits[..9] : digits;
    }

    private static string Safe(string pseudonym) =>
        string.Concat(pseudonym.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));

    /// <summary>The suffix of the file an output is written to before it is renamed to its final name.</summary>
    public const string PartialSuffix = ".partial";

    /// <summary>
    /// A free final path for <paramref name="relative"/> under <paramref name="root"/> ("_2", "_3"… before ".dcm"
    /// when taken), claimed by creating its <see cref="PartialSuffix"/> file, which is returned open for the write
    /// and the verifier's read-back: two writers (threads or processes) cannot create the same .partial, and a name
    /// whose final file exists is skipped. The final name itself is not created here (no 0-byte placeholder that a
    /// crash could leave behind); the writer moves the .partial onto it without overwriting.
    /// </summary>
    internal static OutputClaim Claim(string root, string relative)
    {
        var path = Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar));
        var vanished = 0;
        for (var n = 1; ; n++)
        {
            var candidate = n == 1 ? path : Path.ChangeExtension(path, null) + "_" + n.ToString(CultureInfo.InvariantCulture) + ".dcm";
            if (File.Exists(candidate))
            {
                continue;
            }
            FileStream partial;
            try
            {
                partial = OpenPartial(candidate, FileMode.CreateNew);
            }
            catch (IOException) when (IsTaken(candidate) || vanished++ < 3)
            {
                // Taken by a .partial being written: the next name. But that writer may rename its .partial to the
                // final name, or give it up, between our failed create and this check (seen with many same-named
                // outputs in parallel): a final name counts as taken, and a .partial that is simply gone is tried
                // again, a few times, before the error is let through.
                if (!IsTaken(candidate))
                {
                    n--;
                }
                continue;
            }
            if (!File.Exists(candidate))
            {
                var name = n == 1 ? relative : Path.ChangeExtension(relative, null) + "_" + n.ToString(CultureInfo.InvariantCulture) + ".dcm";
                return new OutputClaim(candidate, partial) { Name = name };
            }
            partial.Dispose();
            File.Delete(candidate + PartialSuffix); // the final name appeared between the two checks
        }
    }

    private static bool IsTaken(string finalPath) => File.Exists(finalPath + PartialSuffix) || File.Exists(finalPath);

    /// <summary>Opens (replacing) the .partial of an exact final path, for callers that chose the path themselves.</summary>
    internal static OutputClaim Exact(string path) => new(Path.GetFullPath(path), OpenPartial(Path.GetFullPath(path), FileMode.Create));

    /// <summary>
    /// Read-write, so the verifier reads the written bytes back through the same handle. The folder is made when this
    /// thread's previous output went elsewhere.
    /// </summary>
    private static FileStream OpenPartial(string finalPath, FileMode mode)
    {
        var partial = finalPath + PartialSuffix;
        var folder = Path.GetDirectoryName(partial)!;
        if (!string.Equals(folder, t_lastFolder, StringComparison.Ordinal))
        {
            Directory.CreateDirectory(folder);
            t_lastFolder = folder;
        }
        try
        {
            return new FileStream(partial, mode, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        }
        catch (DirectoryNotFoundException)
        {
            Directory.CreateDirectory(folder); // removed since this thread last wrote there
            return new FileStream(partial, mode, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        }
    }

    // The folder this thread last wrote an output into. Consecutive files mostly share one (a series), so the folder is
    // made (an mkdir that usually finds it there) once per run of files, and no open has to fail first: the first
    // exception a process throws costs milliseconds.
    [ThreadStatic]
    private static string? t_lastFolder;
}

/// <summary>A final output path and its .partial, open for writing and reading back.</summary>
internal sealed record OutputClaim(string FinalPath, FileStream Partial)
{
    /// <summary>The relative name claimed ("_2" added when the suggested one was taken); null for an exact path.</summary>
    public string? Name { get; init; }
}
