using DropBox.Deidentify.Engine;
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
        var basicInstitution = rules.CodeFor(institution, ProfileOption.None);
        var keptInstitution = rules.CodeFor(institution, ProfileOption.RetainInstitutionIdentity);
        var basicDate = rules.CodeFor(studyDate, ProfileOption.None);
        var keptDate = rules.CodeFor(studyDate, ProfileOption.RetainLongitudinalFullDates);
        Assert.Equal(ProfileCode.Keep, keptInstitution);
        Assert.NotEqual(ProfileCode.Keep, basicInstitution);
        Assert.Equal(ProfileCode.Keep, keptDate);
        Assert.NotEqual(ProfileCode.Keep, basicDate);

        Parallel.For(0, 20_000, i =>
        {
            switch (i % 4)
            {
                case 0: Assert.Equal(basicInstitution, rules.CodeFor(institution, ProfileOption.None)); break;
                case 1: Assert.Equal(keptInstitution, rules.CodeFor(institution, ProfileOption.RetainInstitutionIdentity)); break;
                case 2: Assert.Equal(basicDate, rules.CodeFor(studyDate, ProfileOption.None)); break;
                default: Assert.Equal(keptDate, rules.CodeFor(studyDate, ProfileOption.RetainLongitudinalFullDates)); break;
            }
        });
    }
}
