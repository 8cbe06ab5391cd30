namespace DropBox.Daemon.Encrypt;

/// <summary>
/// How a project's de-identified output is encrypted for its receivers (section "Encrypt" of a project).
/// The cipher (AES-256) and integrity protection are fixed, not options: a receiver must never get weaker
/// ciphertext because of a configuration slip.
/// </summary>
internal sealed class EncryptOptions
{
    /// <summary>The gpg program: a name looked up on PATH or an absolute path. Default "gpg" (GnuPG 2.2+).</summary>
    public string GpgPath { get; set; } = "gpg";

    /// <summary>
    /// Compress before encrypting (zlib, level 6). Default false: DICOM pixel data and zips are mostly
    /// already compressed, so compression costs CPU and saves little.
    /// </summary>
    public bool Compress { get; set; }

    /// <summary>Time allowed per GiB of input in one gpg batch, on top of <see cref="MinimumTimeout"/>. Default 5 minutes
    /// (gpg encrypts at ~180 MB/s here, so this only trips on a hung process or a stalled disk).</summary>
    public TimeSpan TimeoutPerGigabyte { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Time allowed for any gpg run however small its input. Default 1 minute.</summary>
    public TimeSpan MinimumTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Files handed to one gpg process at most; larger batches are split. Default 500.</summary>
    public int MaxFilesPerProcess { get; set; } = 500;

    /// <summary>zlib level used when <see cref="Compress"/> is true.</summary>
    internal const int CompressLevel = 6;

    /// <summary>Every problem with these options, each prefixed with <paramref name="prefix"/> (e.g. "Projects:liver:Encrypt").</summary>
    public IEnumerable<string> Validate(string prefix)
    {
        if (string.IsNullOrWhiteSpace(GpgPath))
        {
            yield return $"{prefix}:GpgPath is empty: set it to \"gpg\" or the absolute path of the gpg program.";
        }
        else if (GpgPath.Contains('/', StringComparison.Ordinal) && !Path.IsPathRooted(GpgPath))
        {
            yield return $"{prefix}:GpgPath '{GpgPath}' is a relative path: give a program name found on PATH or an absolute path.";
        }

        if (TimeoutPerGigabyte <= TimeSpan.Zero)
        {
            yield return $"{prefix}:TimeoutPerGigabyte must be positive (e.g. \"00:05:00\"), not {TimeoutPerGigabyte}.";
        }

        if (MinimumTimeout <= TimeSpan.Zero)
        {
            yield return $"{prefix}:MinimumTimeout must be positive (e.g. \"00:01:00\"), not {MinimumTimeout}.";
        }

        if (MaxFilesPerProcess < 1)
        {
            yield return $"{prefix}:MaxFilesPerProcess must be at least 1, not {MaxFilesPerProcess}.";
        }
    }

    /// <summary>Timeout for one gpg run over <paramref name="totalBytes"/> of input.</summary>
    internal TimeSpan TimeoutFor(long totalBytes) =>
        MinimumTimeout + (TimeoutPerGigabyte * (totalBytes / (double)(1L << 30)));
}
