using DropBox.Daemon.Journal;

namespace DropBox.Daemon.Pipeline;

/// <summary>
/// Splits a pass's unfinished uploads into rounds of at most <see cref="MaxUploads"/> uploads and
/// <see cref="MaxBytes"/> bytes (at least one upload each), in journal order. Each round is prepared, encrypted and
/// published before the next starts, so a kill or a crash loop throws away at most one round's work (the journal
/// records a round's "Encrypted" only after its gpg run), and the first uploads of a large backlog reach the outbox
/// without waiting for the last. A round is large enough that its batching (one gpg process per core, one journal
/// transaction per state) keeps its gain: rounds of 128 small uploads measured ~20 % slower than one round of 500 (the
/// next round's writes meet the last round's deletes in the filesystem journal), so a round holds up to 500 uploads,
/// about two seconds of work on two cores.
/// </summary>
internal static class PassRounds
{
    public const int MaxUploads = 500;

    public const long MaxBytes = 1024L * 1024 * 1024;

    public static IEnumerable<IReadOnlyList<UploadRecord>> Of(IEnumerable<UploadRecord> uploads, int maxUploads = MaxUploads, long maxBytes = MaxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxUploads, 1);
        var round = new List<UploadRecord>();
        long bytes = 0;
        foreach (var upload in uploads)
        {
            if (round.Count > 0 && (round.Count >= maxUploads || bytes + upload.Size > maxBytes))
            {
                yield return round;
                round = [];
                bytes = 0;
            }
            round.Add(upload);
            bytes += Math.Max(0, upload.Size);
        }
        if (round.Count > 0)
        {
            yield return round;
        }
    }
}
