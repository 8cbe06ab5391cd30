using DropBox.Daemon.Diagnostics;
using DropBox.Daemon.Encrypt;
using DropBox.Daemon.Journal;

namespace DropBox.Daemon.Pipeline.Steps;

/// <summary>
/// Encrypts a batch of packages for the project's receivers in one gpg run and journals each ciphertext's name,
/// hash and recipients ("Encrypted") before anything is published. Nothing is encrypted to a partial set of
/// receivers: with one key unusable the whole batch waits, in the work area, for a fixed key. Uploads whose
/// ciphertext the prepare step already made (a streamed zip) are only journaled here, in batch order.
/// </summary>
internal sealed class EncryptStep(PipelineContext context, IEncryptor encryptor)
{
    /// <summary>Returns the uploads now journaled "Encrypted", in batch order.</summary>
    public async Task<StepResult<UploadRecord>> RunAsync(IReadOnlyList<PreparedUpload> batch, PassKeys keys, CancellationToken cancellationToken)
    {
        // Per upload: its ciphertext, or why it failed alone; null while not encrypted (a whole batch that failed is logged once).
        var outputs = batch.Select(p => p.Sealed is { } made ? new EncryptResultOf(made, null) : null).ToArray();
        var onDisk = Enumerable.Range(0, batch.Count).Where(i => batch[i].Sealed is null).ToList();
        var tally = PassTally.None;
        if (onDisk.Count > 0)
        {
            var encrypted = await EncryptAsync(onDisk.Select(i => batch[i]).ToList(), keys, cancellationToken).ConfigureAwait(false);
            tally += encrypted is null ? PassTally.Failure : PassTally.None;
            for (var k = 0; encrypted is not null && k < onDisk.Count; k++)
            {
                outputs[onDisk[k]] = new EncryptResultOf(encrypted[k].Output, encrypted[k].Error);
            }
        }

        var journaled = new List<UploadRecord>();
        for (var i = 0; i < batch.Count; i++)
        {
            var (upload, package) = (batch[i].Upload, batch[i].Package);
            if (outputs[i] is not { File: { } output })
            {
                if (outputs[i] is { Error: var error })
                {
                    Log.StepFailed(context.Logger, upload.Id, "encrypt", upload.Attempts + 1, error ?? "unknown error");
                    tally += PassTally.Failure;
                }
                continue;
            }
            CrashPoints.Hit("after-encrypt-before-journal");
            context.Journal.SetEncrypted(upload.Id, Path.GetFileName(output.Path), output.Sha256, string.Join(',', output.RecipientFingerprints),
                package.FilesIncluded, package.FilesQuarantined);
            context.Audit.Write(new AuditEntry("deidentified", context.Project, upload.Id, upload.Sender, Pseudonyms: package.Pseudonyms,
                ActionsApplied: package.ActionsApplied, FilesPublished: package.FilesIncluded, FilesQuarantined: package.FilesQuarantined));
            CrashPoints.Hit("after-journal-encrypted");
            journaled.Add(context.Journal.Get(upload.Id)!);
        }
        return new StepResult<UploadRecord>(journaled, tally);
    }

    private sealed record EncryptResultOf(EncryptedFile? File, string? Error);

    /// <summary>One gpg batch for the packages on disk: one result per package, or null when nothing could be encrypted
    /// (a key unusable, gpg missing or hung: logged once for the whole batch).</summary>
    private async Task<IReadOnlyList<EncryptResult>?> EncryptAsync(List<PreparedUpload> packages, PassKeys keys, CancellationToken cancellationToken)
    {
        var receivers = await keys.InspectAsync(cancellationToken).ConfigureAwait(false);
        if (receivers.FirstOrDefault(k => !k.IsUsable) is { } bad)
        {
            Log.StepFailed(context.Logger, "*", "encrypt", 1, string.Join("; ", bad.Problems));
            return null;
        }
        var jobs = packages.Select(p => new EncryptJob(p.Package.PackagePath!, Path.Combine(Path.GetDirectoryName(p.Package.PackagePath!)!, p.OutputName))).ToList();
        try
        {
            return await encryptor.EncryptAsync(jobs, receivers, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is EncryptionException or TimeoutException or IOException)
        {
            Log.StepFailed(context.Logger, "*", "encrypt", 1, PhiSafe.Describe(ex), ScrubbedException.From(ex));
            return null;
        }
    }
}
