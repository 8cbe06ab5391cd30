using System.Security.Cryptography;
using DropBox.Daemon.Encrypt;
using DropBox.Daemon.Tests.Hosting;

namespace DropBox.Daemon.Tests.Encrypt;

/// <summary>
/// Issue 13 item 1: a message encrypted as it is made (one gpg process, plaintext written into its input, ciphertext
/// hashed while written) is checked like a batch's outputs, and an abandoned one leaves nothing behind.
/// </summary>
[Collection(GpgKeysCollection.Name)]
public sealed class GpgStreamSessionTests(TestKeys keys) : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("dbx-stream-encrypt-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private string Output => Path.Combine(_work, "u-20261202-0000abcd.zip.gpg");

    private async Task<IStreamEncryptor> Streams(params TestKey[] receivers)
    {
        var inspector = new GpgKeyInspector(new EncryptOptions(), TimeProvider.System);
        var recipients = new List<ReceiverKey>();
        foreach (var key in receivers)
        {
            recipients.Add(await inspector.InspectAsync(key.PublicKeyFile, CancellationToken.None));
        }
        var encryptor = new GpgEncryptor(new EncryptOptions(), Path.Combine(_work, "state", "gnupg"), TimeProvider.System);
        return await encryptor.PrepareStreamsAsync(recipients, CancellationToken.None);
    }

    [GpgFact]
    public async Task A_stream_written_in_pieces_decrypts_to_the_same_bytes_for_every_receiver_and_its_hash_is_the_files()
    {
        var plain = RandomNumberGenerator.GetBytes(5_000_000);
        var streams = await Streams(keys.Ed25519, keys.Rsa3072);

        EncryptedFile made;
        using (var session = streams.Begin(Output, plain.Length, CancellationToken.None))
        {
            for (var offset = 0; offset < plain.Length; offset += 77_777)
            {
                session.Input.Write(plain, offset, Math.Min(77_777, plain.Length - offset));
            }
            made = session.Complete();
        }

        Assert.Equal(Output, made.Path);
        Assert.Equal(new FileInfo(Output).Length, made.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Output))), made.Sha256);
        Assert.Equal([keys.Ed25519.Fingerprint, keys.Rsa3072.Fingerprint], made.RecipientFingerprints);
        Assert.Equal(2, made.RecipientKeyIds.Count);
        Assert.False(File.Exists(Output + ".part"));
        foreach (var key in new[] { keys.Ed25519, keys.Rsa3072 })
        {
            var decrypted = Path.Combine(_work, key.Name + ".plain");
            var status = GpgTool.RunOk(key.Home, "--status-fd", "1", "--output", decrypted, "--decrypt", Output);
            Assert.Contains("[GNUPG:] DECRYPTION_INFO 2 9", status, StringComparison.Ordinal);   // MDC, AES256
            Assert.Equal(plain, File.ReadAllBytes(decrypted));
        }
    }

    [GpgFact]
    public async Task A_session_abandoned_half_way_leaves_no_ciphertext_and_no_gpg_running()
    {
        var streams = await Streams(keys.Ed25519);
        int gpg;
        using (var session = streams.Begin(Output, 10_000_000, CancellationToken.None))
        {
            session.Input.Write(RandomNumberGenerator.GetBytes(3_000_000));
            gpg = GpgChildren().Single();
        }

        Assert.Empty(Directory.GetFiles(_work));
        Assert.DoesNotContain(gpg, GpgChildren());
    }

    [GpgFact]
    public async Task A_stop_request_ends_the_session_with_a_cancellation_and_leaves_no_ciphertext()
    {
        var streams = await Streams(keys.Ed25519);
        using var stop = new CancellationTokenSource();
        using var session = streams.Begin(Output, 10_000_000, stop.Token);
        session.Input.Write(RandomNumberGenerator.GetBytes(2_000_000));

        await stop.CancelAsync();

        Assert.ThrowsAny<OperationCanceledException>(session.Complete);
        Assert.Empty(Directory.GetFiles(_work));
    }

    [GpgFact]
    public async Task A_receiver_key_that_gpg_refuses_fails_the_message_with_the_reason_and_leaves_nothing()
    {
        var inspector = new GpgKeyInspector(new EncryptOptions(), TimeProvider.System);
        var good = await inspector.InspectAsync(keys.Ed25519.PublicKeyFile, CancellationToken.None);
        var encryptor = new GpgEncryptor(new EncryptOptions { GpgPath = "/bin/false" }, Path.Combine(_work, "state", "gnupg"), TimeProvider.System);

        // A gpg that exits at once without output: the message is refused, whatever was written.
        var error = await Assert.ThrowsAsync<EncryptionException>(async () =>
        {
            var streams = await encryptor.PrepareStreamsAsync([good], CancellationToken.None);
            using var session = streams.Begin(Output, 1000, CancellationToken.None);
            session.Input.Write(new byte[1000]);
            session.Complete();
        });

        Assert.Contains("gpg", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Output) || File.Exists(Output + ".part"));
    }

    /// <summary>gpg processes that are children of this test process.</summary>
    private static List<int> GpgChildren()
    {
        var self = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Directory.GetDirectories("/proc").Select(Path.GetFileName).Where(d => d!.All(char.IsAsciiDigit))
            .Where(pid => TryRead($"/proc/{pid}/stat") is { } stat && stat.Contains("(gpg)", StringComparison.Ordinal)
                && stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1] == self)
            .Select(pid => int.Parse(pid!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
