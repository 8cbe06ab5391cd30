namespace DropBox.Daemon.Intake;

/// <summary>What happened when the claimer tried to take a candidate.</summary>
internal enum ClaimStatus
{
    /// <summary>Renamed into the work area; <see cref="ClaimOutcome.Upload"/> is set.</summary>
    Claimed,

    /// <summary>The file changed (size, times or inode) since the scan: a client is still writing. Try next poll.</summary>
    Changed,

    /// <summary>The file is gone (the sender removed or renamed it).</summary>
    Vanished,
}

/// <summary>The result of <see cref="UploadClaimer.Claim"/>.</summary>
internal sealed record ClaimOutcome(ClaimStatus Status, ClaimedUpload? Upload)
{
    public static ClaimOutcome Changed { get; } = new(ClaimStatus.Changed, null);

    public static ClaimOutcome Vanished { get; } = new(ClaimStatus.Vanished, null);
}
