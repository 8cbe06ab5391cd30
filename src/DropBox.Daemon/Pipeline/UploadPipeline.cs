using DropBox.Daemon.Journal;
using DropBox.Daemon.Pipeline.Steps;

namespace DropBox.Daemon.Pipeline;

/// <summary>
/// One pass over one project, as its list of steps: retention, claim what is complete in the inboxes, then carry
/// every unfinished upload as far as it can go — de-identified package, one gpg batch for all packages, outbox,
/// cleanup. Each step journals an upload's state before the next step starts, so a pass after a crash resumes
/// every upload where it stood; each step returns what it did as a <see cref="PassTally"/>.
/// </summary>
internal sealed class UploadPipeline(
    PipelineContext context,
    RetentionSweeper retention,
    ClaimStep claim,
    PrepareStep prepare,
    EncryptStep encrypt,
    PublishStep publish)
{
    public async Task<ProcessPassResult> RunAsync(CancellationToken cancellationToken)
    {
        retention.Sweep();
        var tally = await claim.RunAsync(cancellationToken).ConfigureAwait(false);

        var unfinished = context.Journal.Unfinished(context.Project);
        // Encrypted or published before a crash: only the publish step is left to do.
        var resumed = unfinished.Where(u => u.State is UploadState.Encrypted or UploadState.Published).ToList();
        foreach (var upload in resumed)
        {
            Log.Resuming(context.Logger, upload.Id, upload.State.ToString());
        }
        tally += publish.Run(resumed, hashedThisPass: false);

        var prepared = prepare.Run(unfinished.Except(resumed), cancellationToken);
        var encrypted = await encrypt.RunAsync(prepared.Items, cancellationToken).ConfigureAwait(false);
        tally += prepared.Tally + encrypted.Tally + publish.Run(encrypted.Items, hashedThisPass: true);
        return tally.ToResult();
    }
}
