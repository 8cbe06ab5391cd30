using DropBox.Daemon.Quarantine;

namespace DropBox.Daemon.Sync;

/// <summary>What the guard did with one file.</summary>
internal enum PlainFileOutcome
{
    /// <summary>One of the daemon's own published ciphertexts: not read, travels.</summary>
    OwnOutput,

    /// <summary>Judged by content (and the project's rule) and found fit to travel.</summary>
    Travels,

    /// <summary>Moved into the quarantine; it must not be sent.</summary>
    Held,
}

/// <summary>
/// Stands between club_house and the far site: every file the daemon did not publish itself is judged before
/// it is sent. DICOM, archives holding DICOM (or that cannot be looked into) and paths the project's rule calls
/// identifiable are moved into the quarantine as <see cref="ReasonCatalog.PlainDicomInClubHouse"/>.
/// </summary>
/// <param name="senders">The project's senders: a file below <c>gpg-&lt;SENDER&gt;/</c> is quarantined under that
/// sender, anything else under <see cref="ClubHouseSender"/>.</param>
/// <param name="isOwnOutput">True for (relative path, SHA-256) of a ciphertext the pipeline published (the upload
/// journal's output name and hash in a sender's <c>gpg-&lt;SENDER&gt;/</c>).</param>
internal sealed class PlainFileGuard(
    QuarantineStore quarantine,
    IdentifiablePathRule rule,
    IReadOnlyCollection<string> senders,
    Func<string, string, bool> isOwnOutput,
    PlainFileJudge? judge = null)
{
    /// <summary>The quarantine's sender folder for files not below a sender's <c>gpg-&lt;SENDER&gt;/</c> (reserved).</summary>
    public const string ClubHouseSender = "club_house";

    private readonly PlainFileJudge _judge = judge ?? new PlainFileJudge();

    /// <summary>Judges the file; a held file is moved into the quarantine (<paramref name="item"/>) before this returns.</summary>
    /// <exception cref="IOException">The file could not be read or moved: it stays unsent and is judged again next run.</exception>
    public PlainFileOutcome Check(string relativePath, string fullPath, string sha256, out QuarantineItem? item)
    {
        item = null;
        if (isOwnOutput(relativePath, sha256))
        {
            return PlainFileOutcome.OwnOutput;
        }

        var verdict = rule.Match(relativePath) is { } pattern
            ? PlainFileVerdict.Hold($"its path matches the project's rule Sync.IdentifiablePaths \"{pattern}\"")
            : _judge.Judge(fullPath);
        if (!verdict.Held)
        {
            return PlainFileOutcome.Travels;
        }

        var sender = SenderOf(relativePath);
        item = quarantine.Put(sender, uploadId: null, fullPath, new QuarantineReason(ReasonCatalog.PlainDicomInClubHouse, Advice(verdict.Reason, sender)));
        return PlainFileOutcome.Held;
    }

    /// <summary>The message in reason.json: what was found (no name, no value) and what to do.</summary>
    internal static string Advice(string found, string sender)
    {
        var inbox = sender == ClubHouseSender ? "<SENDER>/gpg/" : $"{sender}/gpg/";
        return $"Found in club_house and held, not sent: {found}. club_house is sent to the far site as it is, neither "
            + $"de-identified nor encrypted. Have the sender upload the file to their inbox ({inbox} under the project root), "
            + "where it is de-identified and encrypted, then purge this item ('dropbox quarantine purge ID'). "
            + "'dropbox quarantine retry' is refused for this reason: it would put the file back where it was held.";
    }

    private string SenderOf(string relativePath)
    {
        var first = relativePath.Split('/')[0];
        return relativePath.Contains('/', StringComparison.Ordinal) && first.StartsWith("gpg-", StringComparison.Ordinal)
            && senders.Contains(first[4..]) ? first[4..] : ClubHouseSender;
    }
}
