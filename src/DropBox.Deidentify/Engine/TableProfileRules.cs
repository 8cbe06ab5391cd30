using DropBox.Deidentify.Profile;
using DropBox.Dicom;

namespace DropBox.Deidentify.Engine;

/// <summary>The generated PS3.15 Table E.1-1 (<see cref="DeidProfile"/>) behind the engine's <see cref="IProfileRules"/> seam.</summary>
public sealed class TableProfileRules : IProfileRules
{
    private readonly Lock _gate = new();
    private readonly List<DeidProfile> _profiles = [];
    private volatile DeidProfile? _last;

    public static TableProfileRules Instance { get; } = new();

    public string Edition => "2024b";

    public DeidAction? ActionFor(DicomTag tag, DeidOption options) => ProfileFor(options).ActionFor(tag);

    public bool AllowsRemoval(DicomTag tag, DeidOption options) =>
        ProfileFor(options).RuleFor(tag) is { DecidingOption: null } rule && rule.BasicCandidates.Contains(DeidAction.Remove);

    /// <summary>
    /// The table resolved for one option set, built once per set. A process nearly always uses one set, so the last
    /// one answers without a lock.
    /// </summary>
    private DeidProfile ProfileFor(DeidOption options)
    {
        if (_last is { } last && last.Options == options)
        {
            return last;
        }
        lock (_gate)
        {
            var profile = _profiles.Find(p => p.Options == options);
            if (profile is null)
            {
                profile = new DeidProfile(options);
                _profiles.Add(profile);
            }
            _last = profile;
            return profile;
        }
    }
}
