using System.Diagnostics;
using System.Security.Cryptography;
using DropBox.Daemon.Encrypt;
using DropBox.Daemon.Tests.Hosting;

namespace DropBox.Daemon.Tests.Encrypt;

[Collection(GpgKeysCollection.Name)]
public sealed class GpgEncryptorTests(TestKeys keys) : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("dbx-encrypt-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private GpgEncryptor Encryptor(EncryptOptions? options = null, Dictionary<string, string>? environment = null) =>
        new(options ?? new EncryptOptions(), Path.Combine(_work, "state", "gnupg"), TimeProvider.System) { Environment = environment };

    private static async Task<ReceiverKey> Inspect(string file) =>
        await new GpgKeyInspector(new EncryptOptions(), TimeProvider.System).InspectAsync(file, CancellationToken.None);

    private List<EncryptJob> MakeJobs(int count)
    {
        var jobs = new List<EncryptJob>();
        for (var i = 1; i <= count; i++)
        {
            var dir = Path.Combine(_work, "uploads", $"u-20261122-{i:x8}");
            Directory.CreateDirectory(dir);
            var input = Path.Combine(dir, "deid.zip");
            File.WriteAllBytes(input, RandomNumberGenerator.GetBytes(50_000 * i));
            jobs.Add(new EncryptJob(input, Path.Combine(dir, "out", $"u-20261122-{i:x8}.zip.gpg")));
        }

        return jobs;
    }

    private byte[] Decrypt(TestKey key, string cipherFile, out string status)
    {
        var plain = Path.Combine(_work, Guid.NewGuid().ToString("N"));
        status = GpgTool.RunOk(key.Home, "--status-fd", "1", "--output", plain, "--decrypt", cipherFile);
        return File.ReadAllBytes(plain);
    }

    [GpgTheory]
    [InlineData("ed25519")]
    [InlineData("rsa3072")]
    [InlineData("rsa4096")]
    public async Task A_batch_of_three_files_decrypts_byte_identical_with_AES256_and_integrity_protection(string keyName)
    {
        var key = keys.ByName(keyName);
        var jobs = MakeJobs(3);

        var results = await Encryptor().EncryptAsync(jobs, [await Inspect(key.PublicKeyFile)], CancellationToken.None);

        Assert.All(results, r => Assert.True(r.Succeeded, r.Error));
        foreach (var (job, result) in jobs.Zip(results))
        {
            Assert.Equal(job.OutputPath, result.Output!.Path);
            Assert.False(File.Exists(job.InputPath + ".gpg"));
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(job.OutputPath))), result.Output.Sha256);
            Assert.Equal([key.Fingerprint], result.Output.RecipientFingerprints);
            Assert.Equal(File.ReadAllBytes(job.InputPath), Decrypt(key, job.OutputPath, out var status));
            Assert.Contains("[GNUPG:] DECRYPTION_INFO 2 9", status, StringComparison.Ordinal);   // MDC, AES256
            Assert.Contains("[GNUPG:] DECRYPTION_OKAY", status, StringComparison.Ordinal);
        }
    }

    [GpgFact]
    public async Task Two_receivers_can_each_decrypt_and_list_packets_agrees_on_the_recipients()
    {
        var jobs = MakeJobs(2);
        var recipients = new[] { await Inspect(keys.Ed25519.PublicKeyFile), await Inspect(keys.Rsa3072.PublicKeyFile) };

        var results = await Encryptor().EncryptAsync(jobs, recipients, CancellationToken.None);

        foreach (var (job, result) in jobs.Zip(results))
        {
            Assert.True(result.Succeeded, result.Error);
            Assert.Equal(File.ReadAllBytes(job.InputPath), Decrypt(keys.Ed25519, job.OutputPath, out _));
            Assert.Equal(File.ReadAllBytes(job.InputPath), Decrypt(keys.Rsa3072, job.OutputPath, out _));
            var (_, packets, _) = GpgTool.Run(keys.Ed25519.Home, "--list-packets", job.OutputPath);
            Assert.Contains("mdc_method: 2", packets, StringComparison.Ordinal);
            foreach (var keyId in recipients.Select(r => r.EncryptionSubkeys[0].KeyId))
            {
                Assert.Contains($"keyid {keyId}", packets, StringComparison.Ordinal);
                Assert.Contains(keyId, result.Output!.RecipientKeyIds);
            }
        }
    }

    [GpgFact]
    public async Task With_compression_on_the_output_still_decrypts_identically()
    {
        var jobs = MakeJobs(1);
        File.WriteAllBytes(jobs[0].InputPath, new byte[300_000]);   // compressible

        var result = Assert.Single(await Encryptor(new EncryptOptions { Compress = true })
            .EncryptAsync(jobs, [await Inspect(keys.Ed25519.PublicKeyFile)], CancellationToken.None));

        Assert.True(result.Succeeded, result.Error);
        Assert.True(result.Output!.Length < 10_000);
        Assert.Equal(new byte[300_000], Decrypt(keys.Ed25519, jobs[0].OutputPath, out _));
    }

    [GpgFact]
    public async Task A_sign_only_receiver_key_is_refused_with_a_clear_message_and_nothing_is_written()
    {
        var jobs = MakeJobs(2);
        var signOnly = await Inspect(keys.SignOnly.PublicKeyFile);

        var error = await Assert.ThrowsAsync<EncryptionException>(() => Encryptor().EncryptAsync(jobs, [signOnly], CancellationToken.None));

        Assert.Contains("no usable encryption subkey", error.Message, StringComparison.Ordinal);
        Assert.All(jobs, j => Assert.False(File.Exists(j.OutputPath) || File.Exists(j.InputPath + ".gpg")));
    }

    [GpgFact]
    public async Task A_key_that_gpg_itself_refuses_abandons_the_batch_without_partial_output()
    {
        // The report says usable (as if the key file changed after it was checked); gpg gets the sign-only file.
        var jobs = MakeJobs(2);
        var good = await Inspect(keys.Ed25519.PublicKeyFile);
        var lying = good with { KeyFile = keys.SignOnly.PublicKeyFile };

        var error = await Assert.ThrowsAsync<EncryptionException>(() => Encryptor().EncryptAsync(jobs, [lying], CancellationToken.None));

        Assert.Contains("gpg refused receiver key", error.Message, StringComparison.Ordinal);
        Assert.All(jobs, j => Assert.False(File.Exists(j.OutputPath) || File.Exists(j.InputPath + ".gpg")));
    }

    [GpgFact]
    public async Task A_missing_input_fails_alone_while_the_rest_of_the_batch_is_encrypted()
    {
        var jobs = MakeJobs(3);
        File.Delete(jobs[1].InputPath);

        var results = await Encryptor().EncryptAsync(jobs, [await Inspect(keys.Ed25519.PublicKeyFile)], CancellationToken.None);

        Assert.True(results[0].Succeeded);
        Assert.False(results[1].Succeeded);
        Assert.Contains("u-20261122-00000002", results[1].Error, StringComparison.Ordinal);
        Assert.Contains("missing", results[1].Error, StringComparison.Ordinal);
        Assert.False(File.Exists(jobs[1].OutputPath));
        Assert.True(results[2].Succeeded);
    }

    [GpgFact]
    public async Task A_stale_gpg_output_from_an_interrupted_run_is_replaced_not_trusted()
    {
        var jobs = MakeJobs(1);
        File.WriteAllText(jobs[0].InputPath + ".gpg", "half written");

        var result = Assert.Single(await Encryptor().EncryptAsync(jobs, [await Inspect(keys.Ed25519.PublicKeyFile)], CancellationToken.None));

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(File.ReadAllBytes(jobs[0].InputPath), Decrypt(keys.Ed25519, jobs[0].OutputPath, out _));
    }

    [GpgFact]
    public async Task Encrypting_leaves_the_users_home_untouched_and_the_daemon_gpg_home_private()
    {
        var home = Path.Combine(_work, "home");
        Directory.CreateDirectory(home);
        var jobs = MakeJobs(2);

        var results = await Encryptor(environment: new() { ["HOME"] = home })
            .EncryptAsync(jobs, [await Inspect(keys.Ed25519.PublicKeyFile), await Inspect(keys.Rsa4096.PublicKeyFile)], CancellationToken.None);

        Assert.All(results, r => Assert.True(r.Succeeded, r.Error));
        Assert.Empty(Directory.EnumerateFileSystemEntries(home));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
                File.GetUnixFileMode(Path.Combine(_work, "state", "gnupg")));
        }
    }

    [GpgFact]
    public async Task A_missing_gpg_program_gives_an_error_saying_how_to_fix_it()
    {
        var jobs = MakeJobs(1);
        var encryptor = Encryptor(new EncryptOptions { GpgPath = "/nonexistent/gpg" });
        var key = await Inspect(keys.Ed25519.PublicKeyFile);

        var error = await Assert.ThrowsAsync<EncryptionException>(() => encryptor.EncryptAsync(jobs, [key], CancellationToken.None));

        Assert.Contains("Encrypt:GpgPath", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(jobs[0].OutputPath));
    }

    [GpgFact]
    public async Task A_cancelled_batch_leaves_no_output()
    {
        var jobs = MakeJobs(3);
        var key = await Inspect(keys.Ed25519.PublicKeyFile);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Encryptor().EncryptAsync(jobs, [key], cancelled.Token));

        Assert.All(jobs, j => Assert.False(File.Exists(j.OutputPath) || File.Exists(j.InputPath + ".gpg")));
    }

    [GpgTheory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task A_missing_input_fails_alone_whatever_the_number_of_gpg_processes(int processes)
    {
        var jobs = MakeJobs(5);
        File.Delete(jobs[3].InputPath);
        var encryptor = new GpgEncryptor(new EncryptOptions(), Path.Combine(_work, "state", "gnupg"), TimeProvider.System, maxProcesses: processes);

        var results = await encryptor.EncryptAsync(jobs, [await Inspect(keys.Ed25519.PublicKeyFile)], CancellationToken.None);

        Assert.Equal(jobs, results.Select(r => r.Job));
        Assert.Equal([true, true, true, false, true], results.Select(r => r.Succeeded));
        Assert.False(File.Exists(jobs[3].OutputPath));
    }

    [GpgFact]
    public async Task A_batch_runs_in_as_many_gpg_processes_as_allowed_and_each_result_is_its_own_input_in_input_order()
    {
        var jobs = MakeJobs(6);
        var logger = new CapturingLogger<GpgEncryptor>();
        var encryptor = new GpgEncryptor(new EncryptOptions(), Path.Combine(_work, "state", "gnupg"), TimeProvider.System, logger, maxProcesses: 2);

        var results = await encryptor.EncryptAsync(jobs, [await Inspect(keys.Rsa3072.PublicKeyFile)], CancellationToken.None);

        Assert.Equal(jobs, results.Select(r => r.Job));
        foreach (var (job, result) in jobs.Zip(results))
        {
            Assert.True(result.Succeeded, result.Error);
            Assert.Equal(File.ReadAllBytes(job.InputPath), Decrypt(keys.Rsa3072, result.Output!.Path, out _));
        }

        Assert.Equal(2, logger.Entries.Count(e => e.EventId == 1301));   // one "batch finished" per gpg process
    }

    [GpgFact]
    public async Task Cancelling_a_running_gpg_kills_it_at_once_and_removes_its_partial_output()
    {
        var jobs = MakeJobs(1);
        var fifo = Path.Combine(Path.GetDirectoryName(jobs[0].InputPath)!, "endless.dcm");
        Assert.Equal(0, Process.Start("mkfifo", [fifo])!.WaitForExitAndGetCode());
        jobs = [new EncryptJob(fifo, jobs[0].OutputPath)];
        var key = await Inspect(keys.Ed25519.PublicKeyFile);
        using var stop = new CancellationTokenSource();
        // A writer that sends 1 MB and then never finishes: gpg has written ciphertext and waits for more.
        var writer = Task.Run(async () =>
        {
            await using var input = new FileStream(fifo, FileMode.Open, FileAccess.Write);
            await input.WriteAsync(RandomNumberGenerator.GetBytes(1 << 20));
            await input.FlushAsync();
            while (!File.Exists(fifo + ".gpg") || new FileInfo(fifo + ".gpg").Length == 0)
            {
                await Task.Delay(20);
            }

            await stop.CancelAsync();
            await Task.Delay(TimeSpan.FromSeconds(30));
        });

        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Encryptor().EncryptAsync(jobs, [key], stop.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");   // not waiting out gpg's 1-minute timeout
        Assert.False(File.Exists(fifo + ".gpg"));
        Assert.False(File.Exists(jobs[0].OutputPath));
        _ = writer;
    }
}

internal static class ProcessExtensions
{
    public static int WaitForExitAndGetCode(this Process process)
    {
        process.WaitForExit();
        return process.ExitCode;
    }
}
