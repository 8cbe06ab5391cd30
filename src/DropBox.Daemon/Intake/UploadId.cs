using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace DropBox.Daemon.Intake;

/// <summary>Names an upload without PHI: <c>u-&lt;yyyyMMddHHmmss&gt;-&lt;8 hex&gt;</c> (UTC claim time + randomness).</summary>
internal static partial class UploadId
{
    /// <summary>A new id for an upload claimed now.</summary>
    public static string New(TimeProvider time) => NewId("u", time);

    /// <summary>True when <paramref name="value"/> has the upload-id shape (so it is safe as a folder name).</summary>
    public static bool IsValid(string? value) => value is not null && Shape().IsMatch(value);

    /// <summary><c>&lt;prefix&gt;-&lt;yyyyMMddHHmmss&gt;-&lt;8 hex&gt;</c>; shared with quarantine item ids.</summary>
    internal static string NewId(string prefix, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var stamp = time.GetUtcNow().UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        return $"{prefix}-{stamp}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
    }

    [GeneratedRegex("^u-[0-9]{14}-[0-9a-f]{8}$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
