using System.Text.Json;
using DropBox.Testing;

namespace DropBox.Cli.Tests.EndToEnd;

/// <summary>
/// The planted PHI of the synthetic corpus files an end-to-end test uses, read from
/// <c>synthetic/manifest.json</c>: every value and fragment, and a PHI-like upload name made of the file's
/// planted patient name and birth date (so a leaked upload name is a leaked planted value too).
/// </summary>
public static class PlantedPhi
{
    public static string Synthetic => Path.Combine(RepoPaths.RequireCorpus(), "synthetic");

    public static string ManifestPath => Path.Combine(Synthetic, "manifest.json");

    private static readonly Lazy<JsonElement> _files = new(() =>
        JsonDocument.Parse(File.ReadAllText(ManifestPath)).RootElement.GetProperty("files").Clone());

    /// <summary>Every planted value and fragment of these manifest keys (e.g. "syn01_….dcm", "mr_series_01/").</summary>
    public static IReadOnlyList<string> ValuesOf(IEnumerable<string> manifestKeys)
    {
        var values = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var key in manifestKeys)
        {
            foreach (var phi in _files.Value.GetProperty(key).GetProperty("phi").EnumerateArray())
            {
                values.Add(phi.GetProperty("value").GetString()!);
                if (phi.TryGetProperty("fragments", out var fragments))
                {
                    foreach (var f in fragments.EnumerateArray())
                    {
                        values.Add(f.GetString()!);
                    }
                }
            }
        }
        return values.Where(v => v.Trim().Length >= 3).ToList();
    }

    /// <summary>e.g. <c>Müller-Lüdenscheidt^Jürgen^Friedrich^Dr._19540312</c>: the planted patient name and birth date.</summary>
    public static string PhiNameOf(string manifestKey)
    {
        var phi = _files.Value.GetProperty(manifestKey).GetProperty("phi").EnumerateArray().ToList();
        string First(string kind) => phi.FirstOrDefault(p => p.GetProperty("kind").GetString() == kind) is { ValueKind: JsonValueKind.Object } p
            ? p.GetProperty("value").GetString()! : "";
        var name = (First("patient_name") + "_" + First("birth_date")).Replace('/', '-').Replace('\\', '-');
        return name.Trim('_');
    }

    /// <summary>Name parts (split at anything not a letter or digit) of 3+ characters: what must never show in outputs.</summary>
    public static IEnumerable<string> Tokens(string uploadName) =>
        Path.GetFileNameWithoutExtension(uploadName).Split(uploadName.Where(c => !char.IsLetterOrDigit(c)).Distinct().ToArray(),
            StringSplitOptions.RemoveEmptyEntries).Where(t => t.Length >= 3);
}
