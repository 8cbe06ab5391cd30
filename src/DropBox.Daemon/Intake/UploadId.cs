using System.Text.RegularExpressions;
using DropBox.Daemon.Platform;

namespace DropBox.Daemon.Intake;

/// <summary>Names an upload without PHI: <c>u-&lt;yyyyMMddHHmmss&gt;-&lt;8 hex&gt;</c> (UTC claim time + randomness).</summary>
internal static partial class UploadId
{
    /// <summary>A new id for an upload claimed now.</summary>
    public static string New(TimeProvider time) => PhiFreeId.New("u", time);

    /// <summary>True when <paramref name="value"/> has the upload-id shape (so it is safe as a folder name).</summary>
    public static bool IsValid(string? value) => value is not null && Shape().IsMatch(value);

    [GeneratedRegex("^u-[0-9]{14}-[0-9a-f]{8}$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
