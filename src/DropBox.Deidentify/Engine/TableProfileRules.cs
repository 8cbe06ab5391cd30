using System.Collections.Concurrent;
using DropBox.Deidentify.Profile;
using DropBox.Dicom;

namespace DropBox.Deidentify.Engine;

/// <summary>The generated PS3.15 Table E.1-1 (<see cref="DeidProfile"/>) behind the engine's <see cref="IProfileRules"/> seam.</summary>
public sealed class TableProfileRules : IProfileRules
{
    private readonly ConcurrentDictionary<ProfileOption, DeidProfile> _profiles = new();

    public static TableProfileRules Instance { get; } = new();

    public string Edition => "2024b";

    public ProfileCode? CodeFor(DicomTag tag, ProfileOption options)
    {
        var profile = _profiles.GetOrAdd(options, static o => new DeidProfile(ToDeidOptions(o)));
        return profile.ActionFor(tag) switch
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

    /// <summary><see cref="ProfileOption"/> bit i is <see cref="DeidOption"/> i (both in the table's column order).</summary>
    internal static IEnumerable<DeidOption> ToDeidOptions(ProfileOption options) =>
        Enum.GetValues<DeidOption>().Where(o => ((int)options & (1 << (int)o)) != 0);
}
