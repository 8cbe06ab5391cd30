using System.Security.Cryptography;
using System.Text;

namespace DropBox.Daemon.Sync.Sftp;

/// <summary>One pinned key of a known_hosts file: its type (e.g. <c>ssh-ed25519</c>) and public key blob.</summary>
internal sealed record PinnedKey(string Type, byte[] Blob, bool Revoked);

/// <summary>
/// Reads an OpenSSH known_hosts file the way <c>ssh -o StrictHostKeyChecking=yes</c> uses it for one host:
/// plain (<c>host</c>, <c>[host]:port</c>, comma lists) and hashed (<c>|1|salt|hash</c>, from <c>ssh-keyscan -H</c>)
/// host fields, <c>@revoked</c> lines. Wildcard patterns and <c>@cert-authority</c> lines are not honoured (they
/// never match), so only keys pinned for exactly this host are trusted.
/// </summary>
internal static class KnownHosts
{
    /// <summary>The name a known_hosts line uses for <paramref name="host"/>:<paramref name="port"/>.</summary>
    public static string LookupName(string host, int port) => port == 22 ? host : $"[{host}]:{port}";

    /// <summary>Every key the file pins for the host (including revoked ones, flagged).</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static IReadOnlyList<PinnedKey> KeysFor(string knownHostsFile, string host, int port) =>
        Parse(File.ReadAllLines(knownHostsFile), LookupName(host, port));

    public static IReadOnlyList<PinnedKey> Parse(IEnumerable<string> lines, string lookupName)
    {
        var keys = new List<PinnedKey>();
        foreach (var raw in lines)
        {
            var fields = raw.Trim().Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0 || fields[0].StartsWith('#'))
            {
                continue;
            }

            var revoked = false;
            if (fields[0].StartsWith('@'))
            {
                if (fields[0] != "@revoked")
                {
                    continue; // @cert-authority: certificates are not used
                }

                revoked = true;
                fields = fields[1..];
            }

            if (fields.Length < 3 || !HostsMatch(fields[0], lookupName))
            {
                continue;
            }

            try
            {
                keys.Add(new PinnedKey(fields[1], Convert.FromBase64String(fields[2]), revoked));
            }
            catch (FormatException)
            {
                // a damaged line pins nothing
            }
        }

        return keys;
    }

    private static bool HostsMatch(string hostsField, string lookupName)
    {
        if (hostsField.StartsWith("|1|", StringComparison.Ordinal))
        {
            return HashedMatch(hostsField, lookupName);
        }

        var matched = false;
        foreach (var pattern in hostsField.Split(','))
        {
            if (pattern.StartsWith('!') && string.Equals(pattern[1..], lookupName, StringComparison.OrdinalIgnoreCase))
            {
                return false; // an explicit exclusion wins
            }

            matched |= string.Equals(pattern, lookupName, StringComparison.OrdinalIgnoreCase);
        }

        return matched;
    }

    // |1|base64(salt)|base64(HMAC-SHA1(salt, name)), as ssh-keygen -H and ssh-keyscan -H write it.
    private static bool HashedMatch(string field, string lookupName)
    {
        var parts = field.Split('|');
        if (parts.Length != 4)
        {
            return false;
        }

        try
        {
            var salt = Convert.FromBase64String(parts[2]);
            var expected = Convert.FromBase64String(parts[3]);
#pragma warning disable CA5350 // HMAC-SHA1 is the known_hosts hashing format, not our choice of MAC
            var actual = HMACSHA1.HashData(salt, Encoding.ASCII.GetBytes(lookupName.ToLowerInvariant()));
#pragma warning restore CA5350
            return CryptographicOperations.FixedTimeEquals(actual, expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
