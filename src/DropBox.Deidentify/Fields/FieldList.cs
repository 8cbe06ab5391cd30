using DropBox.Deidentify.Profile;
using DropBox.Dicom;

namespace DropBox.Deidentify.Fields;

/// <summary>A project's validated field list: the rule for an attribute, if the list names it.</summary>
public sealed class FieldList
{
    // Null without public rules (the default): no per-element lookup in an empty dictionary, and no JIT of its
    // generic code in a process that has no field list.
    private readonly Dictionary<DicomTag, FieldRule>? _public;
    private readonly List<FieldRule> _private;

    public FieldList(IEnumerable<FieldRule> rules)
    {
        Rules = rules.ToList();
        _private = [];
        foreach (var rule in Rules)
        {
            if (rule.Selector.Tag is { } tag)
            {
                _public ??= [];
                _public[tag] = rule; // a later entry overrides an earlier one for the same tag
            }
            else
            {
                _private.Add(rule);
            }
        }
    }

    public static FieldList Empty { get; } = new([]);

    public IReadOnlyList<FieldRule> Rules { get; }

    public FieldRule? RuleFor(DicomTag tag, string? privateCreator)
    {
        if (!tag.IsPrivate)
        {
            return _public?.GetValueOrDefault(tag);
        }
        if (_public is not null && _public.TryGetValue(tag, out var exact))
        {
            return exact;
        }
        for (var i = _private.Count - 1; i >= 0; i--)
        {
            if (_private[i].Selector.Matches(tag, privateCreator))
            {
                return _private[i];
            }
        }
        return null;
    }

    /// <summary>
    /// Validates and parses entries. Returns every problem at once (prefixed with <paramref name="prefix"/>[i]),
    /// an unknown keyword with the closest dictionary keyword suggested.
    /// </summary>
    public static FieldList Parse(IReadOnlyList<FieldEntry> entries, string prefix, out List<string> errors)
    {
        errors = [];
        var rules = new List<FieldRule>();
        for (var i = 0; i < entries.Count; i++)
        {
            var at = $"{prefix}[{i}]";
            var selector = ParseAttribute(entries[i].Attribute, at, errors);
            var action = ParseAction(entries[i].Action, at, errors);
            if (selector is not null && action is not null)
            {
                rules.Add(new FieldRule(selector, action));
            }
        }
        return new FieldList(rules);
    }

    internal static AttributeSelector? ParseAttribute(string? text, string at, List<string> errors)
    {
        text = text?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            errors.Add($"{at}.Attribute is missing: give a keyword (e.g. StudyDescription), a tag (e.g. (0008,1030)) or CREATOR:(gggg,xxee) for a private element.");
            return null;
        }
        if (text.Contains(":(", StringComparison.Ordinal))
        {
            var priv = AttributeSelector.TryParsePrivate(text);
            if (priv is null)
            {
                errors.Add($"{at}.Attribute '{text}' is not a private element: write the private creator, a colon and the tag with an odd group, e.g. 'SIEMENS CSA HEADER:(0029,xx10)'.");
            }
            return priv;
        }
        if (text.StartsWith('(') || (text.Length == 8 && text.All(Uri.IsHexDigit)))
        {
            if (DicomTag.TryParse(text, out var tag))
            {
                if (tag.IsPrivate && !tag.IsPrivateCreator)
                {
                    errors.Add($"{at}.Attribute {tag} is private: name it by its creator, e.g. 'CREATOR:({tag.Group:X4},xx{tag.Element & 0xFF:X2})', because its block number differs between files.");
                    return null;
                }
                return AttributeSelector.Public(tag);
            }
            errors.Add($"{at}.Attribute '{text}' is not a tag: write (gggg,eeee) in hex.");
            return null;
        }
        if (DicomDictionary.TryGetByKeyword(text, out var entry))
        {
            return AttributeSelector.Public(entry.Tag);
        }
        var suggestion = Levenshtein.Closest(text, DicomDictionary.All.Select(e => e.Keyword).Where(k => k.Length > 0));
        errors.Add(suggestion is null
            ? $"{at}.Attribute '{text}' is not a DICOM keyword."
            : $"{at}.Attribute '{text}' is not a DICOM keyword; did you mean '{suggestion}'?");
        return null;
    }

    internal static FieldAction? ParseAction(string? text, string at, List<string> errors)
    {
        text = text?.Trim() ?? string.Empty;
        if (text.StartsWith("dummy:", StringComparison.OrdinalIgnoreCase))
        {
            return new FieldAction(DeidAction.Dummy, text["dummy:".Length..]);
        }
        DeidAction? kind = text.ToLowerInvariant() switch
        {
            "remove" => DeidAction.Remove,
            "empty" => DeidAction.Empty,
            "keep" => DeidAction.Keep,
            "pseudonym" => DeidAction.Pseudonym,
            "hash" => DeidAction.Hash,
            "shift-date" => DeidAction.ShiftDate,
            "remap-uid" => DeidAction.RemapUid,
            _ => null,
        };
        if (kind is null)
        {
            errors.Add($"{at}.Action '{text}' is unknown: use remove, empty, keep, dummy:<value>, pseudonym, hash, shift-date or remap-uid.");
            return null;
        }
        return new FieldAction(kind.Value);
    }
}
