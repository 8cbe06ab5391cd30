using System.Security.Cryptography;
using System.Text;
using DropBox.Daemon.Platform;
using Microsoft.Extensions.Logging;

namespace DropBox.Daemon.Encrypt;

/// <summary>A gpg home holding exactly one set of receiver keys, checked against the key files: encrypt with
/// <c>--homedir <see cref="Home"/> -r FINGERPRINT</c> for each of <see cref="Fingerprints"/>.</summary>
internal sealed record ImportedKeySet(string Home, IReadOnlyList<string> Fingerprints);

/// <summary>
/// Imports the receivers' public keys ONCE per key set into its own keyring under the daemon's private gpg home
/// (<c>&lt;home&gt;/keysets/&lt;id&gt;</c>, 0700), so gpg does not re-parse the key files for every file it encrypts
/// (measured 2x faster, ../shared/notes/measurements.md). The set's id is a SHA-256 over the key files' own
/// SHA-256s: a changed file is a new set, imported afresh, never merged into an old keyring (an import merges, so
/// a subkey the receiver dropped would stay usable). The bytes imported are the bytes hashed (read once).
/// </summary>
/// <remarks>
/// Before a set is used for the first time by this instance (one per configuration: every start and reload), the
/// keyring's listing is compared with the checked key files: the same primary fingerprints, no other key, the same
/// usable encryption subkeys. A keyring that differs (tampered, or a key file that changed after it was checked)
/// is rebuilt once; if it still differs nothing is encrypted to it. A new set is imported into a temporary folder
/// and renamed into place when checked, so another process (a <c>dropbox once</c> beside the daemon) never sees a
/// half-imported keyring.
/// </remarks>
internal sealed class ReceiverKeyring(EncryptOptions options, string homeDirectory, TimeProvider time, ILogger logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, string> _verifiedListings = new(StringComparer.Ordinal);

    /// <summary>Test seam: extra environment for the gpg child.</summary>
    internal IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>The checked keyring for <paramref name="recipients"/> (each usable), imported now if needed.</summary>
    /// <exception cref="EncryptionException">A key file cannot be read, or its key is not the one checked.</exception>
    public async Task<ImportedKeySet> PrepareAsync(IReadOnlyList<ReceiverKey> recipients, CancellationToken cancellationToken)
    {
        var files = recipients.Select(r => (Key: r, Bytes: ReadKeyFile(r.KeyFile))).ToList();
        var id = SetId(files.Select(f => f.Bytes));
        var root = Path.Combine(GpgHomeDirectory.Ensure(homeDirectory), "keysets");
        var home = Path.Combine(root, id);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_verifiedListings.TryGetValue(id, out var known) && Mismatches(known, recipients).Count == 0)
            {
                return new ImportedKeySet(home, recipients.Select(r => r.Fingerprint!).ToList());
            }

            if (Directory.Exists(home))
            {
                var listing = await ListAsync(home, cancellationToken).ConfigureAwait(false);
                var problems = Mismatches(listing, recipients);
                if (problems.Count == 0)
                {
                    return Remember(id, home, listing, recipients);
                }

                Log.KeyringRebuilt(logger, id, string.Join(" | ", problems));
                GpgHomeDirectory.TryDelete(home);
            }

            RemoveAbandonedImports(root);
            var imported = await ImportAsync(root, home, files, cancellationToken).ConfigureAwait(false);
            var after = Mismatches(imported, recipients);
            if (after.Count > 0)
            {
                GpgHomeDirectory.TryDelete(home);
                throw new EncryptionException("gpg refused receiver key(s): " + string.Join(" | ", after)
                    + ": the key files changed after they were checked, or hold other keys; check them with dropbox check.");
            }

            Log.KeysImported(logger, id, recipients.Count);
            return Remember(id, home, imported, recipients);
        }
        finally
        {
            _gate.Release();
        }
    }

    private ImportedKeySet Remember(string id, string home, string listing, IReadOnlyList<ReceiverKey> recipients)
    {
        _verifiedListings[id] = listing;
        return new ImportedKeySet(home, recipients.Select(r => r.Fingerprint!).ToList());
    }

    private static byte[] ReadKeyFile(string keyFile)
    {
        try
        {
            return File.ReadAllBytes(Path.GetFullPath(keyFile));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EncryptionException($"nothing encrypted: key file {keyFile} could not be read ({e.GetType().Name}): check it with dropbox check.", e);
        }
    }

    /// <summary>Hex SHA-256 over the sorted SHA-256s of the key files (their order in the configuration does not matter).</summary>
    internal static string SetId(IEnumerable<byte[]> keyFiles)
    {
        var each = keyFiles.Select(b => Convert.ToHexStringLower(SHA256.HashData(b))).Order(StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(string.Join('\n', each))))[..24];
    }

    /// <summary>Imports into a fresh temporary keyring, then renames it to <paramref name="home"/>; returns its listing.</summary>
    private async Task<string> ImportAsync(string root, string home, List<(ReceiverKey Key, byte[] Bytes)> files, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(root, ".import-" + Guid.NewGuid().ToString("N")[..8]);
        GpgHomeDirectory.Ensure(temp);
        try
        {
            var sources = new List<string>();
            for (var i = 0; i < files.Count; i++)
            {
                // A private copy of exactly the bytes hashed: the set's id then names what was imported.
                var source = Path.Combine(temp, $"source-{i}.key");
                File.WriteAllBytes(source, files[i].Bytes);
                sources.Add(source);
            }

            // The exit code is not the verdict: gpg exits 2 after a good import when it merely cannot reach an agent
            // (a long home path makes the socket name too long), and the listing below is checked key by key anyway.
            var run = await Gpg(temp, ["--import", "--", .. sources], cancellationToken).ConfigureAwait(false);
            sources.ForEach(File.Delete);
            if (run.ExitCode != 0)
            {
                Log.GpgStandardError(logger, run.StandardError.Trim());
            }

            var listing = await ListAsync(temp, cancellationToken).ConfigureAwait(false);
            try
            {
                Directory.Move(temp, home);
            }
            catch (IOException) when (Directory.Exists(home))
            {
                // Another process imported the same set meanwhile: use that one (it is checked like any other).
                GpgHomeDirectory.TryDelete(temp);
                return await ListAsync(home, cancellationToken).ConfigureAwait(false);
            }

            return listing;
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                GpgHomeDirectory.TryDelete(temp);
            }
        }
    }

    /// <summary>An import folder this old was left by a process killed mid-import (one takes well under a second).</summary>
    internal static readonly TimeSpan AbandonedImportAge = TimeSpan.FromMinutes(10);

    private void RemoveAbandonedImports(string root)
    {
        if (!Directory.Exists(root))
        {
            return;
        }

        foreach (var folder in Directory.EnumerateDirectories(root, ".import-*"))
        {
            if (time.GetUtcNow() - Directory.GetLastWriteTimeUtc(folder) > AbandonedImportAge)
            {
                GpgHomeDirectory.TryDelete(folder);
            }
        }
    }

    private async Task<string> ListAsync(string home, CancellationToken cancellationToken)
    {
        var run = await Gpg(home, ["--with-colons", "--fixed-list-mode", "--list-keys"], cancellationToken).ConfigureAwait(false);
        return run.StandardOutput;   // checked line by line by Mismatches; an empty one matches nothing
    }

    private Task<ChildProcessResult> Gpg(string home, IEnumerable<string> command, CancellationToken cancellationToken) =>
        GpgProcess.RunAsync(options.GpgPath,
            ["--homedir", home, "--batch", "--no-tty", "--no-autostart", "--trust-model", "always", .. command],
            null, options.MinimumTimeout, time, cancellationToken, Environment);

    /// <summary>
    /// Every way the keyring listing differs from the checked key files: a key missing, a key nobody configured,
    /// other usable encryption subkeys. Empty when they agree.
    /// </summary>
    internal List<string> Mismatches(string listing, IReadOnlyList<ReceiverKey> recipients)
    {
        var now = time.GetUtcNow();
        var inKeyring = SplitKeys(listing).Select(block => GpgKeyListing.Parse("keyring", block, now))
            .Where(k => k.Fingerprint is not null).ToDictionary(k => k.Fingerprint!, StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();
        foreach (var r in recipients)
        {
            if (!inKeyring.TryGetValue(r.Fingerprint!, out var imported))
            {
                problems.Add($"key file {r.KeyFile}: the key imported from it is not {r.Fingerprint}");
            }
            else if (!Subkeys(imported).SetEquals(Subkeys(r)))
            {
                problems.Add($"key file {r.KeyFile}: key {r.Fingerprint} has other encryption subkeys in the keyring than in the file");
            }
        }

        var others = inKeyring.Keys.Except(recipients.Select(r => r.Fingerprint!), StringComparer.OrdinalIgnoreCase).ToList();
        if (others.Count > 0)
        {
            problems.Add("the keyring holds key(s) no configured file was checked to hold: " + string.Join(", ", others));
        }

        return problems;
    }

    private static HashSet<string> Subkeys(ReceiverKey key) =>
        key.EncryptionSubkeys.Select(s => s.Fingerprint).ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>A colon listing cut at each primary key ("pub"), so each block reads as one key file would.</summary>
    private static IEnumerable<string> SplitKeys(string listing)
    {
        var block = new StringBuilder();
        foreach (var line in listing.Split('\n'))
        {
            if (line.StartsWith("pub:", StringComparison.Ordinal) && block.Length > 0)
            {
                yield return block.ToString();
                block.Clear();
            }

            if (!line.StartsWith("tru:", StringComparison.Ordinal))
            {
                block.Append(line).Append('\n');
            }
        }

        if (block.Length > 0)
        {
            yield return block.ToString();
        }
    }
}
