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
        var studyHash = Convert.ToHexStringLower(secret.Hmac("study-hash", study))[..12];
        return $"{Safe(pseudonym)}/{studyHash}/{Number(deidentified.GetString(SeriesNumber))}_{Number(deidentified.GetString(InstanceNumber))}.dcm";
    }

    private static string Number(string? text)
    {
        var digits = new string((text ?? string.Empty).Where(char.IsAsciiDigit).ToArray()).TrimStart('0');
        return digits.Length == 0 ? "0" : digits.Length > 9 ? digits[..9] : digits;
    }

    private static string Safe(string pseudonym) =>
        string.Concat(pseudonym.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));

    /// <summary>A free path for <paramref name="relative"/> under <paramref name="root"/>: "_2", "_3"… before ".dcm" when taken.</summary>
    internal static string Reserve(string root, string relative)
    {
        var path = Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        for (var n = 1; ; n++)
        {
            var candidate = n == 1 ? path : Path.ChangeExtension(path, null) + "_" + n.ToString(CultureInfo.InvariantCulture) + ".dcm";
            try
            {
                using var _ = new FileStream(candidate, FileMode.CreateNew, FileAccess.Write);
                return candidate;
            }
            catch (IOException) when (File.Exists(candidate))
            {
            }
        }
    }
}
