using System.Security.Cryptography;
using System.Text;

namespace DropBox.Deidentify.Pseudonyms;

/// <summary>
/// A project's 32-byte secret: the key of every derivation (pseudonym keys, UIDs, date offsets, hashes).
/// Anyone holding only original values (a UID, a patient ID) cannot recompute a derived value without it,
/// which is what unsalted MD5/UUIDv3 schemes of other tools get wrong. Generated once, kept with mode 0600.
/// </summary>
public sealed class ProjectSecret
{
    public const int Length = 32;
    private readonly byte[] _key;

    private ProjectSecret(byte[] key) => _key = key;

    public static ProjectSecret FromBytes(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length != Length)
        {
            throw new ArgumentException($"A project secret has {Length} bytes, not {key.Length}.", nameof(key));
        }
        return new((byte[])key.Clone());
    }

    /// <summary>
    /// Reads the secret at <paramref name="path"/>, or creates it (32 random bytes, mode 0600) when absent.
    /// Creation writes a temporary file and links it into place without overwriting, so two processes
    /// starting at once agree on one secret.
    /// </summary>
    public static ProjectSecret LoadOrCreate(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
            Directory.CreateDirectory(dir);
            // A random name (hex by hand: Guid's formatting is JIT-compiled code for a first-run-only path).
            var temp = Path.Combine(dir, $".secret-{Derivation.DigestText.LowerHex(RandomNumberGenerator.GetBytes(16))}.tmp");
            try
            {
                using (var stream = new FileStream(temp, PrivateFile.CreateNewOptions))
                {
                    stream.Write(RandomNumberGenerator.GetBytes(Length));
                    stream.Flush(flushToDisk: true);
                }
                try
                {
                    File.Move(temp, path, overwrite: false);
                }
                catch (IOException) when (File.Exists(path))
                {
                    // Another process won the race: use its secret.
                }
            }
            finally
            {
                File.Delete(temp);
            }
        }
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length != Length)
        {
            throw new InvalidDataException(
                $"The project secret file '{path}' holds {bytes.Length} bytes, not {Length}. Restore it from backup; " +
                "a new secret would change every pseudonym, UID and date offset of the project.");
        }
        return new(bytes);
    }

    /// <summary>HMAC-SHA-256 of the UTF-8 bytes of <paramref name="message"/>.</summary>
    public byte[] Hmac(string message)
    {
        var bytes = Encoding.UTF8.GetBytes(message);
        var hmac = t_hmac;
        if (hmac is null || !ReferenceEquals(t_hmacKeyOwner, this))
        {
            hmac?.Dispose();
            hmac = t_hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
            t_hmacKeyOwner = this;
        }
        hmac.AppendData(bytes);
        return hmac.GetHashAndReset();
    }

    // One keyed HMAC per thread, reset after each use: a file takes about a dozen derivations, and a one-shot
    // HMACSHA256.HashData sets up and tears down the native context each time (about twice the cost of a reset).
    [ThreadStatic]
    private static IncrementalHash? t_hmac;

    [ThreadStatic]
    private static ProjectSecret? t_hmacKeyOwner;

    /// <summary>
    /// HMAC of a message in a named domain ("purpose\0message"), so one derivation's output can never be
    /// replayed as another's (a date offset key is not a pseudonym key).
    /// </summary>
    public byte[] Hmac(string purpose, string message) => Hmac(purpose + "\0" + message);
}
