using System.Globalization;
using System.Security.Cryptography;

namespace DropBox.Daemon.Platform;

/// <summary>Names made without PHI, for folders and log lines: <c>&lt;prefix&gt;-&lt;yyyyMMddHHmmss&gt;-&lt;8 hex&gt;</c>
/// (UTC time + randomness). Upload ids use "u", quarantine items "q".</summary>
internal static class PhiFreeId
{
    public static string New(string prefix, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var stamp = time.GetUtcNow().UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        return $"{prefix}-{stamp}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
    }
}
