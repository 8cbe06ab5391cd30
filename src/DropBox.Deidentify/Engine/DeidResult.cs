namespace DropBox.Deidentify.Engine;

/// <summary>
/// The outcome for one input file. Ok: an output was written (and verified). Quarantined: nothing was written;
/// <see cref="Reason"/> is a code from <see cref="Quarantine.QuarantineReasons"/> and <see cref="Message"/> is PHI-free.
/// </summary>
public sealed record DeidResult
{
    public bool IsOk => Reason is null;

    /// <summary>Suggested relative output name, <c>&lt;pseudonym&gt;/&lt;study-hash&gt;/&lt;series&gt;_&lt;instance&gt;.dcm</c> ('/' separated).</summary>
    public string? OutputName { get; init; }

    /// <summary>Where the output was written (Ok only).</summary>
    public string? OutputPath { get; init; }

    /// <summary>Number of elements changed, removed or added.</summary>
    public int Actions { get; init; }

    public string? Pseudonym { get; init; }

    public string? Reason { get; init; }

    public string? Message { get; init; }

    public static DeidResult Ok(string outputName, string outputPath, int actions, string pseudonym) =>
        new() { OutputName = outputName, OutputPath = outputPath, Actions = actions, Pseudonym = pseudonym };

    public static DeidResult Quarantined(string reason, string message) => new() { Reason = reason, Message = message };
}
