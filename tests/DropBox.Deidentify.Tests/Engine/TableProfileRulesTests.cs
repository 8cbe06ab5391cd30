using DropBox.Deidentify.Engine;
using DropBox.Deidentify.Profile;
using DropBox.Dicom;

namespace DropBox.Deidentify.Tests.Engine;

public sealed class TableProfileRulesTests
{
    [Fact]
    public void Each_option_set_gets_its_own_answer_when_threads_alternate_between_sets()
    {
        var institution = new DicomTag(0x0008, 0x0080);
        var studyDate = new DicomTag(0x0008, 0x0020);
        // The table keeps the last option set's profile for a lock-free answer; sets used alternately from many
        // threads must never get each other's answer.
        var rules = new TableProfileRules();
        var basicInstitution = rules.ActionFor(institution, DeidOption.None);
        var keptInstitution = rules.ActionFor(institution, DeidOption.RetainInstitutionIdentity);
        var basicDate = rules.ActionFor(studyDate, DeidOption.None);
        var keptDate = rules.ActionFor(studyDate, DeidOption.RetainLongitudinalFullDates);
        Assert.Equal(DeidAction.Keep, keptInstitution);
        Assert.NotEqual(DeidAction.Keep, basicInstitution);
        Assert.Equal(DeidAction.Keep, keptDate);
        Assert.NotEqual(DeidAction.Keep, basicDate);

        Parallel.For(0, 20_000, i =>
        {
            switch (i % 4)
            {
                case 0: Assert.Equal(basicInstitution, rules.ActionFor(institution, DeidOption.None)); break;
                case 1: Assert.Equal(keptInstitution, rules.ActionFor(institution, DeidOption.RetainInstitutionIdentity)); break;
                case 2: Assert.Equal(basicDate, rules.ActionFor(studyDate, DeidOption.None)); break;
                default: Assert.Equal(keptDate, rules.ActionFor(studyDate, DeidOption.RetainLongitudinalFullDates)); break;
            }
        });
    }
}
