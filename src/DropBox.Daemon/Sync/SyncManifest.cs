using System.Globalization;
using System.Text;

namespace DropBox.Daemon.Sync;

/// <summary>
/// The receipt sent last with each run that delivered files: <c>MANIFEST-&lt;yyyyMMddTHHmmssZ&gt;.sha256</c> at
/// the root of the target, in <c>sha256sum</c> format (<c>&lt;hex&gt;  &lt;relative path&gt;</c>), so the far
/// site can run <c>sha256sum -c</c> in that directory to check the batch arrived whole.
/// </summary>
internal static class SyncManifest
{
    public static string NameFor(DateTimeOffset time) =>
        "MANIFEST-" + time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + ".sha256";

    public static string Render(IEnumerable<(string RelativePath, string Sha256)> files)
    {
        var text = new StringBuilder();
        foreach (var (path, sha) in files.OrderBy(f => f.RelativePath, StringComparer.Ordinal))
        {
            // GNU sha256sum escapes backslashes (and marks such lines with a leading '\').
            if (path.Contains('\\', StringComparison.Ordinal))
            {
                text.Append('\\').Append(sha).Append("  ").Append(path.Replace("\\", "\\\\", StringComparison.Ordinal)).Append('\n');
            }
            else
            {
                text.Append(sha).Append("  ").Append(path).Append('\n');
            }
        }

        return text.ToString();
    }
}
