namespace DropBox.Daemon.Encrypt;

/// <summary>What gpg's machine-readable status lines (<c>--status-fd 1</c>, GnuPG doc/DETAILS) say about one input file.</summary>
internal sealed class GpgFileStatus
{
    public int? IntegrityMethod { get; set; }
    public int? CipherAlgorithm { get; set; }
    public bool Ended { get; set; }

    /// <summary>gpg's cipher algorithm id for AES-256 (RFC 4880 §9.2).</summary>
    public const int Aes256 = 9;

    /// <summary>BEGIN_ENCRYPTION with an MDC (2) or AEAD (>2) and AES-256, then END_ENCRYPTION.</summary>
    public bool IsComplete => Ended && IntegrityMethod >= 2 && CipherAlgorithm == Aes256;
}

/// <summary>Parsed status of a <c>gpg --multifile --encrypt</c> run, or of a one-stream run (stdin to stdout), whose
/// status has no FILE_START: that one message is filed under <see cref="SingleStream"/>.</summary>
internal sealed record GpgStatus(IReadOnlyDictionary<string, GpgFileStatus> Files, IReadOnlyList<string> InvalidRecipients)
{
    private const string Prefix = "[GNUPG:] ";

    /// <summary>The key of a one-stream run's status in <see cref="Files"/>.</summary>
    public const string SingleStream = "-";

    public static GpgStatus Parse(string statusOutput)
    {
        var files = new Dictionary<string, GpgFileStatus>(StringComparer.Ordinal);
        var invalid = new List<string>();
        GpgFileStatus? current = null;
        foreach (var raw in statusOutput.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (!line.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var parts = line[Prefix.Length..].Split(' ', 3);
            switch (parts[0])
            {
                case "FILE_START" when parts.Length == 3:
                    current = new GpgFileStatus();
                    files[parts[2]] = current;
                    break;
                case "BEGIN_ENCRYPTION" when parts.Length == 3:
                    current ??= files[SingleStream] = new GpgFileStatus();
                    current.IntegrityMethod = int.TryParse(parts[1], out var mdc) ? mdc : null;
                    current.CipherAlgorithm = int.TryParse(parts[2], out var cipher) ? cipher : null;
                    break;
                case "END_ENCRYPTION" when current is not null:
                    current.Ended = true;
                    break;
                case "FILE_DONE":
                    current = null;
                    break;
                case "INV_RECP" when parts.Length >= 2:
                    invalid.Add($"{(parts.Length == 3 ? parts[2] : "?")} ({InvalidRecipientReason(parts[1])})");
                    break;
                default:
                    break;
            }
        }

        return new GpgStatus(files, invalid.Distinct(StringComparer.Ordinal).ToList());
    }

    private static string InvalidRecipientReason(string code) => code switch
    {
        "1" => "not found",
        "2" => "ambiguous",
        "3" => "wrong key usage: no encryption subkey",
        "4" => "key revoked",
        "5" => "key expired",
        "10" => "key not trusted",
        "13" => "key disabled",
        _ => "unusable public key",
    };
}
