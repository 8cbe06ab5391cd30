namespace DropBox.Daemon.Sync;

/// <summary>
/// What the guard decided about one plain file of club_house: it travels, or it is held with a reason that
/// names what was found (never a file or member name, never a value read from the file).
/// </summary>
internal sealed record PlainFileVerdict(bool Held, string Reason)
{
    public static PlainFileVerdict Travels { get; } = new(false, "");

    public static PlainFileVerdict Hold(string reason) => new(true, reason);
}

/// <summary>Thrown inside the judge when a file cannot be looked at to the end; always turned into a hold.</summary>
internal sealed class PlainFileHoldException(string reason) : Exception(reason);
