using DropBox.Deidentify.Derivation;
using DropBox.Deidentify.Engine;
using DropBox.Deidentify.Fields;
using DropBox.Deidentify.Pseudonyms;
using DropBox.Deidentify.Tests.Engine;
using DropBox.Dicom;
using static DropBox.Deidentify.Tests.Engine.EngineHarness;

namespace DropBox.Deidentify.Tests.Fields;

/// <summary>Each field-list action, overriding what the profile would do.</summary>
public sealed class FieldListActionTests
{
    private static DicomDataset Run(EngineHarness h)
    {
        var (result, file) = h.Run(Sample());
        Assert.True(result.IsOk, result.Message);
        using (file)
        {
            return file!.Dataset;
        }
    }

    private static EngineHarness With(params (string Attribute, string Action)[] fields) =>
        new(new DeidSettings { Fields = fields.Select(f => new FieldEntry { Attribute = f.Attribute, Action = f.Action }).ToList() });

    [Fact]
    public void Keep_overrides_a_profile_removal()
    {
        using var h = With(("StudyDescription", "keep"));
        Assert.Equal("Liver MR for Zebediah", Run(h).GetString(StudyDescription));
    }

    [Fact]
    public void Remove_overrides_a_profile_keep()
    {
        using var h = With(("(0010,0040)", "remove"));
        Assert.False(Run(h).Contains(PatientSex));
    }

    [Fact]
    public void Empty_keeps_the_attribute_without_a_value()
    {
        using var h = With(("InstitutionName", "empty"));
        var ds = Run(h);
        Assert.True(ds.Contains(InstitutionName));
        Assert.Equal("", ds.GetString(InstitutionName));
    }

    [Fact]
    public void Dummy_writes_the_given_text()
    {
        using var h = With(("InstitutionName", "dummy:STUDY SITE A"));
        Assert.Equal("STUDY SITE A", Run(h).GetString(InstitutionName));
    }

    [Fact]
    public void Pseudonym_puts_the_patients_pseudonym_into_another_attribute()
    {
        using var h = With(("AccessionNumber", "pseudonym"));
        Assert.Equal("SUBJ-0001", Run(h).GetString(AccessionNumber));
    }

    [Fact]
    public void Hash_gives_a_keyed_stable_hash_cut_to_the_vr()
    {
        using var h = With(("AccessionNumber", "hash"));
        var hashed = Run(h).GetString(AccessionNumber);
        Assert.Equal(new ValueHasher(h.Secret).Hash("ACC998877", 16), hashed);
        Assert.Equal(16, hashed!.Length);
    }

    [Fact]
    public void Shift_date_shifts_a_date_the_profile_would_remove()
    {
        using var h = With(("PatientBirthDate", "shift-date"));
        var days = new DateShifter(h.Secret, 365).OffsetDays(PatientKey.Compute(h.Secret, null, "MRN-4711"));
        var expected = new DateOnly(1961, 4, 7).AddDays(days).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(expected, Run(h).GetString(BirthDate));
    }

    [Fact]
    public void Remap_uid_and_private_creator_rules_apply()
    {
        using var h = With(("ACME 1.1:(0029,xx10)", "keep"), ("(0020,000D)", "remap-uid"));
        var ds = Run(h);
        Assert.Equal(new UidRemapper(h.Secret).Remap("1.2.3.4.5.100"), ds.GetString(StudyUid));
        Assert.Equal("ZEBEDIAH QUUX", ds.GetString(new DicomTag(0x0029, 0x1010))); // the IRB list's decision, kept
        Assert.False(ds.Contains(new DicomTag(0x0029, 0x1011)));
    }
}
