using System.Globalization;
using System.Text;

namespace DropBox.Daemon.Encrypt;

/// <summary>
/// Turns <c>gpg --with-colons --fixed-list-mode --show-keys</c> output (GnuPG doc/DETAILS) into a
/// <see cref="ReceiverKey"/>. Pure, so every key shape can be tested without gpg.
/// </summary>
internal static class GpgKeyListing
{
    private sealed class Key
    {
        public required string Type { get; init; }
        public required string Validity { get; init; }
        public required string KeyId { get; init; }
        public required string Algorithm { get; init; }
        public required string Capabilities { get; init; }
        public DateTimeOffset? Expires { get; init; }
        public string? Fingerprint { get; set; }
        public string? UserId { get; set; }
        public List<Key> Subkeys { get; } = [];
        public bool IsRevoked => Validity == "r";
        public bool IsInvalid => Validity == "i";
        public bool IsExpiredAt(DateTimeOffset now) => Validity == "e" || (Expires is { } e && e <= now);
    }

    public static ReceiverKey Parse(string keyFile, string colons, DateTimeOffset now)
    {
        var primaries = new List<Key>();
        var secret = false;
        Key? current = null;
        foreach (var line in colons.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var f = line.Split(':');
            switch (f[0])
            {
                case "pub" or "sec":
                    secret |= f[0] == "sec";
                    current = ReadKey(f);
                    primaries.Add(current);
                    break;
                case "sub" or "ssb" when primaries.Count > 0:
                    secret |= f[0] == "ssb";
                    current = ReadKey(f);
                    primaries[^1].Subkeys.Add(current);
                    break;
                case "fpr" when current is not null && current.Fingerprint is null:
                    current.Fingerprint = Field(f, 10);
                    break;
                case "uid" when primaries.Count > 0 && primaries[^1].UserId is null:
                    primaries[^1].UserId = Unescape(Field(f, 10));
                    break;
                default:
                    break;
            }
        }

        return Judge(keyFile, primaries, secret, now);
    }

    private static ReceiverKey Judge(string keyFile, List<Key> primaries, bool secret, DateTimeOffset now)
    {
        var problems = new List<string>();
        if (secret)
        {
            problems.Add($"key file {keyFile} contains a SECRET key: give only the public key " +
                "(the receiver runs gpg --armor --export KEYID) and remove this file from the server.");
        }

        if (primaries.Count == 0)
        {
            problems.Add($"key file {keyFile} is not an OpenPGP public key (gpg found no key in it): " +
                "ask the receiver for the output of gpg --armor --export KEYID.");
            return new ReceiverKey(keyFile, null, null, null, [], problems);
        }

        if (primaries.Count > 1)
        {
            problems.Add($"key file {keyFile} holds {primaries.Count} keys: put each receiver's key in its own file.");
        }

        var primary = primaries[0];
        var usable = new List<EncryptionSubkey>();
        if (primary.IsRevoked)
        {
            problems.Add($"key {primary.Fingerprint} in {keyFile} is revoked: ask the receiver for their current public key.");
        }
        else if (primary.IsExpiredAt(now))
        {
            problems.Add($"key {primary.Fingerprint} in {keyFile} expired{On(primary.Expires)}: ask the receiver to extend it " +
                "(gpg --quick-set-expire) and send the public key again.");
        }
        else
        {
            JudgeEncryptionKeys(keyFile, primary, now, usable, problems);
        }

        return new ReceiverKey(keyFile, primary.Fingerprint, primary.UserId, primary.Algorithm, usable, problems);
    }

    private static void JudgeEncryptionKeys(string keyFile, Key primary, DateTimeOffset now, List<EncryptionSubkey> usable, List<string> problems)
    {
        // The primary's own usage is in lower case; upper case letters summarise the whole key.
        var candidates = new[] { primary }.Concat(primary.Subkeys).Where(k => k.Capabilities.Contains('e', StringComparison.Ordinal)).ToList();
        var reasons = new List<string>();
        foreach (var k in candidates)
        {
            if (k.IsRevoked)
            {
                reasons.Add($"encryption subkey {k.KeyId} is revoked");
            }
            else if (k.IsExpiredAt(now))
            {
                reasons.Add($"encryption subkey {k.KeyId} expired{On(k.Expires)}");
            }
            else if (k.IsInvalid || k.Fingerprint is null)
            {
                reasons.Add($"encryption subkey {k.KeyId} is invalid");
            }
            else
            {
                usable.Add(new EncryptionSubkey(k.Fingerprint, k.KeyId, k.Algorithm, k.Expires));
            }
        }

        if (usable.Count > 0)
        {
            return;
        }

        if (candidates.Count == 0)
        {
            problems.Add($"key file {keyFile} has no usable encryption subkey (its only key can sign/certify): " +
                "ask the receiver for a key with an encryption subkey (e.g. gpg --quick-add-key FPR cv25519 encr).");
        }
        else
        {
            problems.Add($"key file {keyFile} has no usable encryption subkey: {string.Join("; ", reasons)}: " +
                "ask the receiver for a renewed public key with a valid encryption subkey.");
        }
    }

    private static Key ReadKey(string[] f) => new()
    {
        Type = f[0],
        Validity = Field(f, 2),
        KeyId = Field(f, 5),
        Algorithm = AlgorithmName(Field(f, 4), Field(f, 3), Field(f, 17)),
        Expires = ParseTime(Field(f, 7)),
        Capabilities = Field(f, 12),
    };

    private static string Field(string[] f, int oneBased) => oneBased <= f.Length ? f[oneBased - 1] : "";

    private static string AlgorithmName(string algo, string length, string curve) => algo switch
    {
        "1" or "2" or "3" => "rsa" + length,
        "16" or "20" => "elg" + length,
        "17" => "dsa" + length,
        "18" or "19" or "22" when curve.Length > 0 => curve,
        "18" => "ecdh",
        "19" => "ecdsa",
        "22" => "eddsa",
        _ => "algo" + algo,
    };

    private static DateTimeOffset? ParseTime(string value)
    {
        if (value.Length == 0)
        {
            return null;
        }

        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        return DateTimeOffset.TryParseExact(value, "yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out var iso) ? iso : null;
    }

    private static string On(DateTimeOffset? when) =>
        when is { } w ? " on " + w.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "";

    /// <summary>gpg escapes ':' and control bytes in user ids as \xHH over UTF-8 bytes.</summary>
    private static string Unescape(string value)
    {
        if (!value.Contains('\\', StringComparison.Ordinal))
        {
            return value;
        }

        var bytes = new List<byte>(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 3 < value.Length && value[i + 1] == 'x'
                && byte.TryParse(value.AsSpan(i + 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
            {
                bytes.Add(b);
                i += 3;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(value[i].ToString()));
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }
}
