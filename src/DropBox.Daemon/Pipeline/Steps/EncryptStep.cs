using DropBox.Daemon.Diagnostics;
using DropBox.Daemon.Encrypt;
using DropBox.Daemon.Journal;

namespace DropBox.Daemon.Pipeline.Steps;

/// <summary>
/// Encrypts a batch of packages for the project's receivers in one gpg run and journals each ciphertext's name,
/// hash and recipients ("Encrypted"), all of the batch in one transaction, before anything is published. Nothing is encrypted to a partial set of
/// receivers: with one key unusable the whole batch waits, in the work area, for a fixed key.
/// </summary>
internal sealed class EncryptStep(PipelineContext context, GpgKeyInspector keyInspector, IEncryptor encryptor)
{
    /// <summary>Returns the uploads now journaled "Encrypted", in batch order.</summary>
    public async Task<StepResult<UploadRecord>> RunAsync(IReadOnlyList<PreparedUpload> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return new StepResult<UploadRecord>([], PassTally.None);
        }
        var keys = await keyInspector.InspectAllAsync(context.Options.ReceiverKeys, cancellationToken).ConfigureAwait(false);
        if (keys.FirstOrDefault(k => !k.IsUsable) is { } bad)
        {
            Log.StepFailed(context.Logger, "*", "encrypt", 1, string.Join("; ", bad.Problems));
            return new StepResult<UploadRecord>([], PassTally.Failure);
        }
        var jobs = batch.Select(p => new EncryptJob(p.Package.PackagePath!, Path.Combine(Path.GetDirectoryName(p.Package.PackagePath!)!, p.OutputName))).ToList();
        IReadOnlyList<EncryptResult> results;
        try
        {
            results = await encryptor.EncryptAsync(jobs, keys, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is EncryptionException or TimeoutException or IOException)
        {
            Log.StepFailed(context.Logger, "*", "encrypt", 1, PhiSafe.Describe(ex), ScrubbedException.From(ex));
            return new StepResult<UploadRecord>([], PassTally.Failure);
        }
        var made = new List<(PreparedUpload Prepared, EncryptedFile Output)>();
        var tally = PassTally.None;
        for (var i = 0; i < batch.Count; i++)
        {
            if (results[i].Output is not { } output)
            {
                Log.StepFailed(context.Logger, batch[i].Upload.Id, "encrypt", batch[i].Upload.Attempts + 1, results[i].Error ?? "unknown error");
                tally += PassTally.Failure;
                continue;
            }
            CrashPoints.Hit("after-encrypt-before-journal");
            made.Add((batch[i], output));
        }
        var encrypted = JournalEncrypted(made);
        return new StepResult<UploadRecord>(encrypted, tally);
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
            foreach (var ((upload, package), output) in made)
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
