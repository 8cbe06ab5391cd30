namespace DropBox.Daemon.Pipeline.Steps;

/// <summary>
/// What steps of one pass did, as counts of uploads (never names). Each step returns its own tally and the pass
/// adds them up, so no step reaches into another's counters.
/// </summary>
/// <param name="Published">Uploads that reached the outbox.</param>
/// <param name="Quarantined">Uploads quarantined whole, or with at least one member quarantined.</param>
/// <param name="Waiting">Files or uploads that are not complete yet and wait for a later pass.</param>
/// <param name="Failed">A step failed for some upload; it stays where it stands and is retried next pass.</param>
internal readonly record struct PassTally(int Published, int Quarantined, int Waiting, bool Failed)
{
    public static PassTally None => default;

    public static PassTally OnePublished => new(1, 0, 0, false);

    public static PassTally OneQuarantined => new(0, 1, 0, false);

    public static PassTally Failure => new(0, 0, 0, true);

    public static PassTally WaitingFor(int count) => new(0, 0, count, false);

    public static PassTally operator +(PassTally a, PassTally b) =>
        new(a.Published + b.Published, a.Quarantined + b.Quarantined, a.Waiting + b.Waiting, a.Failed || b.Failed);

    public ProcessPassResult ToResult() => new(Published, Quarantined, Waiting, Failed);
}
