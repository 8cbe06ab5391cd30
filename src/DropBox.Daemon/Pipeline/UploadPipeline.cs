using DropBox.Daemon.Journal;
using DropBox.Daemon.Pipeline.Steps;

namespace DropBox.Daemon.Pipeline;

/// <summary>
/// One pass over one project, as its list of steps: retention, claim what is complete in the inboxes, then carry
/// every unfinished upload as far as it can go, round by round (<see cref="PassRounds"/>) — de-identified package,
/// one gpg batch for the round's packages, outbox, cleanup. Each step journals an upload's state before the next step
/// starts, so a pass after a crash resumes every upload where it stood; each step returns what it did as a
/// <see cref="PassTally"/>.
/// </summary>
internal sealed class UploadPipeline(
    PipelineContext context,
    RetentionSweeper retention,
    ClaimStep claim,
    PrepareStep prepare,
    EncryptStep encrypt,
    PublishStep publish,
    PassKeys keys,
    TimeProvider time)
{
    public async Task<ProcessPassResult> RunAsync(CancellationToken cancellationToken)
    {
        retention.Sweep();
        var started = time.GetTimestamp();
        var tally = await claim.RunAsync(cancellationToken).ConfigureAwait(false);
        started = Timed("claim", -1, started);

        var unfinished = context.Journal.Unfinished(context.Project);
        // Encrypted or published before a crash: only the publish step is left to do.
        var resumed = unfinished.Where(u => u.State is UploadState.Encrypted or UploadState.Published).ToList();
        foreach (var upload in resumed)
        {
            Log.Resuming(context.Logger, upload.Id, upload.State.ToString());
        }
        tally += publish.Run(resumed, hashedThisPass: false);
        started = Timed("publish-resumed", resumed.Count, started);

        foreach (var round in PassRounds.Of(unfinished.Except(resumed)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var prepared = await prepare.RunAsync(round, keys, cancellationToken).ConfigureAwait(false);
            started = Timed("prepare", prepared.Items.Count, started);
            var encrypted = await encrypt.RunAsync(prepared.Items, keys, cancellationToken).ConfigureAwait(false);
            started = Timed("encrypt", encrypted.Items.Count, started);
            tally += prepared.Tally + encrypted.Tally + publish.Run(encrypted.Items, hashedThisPass: true);
            started = Timed("publish", encrypted.Items.Count, started);
        }
        return tally.ToResult();
    }

    /// <summary>Where a pass's time goes (Debug): each step's wall time. Returns the new start.</summary>
    private long Timed(string step, int count, long started)
    {
        var now = time.GetTimestamp();
        Log.StepTimed(context.Logger, step, count, (long)time.GetElapsedTime(started, now).TotalMilliseconds);
        return now;
    }
}
