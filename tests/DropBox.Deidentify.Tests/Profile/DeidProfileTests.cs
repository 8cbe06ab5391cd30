using DropBox.Deidentify.Profile;
using DropBox.Dicom;

namespace DropBox.Deidentify.Tests.Profile;

public sealed class DeidProfileTests
{
    private static readonly DicomTag PatientName = new(0x0010, 0x0010);
    private static readonly DicomTag PatientId = new(0x0010, 0x0020);
    private static readonly DicomTag PatientBirthDate = new(0x0010, 0x0030);
    private static readonly DicomTag SopInstanceUid = new(0x0008, 0x0018);
    private static readonly DicomTag InstitutionName = new(0x0008, 0x0080);
    private static readonly DicomTag InstitutionAddress = new(0x0008, 0x0081);
    private static readonly DicomTag StudyDate = new(0x0008, 0x0020);
    private static readonly DicomTag SeriesDescription = new(0x0008, 0x103E);
    private static readonly DicomTag PrivateElement = new(0x0029, 0x1010);

    private static DeidProfile With(params DeidOption[] options) => new(options.Aggregate(DeidOption.None, (all, option) => all | option));

    [Fact]
    public void The_basic_profile_empties_the_patient_name_and_birth_date_as_the_table_says_Z()
    {
        Assert.Equal(DeidAction.Empty, DeidProfile.Basic.ActionFor(PatientName));
        Assert.Equal(DeidAction.Empty, DeidProfile.Basic.ActionFor(PatientBirthDate));
    }

    [Fact]
    public void Instance_UIDs_are_remapped_unless_UIDs_are_retained()
    {
        Assert.Equal(DeidAction.RemapUid, DeidProfile.Basic.ActionFor(SopInstanceUid));
        Assert.Equal(DeidAction.Keep, With(DeidOption.RetainUids).ActionFor(SopInstanceUid));
    }

    [Fact]
    public void A_plain_X_row_is_removed_and_kept_with_its_retain_option()
    {
        Assert.Equal(DeidAction.Remove, DeidProfile.Basic.ActionFor(InstitutionAddress));
        Assert.Equal(DeidAction.Keep, With(DeidOption.RetainInstitutionIdentity).ActionFor(InstitutionAddress));
    }

    [Fact]
    public void Combined_codes_on_rows_in_standard_IODs_take_the_last_choice_so_the_instance_stays_valid()
    {
        var institution = DeidProfile.Basic.RuleFor(InstitutionName)!; // X/Z/D

        Assert.Equal("X/Z/D", institution.BasicCode);
        Assert.Equal([DeidAction.Remove, DeidAction.Empty, DeidAction.Dummy], institution.BasicCandidates);
        Assert.Equal(DeidAction.Dummy, institution.Action);
        Assert.Equal(DeidAction.Dummy, DeidProfile.Basic.ActionFor(PatientId)); // Z/D
        Assert.Equal(DeidAction.Empty, DeidProfile.Basic.ActionFor(new DicomTag(0x0008, 0x0022))); // Acquisition Date X/Z
        Assert.Equal(DeidAction.RemapUid, DeidProfile.Basic.ActionFor(new DicomTag(0x0008, 0x1140))); // Ref. Image Seq X/Z/U*
        Assert.Equal(DeidAction.Keep, With(DeidOption.RetainInstitutionIdentity).ActionFor(InstitutionName));
    }

    [Fact]
    public void Study_date_is_emptied_shifted_or_kept_by_the_longitudinal_options()
    {
        Assert.Equal(DeidAction.Empty, DeidProfile.Basic.ActionFor(StudyDate));
        Assert.Equal(DeidAction.Clean, With(DeidOption.RetainLongitudinalModifiedDates).ActionFor(StudyDate));
        Assert.Equal(DeidAction.Keep, With(DeidOption.RetainLongitudinalFullDates).ActionFor(StudyDate));
    }

    [Fact]
    public void When_a_retain_K_and_a_clean_C_both_apply_clean_wins()
    {
        var both = With(DeidOption.RetainLongitudinalFullDates, DeidOption.RetainLongitudinalModifiedDates);

        var rule = both.RuleFor(StudyDate)!;
        Assert.Equal(DeidAction.Clean, rule.Action);
        Assert.Equal(DeidOption.RetainLongitudinalModifiedDates, rule.DecidingOption);
    }

    [Fact]
    public void Series_description_is_removed_or_cleaned_with_clean_descriptors()
    {
        Assert.Equal(DeidAction.Remove, DeidProfile.Basic.ActionFor(SeriesDescription));
        Assert.Equal(DeidAction.Clean, With(DeidOption.CleanDescriptors).ActionFor(SeriesDescription));
    }

    [Fact]
    public void Overlays_and_curves_in_any_even_repeating_group_are_removed_or_cleaned_with_clean_graphics()
    {
        Assert.Equal(DeidAction.Remove, DeidProfile.Basic.ActionFor(new DicomTag(0x6002, 0x3000)));
        Assert.Equal(DeidAction.Remove, DeidProfile.Basic.ActionFor(new DicomTag(0x601E, 0x4000)));
        Assert.Equal(DeidAction.Remove, DeidProfile.Basic.ActionFor(new DicomTag(0x5004, 0x0010)));
        Assert.Equal(DeidAction.Clean, With(DeidOption.CleanGraphics).ActionFor(new DicomTag(0x6002, 0x3000)));
        Assert.Null(DeidProfile.Basic.ActionFor(new DicomTag(0x6002, 0x0010))); // Overlay Rows: not in the table
    }

    [Fact]
    public void Private_elements_and_their_creators_are_removed_or_cleaned_with_retain_safe_private()
    {
        Assert.Equal(DeidAction.Remove, DeidProfile.Basic.ActionFor(PrivateElement));
        Assert.Equal(DeidAction.Remove, DeidProfile.Basic.ActionFor(new DicomTag(0x0029, 0x0010)));
        Assert.Equal(DeidAction.Remove, DeidProfile.Basic.ActionFor(new DicomTag(0x6001, 0x3000))); // odd: private
        Assert.Equal(DeidAction.Clean, With(DeidOption.RetainSafePrivate).ActionFor(PrivateElement));
    }

    [Fact]
    public void A_tag_the_table_does_not_name_has_no_action()
    {
        Assert.Null(DeidProfile.Basic.ActionFor(new DicomTag(0x0028, 0x0010))); // Rows
        Assert.Null(DeidProfile.Basic.RuleFor(DicomTag.PixelData));
    }

    [Fact]
    public void The_rows_added_after_2024b_are_present()
    {
        var ethnic = DeidProfile.Basic.RuleFor(new DicomTag(0x0010, 0x2161))!;
        Assert.Equal("EthnicGroupCodeSequence", ethnic.Keyword);
        Assert.Equal(DeidAction.Remove, ethnic.Action);
        Assert.Equal(DeidAction.Keep, With(DeidOption.RetainPatientCharacteristics).ActionFor(new DicomTag(0x0010, 0x2161)));

        Assert.Equal(DeidAction.RemapUid, DeidProfile.Basic.ActionFor(new DicomTag(0x300A, 0x0054)));
        Assert.Equal(DeidAction.Keep, With(DeidOption.RetainUids).ActionFor(new DicomTag(0x300A, 0x0054)));
    }

    [Fact]
    public void The_table_has_621_rows_of_2024b_plus_2_newer_each_named_once()
    {
        var rules = DeidProfile.Basic.Rules;

        Assert.Equal(623, rules.Count);
        Assert.Equal(rules.Count, rules.Select(r => r.Tag).Distinct().Count());
        Assert.Equal(4, rules.Count(r => !r.IsSingleTag));
        Assert.All(rules.Where(r => r.IsSingleTag), r => Assert.NotEqual("", r.Keyword));
    }

    [Fact]
    public void Every_code_in_the_table_maps_to_an_action_under_every_option()
    {
        var all = With(Enum.GetValues<DeidOption>());
        foreach (var option in Enum.GetValues<DeidOption>())
        {
            Assert.Equal(623, With(option).Rules.Count);
        }
        Assert.Equal(623, all.Rules.Count);
        Assert.Contains(all.Rules, r => r.DecidingOption is not null);
    }

    [Fact]
    public void Each_single_tag_row_is_found_by_its_own_tag()
    {
        foreach (var rule in DeidProfile.Basic.Rules.Where(r => r.IsSingleTag))
        {
            Assert.True(DicomTag.TryParse(rule.Tag, out var tag));
            Assert.Same(rule, DeidProfile.Basic.RuleFor(tag));
        }
    }
}
