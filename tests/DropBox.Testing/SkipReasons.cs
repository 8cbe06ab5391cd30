namespace DropBox.Testing;

/// <summary>The skip decisions shared by the Fact/Theory attributes (xunit 2.9 has no dynamic skip).</summary>
public static class SkipReasons
{
    public const string NoCorpus =
        "../shared/dicom-corpus not found beside the repo (a user's clone): corpus tests skipped";

    /// <summary>Why a test needing the corpus cannot run here, or null.</summary>
    public static string? ForCorpus() => RepoPaths.Corpus is null ? NoCorpus : null;

    /// <summary>
    /// Why a test needing these programs cannot run here, or null. Under CI (CI=true) missing tools do NOT
    /// skip: CI must have them, so the test runs and fails loudly where it starts the missing program.
    /// </summary>
    public static string? ForTools(IEnumerable<string> tools)
    {
        var missing = Tools.Missing(tools);
        if (missing.Count == 0 || Tools.IsCi)
        {
            return null;
        }
        return $"not installed: {string.Join(", ", missing)} (scripts/test.sh installs the Debian packages)";
    }

    /// <summary>The first reason that applies among corpus and tools, or null.</summary>
    public static string? ForCorpusAndTools(IEnumerable<string> tools) => ForCorpus() ?? ForTools(tools);
}
