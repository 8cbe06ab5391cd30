using DropBox.Deidentify.Fields;
using DropBox.Deidentify.Profile;
using DropBox.Dicom;

namespace DropBox.Deidentify.Tests.Fields;

public sealed class FieldListTests
{
    private static FieldList Parse(out List<string> errors, params (string Attribute, string Action)[] entries) =>
        FieldList.Parse(entries.Select(e => new FieldEntry { Attribute = e.Attribute, Action = e.Action }).ToList(), "Fields", out errors);

    [Fact]
    public void Keywords_tags_and_private_creator_elements_parse_with_every_action()
    {
        var list = Parse(out var errors,
            ("PatientName", "pseudonym"), ("(0008,1030)", "keep"), ("ACME 1.1:(0029,xx10)", "hash"),
            ("00100030", "shift-date"), ("PatientID", "dummy:SUBJ"), ("(0020,000D)", "remap-uid"),
            ("(0008,0080)", "empty"), ("(0008,0081)", "remove"));

        Assert.Empty(errors);
        Assert.Equal(DeidAction.Pseudonym, list.RuleFor(new DicomTag(0x0010, 0x0010), null)!.Action.Kind);
        Assert.Equal(DeidAction.Keep, list.RuleFor(new DicomTag(0x0008, 0x1030), null)!.Action.Kind);
        Assert.Equal("SUBJ", list.RuleFor(new DicomTag(0x0010, 0x0020), null)!.Action.DummyValue);
        var priv = list.RuleFor(new DicomTag(0x0029, 0x1310), "ACME 1.1");
        Assert.Equal(DeidAction.Hash, priv!.Action.Kind);
        Assert.Null(list.RuleFor(new DicomTag(0x0029, 0x1310), "OTHER"));
        Assert.Null(list.RuleFor(new DicomTag(0x0029, 0x1311), "ACME 1.1"));
    }

    [Fact]
    public void Every_error_is_reported_at_once_and_an_unknown_keyword_gets_the_closest_match()
    {
        Parse(out var errors, ("PatientNmae", "remove"), ("(0008,1030)", "scramble"), ("(0029,1010)", "keep"),
            ("", "keep"), ("ACME:(0028,xx10)", "keep"));

        Assert.Equal(5, errors.Count);
        Assert.Contains("did you mean 'PatientName'", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("Fields[0].Attribute", errors[0], StringComparison.Ordinal);
        Assert.Contains("Fields[1].Action 'scramble' is unknown", errors[1], StringComparison.Ordinal);
        Assert.Contains("name it by its creator", errors[2], StringComparison.Ordinal);
        Assert.Contains("Fields[3].Attribute is missing", errors[3], StringComparison.Ordinal);
        Assert.Contains("Fields[4].Attribute", errors[4], StringComparison.Ordinal);
    }

    [Fact]
    public void Levenshtein_counts_edits()
    {
        Assert.Equal(2, Levenshtein.Distance("PatientNmae", "PatientName"));
        Assert.Equal(0, Levenshtein.Distance("abc", "ABC"));
        Assert.Equal(3, Levenshtein.Distance("", "abc"));
    }
}
