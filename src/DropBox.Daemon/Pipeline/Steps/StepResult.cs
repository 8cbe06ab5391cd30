namespace DropBox.Daemon.Pipeline.Steps;

/// <summary>What a step hands to the next one (a batch, so a later step can work on all of it at once) and its tally.</summary>
internal sealed record StepResult<T>(IReadOnlyList<T> Items, PassTally Tally);
