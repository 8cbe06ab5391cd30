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

    public ProfileCode? CodeFor(DicomTag tag, ProfileOption options)
    {
        return ProfileFor(options).ActionFor(tag) switch
        {
            null => null,
            DeidAction.Remove => ProfileCode.Remove,
            DeidAction.Empty => ProfileCode.Empty,
            DeidAction.Dummy => ProfileCode.Dummy,
            DeidAction.Keep => ProfileCode.Keep,
            DeidAction.Clean => ProfileCode.Clean,
            _ => ProfileCode.Uid,
        };
    }

    public bool AllowsRemoval(DicomTag tag, ProfileOption options) =>
        ProfileFor(options).RuleFor(tag) is { DecidingOption: null } rule && rule.BasicCandidates.Contains(DeidAction.Remove);

    /// <summary>
    /// The table resolved for one option set, built once per set. A process nearly always uses one set, so the last
    /// one answers without a lock. <see cref="ProfileOption"/> bit i is <see cref="DeidOption"/> i (both in the
    /// table's column order), so the masks compare directly.
    /// </summary>
    private DeidProfile ProfileFor(ProfileOption options)
    {
        if (_last is { } last && last.OptionMask == (int)options)
        {
            return last;
        }
        lock (_gate)
        {
            var profile = _profiles.Find(p => p.OptionMask == (int)options);
            if (profile is null)
            {
                profile = new DeidProfile((int)options);
                _profiles.Add(profile);
            }
            _last = profile;
            return profile;
        }
    }
}
