using System.Text.Json.Nodes;
using DropBox.Testing;

namespace DropBox.Daemon.Tests.Notifications;

/// <summary>The values the corpus manifest says were planted in a synthetic file (values and their fragments).</summary>
internal static class PlantedPhi
{
    public static IReadOnlyList<string> Of(params string[] syntheticFiles)
    {
        var manifest = JsonNode.Parse(File.ReadAllText(RepoPaths.CorpusFile("synthetic/manifest.json")))!;
        var values = new List<string>();
        foreach (var file in syntheticFiles)
        {
            foreach (var phi in manifest["files"]![file]!["phi"]!.AsArray())
            {
                values.Add(phi!["value"]!.GetValue<string>());
                values.AddRange(phi["fragments"]!.AsArray().Select(f => f!.GetValue<string>()));
            }
        }
        // Very short values (a sex code, an age) would match by chance in any text: the long ones identify.
        return [.. values.Where(v => v.Length >= 5).Distinct(StringComparer.Ordinal)];
    }

    public static void AssertAbsent(IReadOnlyList<string> planted, string where, string text)
    {
        foreach (var value in planted)
        {
            Assert.False(text.Contains(value, StringComparison.OrdinalIgnoreCase), $"planted value #{planted.ToList().IndexOf(value)} found in {where}");
        }
    }
}
