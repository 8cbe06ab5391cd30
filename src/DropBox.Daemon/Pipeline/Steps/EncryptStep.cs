using DropBox.Daemon.Diagnostics;
using DropBox.Daemon.Encrypt;
using DropBox.Daemon.Journal;

namespace DropBox.Daemon.Pipeline.Steps;

/// <summary>
/// Encrypts a batch of packages for the project's receivers in one gpg run and journals each ciphertext's name,
/// hash and recipients ("Encrypted"), all of the batch in one transaction, before anything is published. Nothing is
/// encrypted to a partial set of receivers: with one key unusable the whole batch waits, in the work area, for a fixed
/// key. Uploads whose ciphertext the prepare step already made (a streamed zip) are only journaled here, in batch order.
/// </summary>
internal sealed class EncryptStep(PipelineContext context, IEncryptor encryptor)
{
    /// <summary>Returns the uploads now journaled "Encrypted", in batch order.</summary>
    public async Task<StepResult<UploadRecord>> RunAsync(IReadOnlyList<PreparedUpload> batch, PassKeys keys, CancellationToken cancellationToken)
    {
        // Per upload: its ciphertext, or why it failed alone; null while not encrypted (a whole batch that failed is logged once).
        var outputs = batch.Select(p => p.Sealed is { } sealedFile ? new Outcome(sealedFile, null) : null).ToArray();
        var onDisk = Enumerable.Range(0, batch.Count).Where(i => batch[i].Sealed is null).ToList();
        var tally = PassTally.None;
        if (onDisk.Count > 0)
        {
            var encrypted = await EncryptAsync(onDisk.Select(i => batch[i]).ToList(), keys, cancellationToken).ConfigureAwait(false);
            tally += encrypted is null ? PassTally.Failure : PassTally.None;
            for (var k = 0; encrypted is not null && k < onDisk.Count; k++)
            {
                outputs[onDisk[k]] = new Outcome(encrypted[k].Output, encrypted[k].Error);
            }
        }

        var made = new List<(PreparedUpload Prepared, EncryptedFile Output)>();
        for (var i = 0; i < batch.Count; i++)
        {
            if (outputs[i] is not { File: { } output })
            {
                if (outputs[i] is { Error: var error })
                {
                    Log.StepFailed(context.Logger, batch[i].Upload.Id, "encrypt", batch[i].Upload.Attempts + 1, error ?? "unknown error");
                    tally += PassTally.Failure;
                }
                continue;
            }
            CrashPoints.Hit("after-encrypt-before-journal");
            made.Add((batch[i], output));
        }
        return new StepResult<UploadRecord>(JournalEncrypted(made), tally);
    }

    private sealed record Outcome(EncryptedFile? File, string? Error);

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

    /// <summary>Every ciphertext of the batch (hashed and fsynced by the encryptor) journaled "Encrypted" in one
    /// transaction, then audited in one append.</summary>
    private List<UploadRecord> JournalEncrypted(IReadOnlyList<(PreparedUpload Prepared, EncryptedFile Output)> made)
    {
        if (made.Count == 0)
        {
            return [];
        }
        context.Journal.Batch(() =>
        {
            foreach (var ((upload, package, _), output) in made)
            {
                context.Journal.SetEncrypted(upload.Id, Path.GetFileName(output.Path), output.Sha256, string.Join(',', output.RecipientFingerprints),
                    package.FilesIncluded, package.FilesQuarantined);
            }
        });
        context.Audit.WriteAll([.. made.Select(m => new AuditEntry("deidentified", context.Project, m.Prepared.Upload.Id, m.Prepared.Upload.Sender,
            Pseudonyms: m.Prepared.Package.Pseudonyms, ActionsApplied: m.Prepared.Package.ActionsApplied,
            FilesPublished: m.Prepared.Package.FilesIncluded, FilesQuarantined: m.Prepared.Package.FilesQuarantined))]);
        var encrypted = new List<UploadRecord>(made.Count);
        foreach (var (prepared, _) in made)
        {
            CrashPoints.Hit("after-journal-encrypted");
            encrypted.Add(context.Journal.Get(prepared.Upload.Id)!);
        }
        return encrypted;
    }
}
