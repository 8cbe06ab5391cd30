using DropBox.Deidentify.Derivation;
using DropBox.Deidentify.Engine;
using DropBox.Deidentify.Pseudonyms;
using DropBox.Dicom;
using static DropBox.Deidentify.Tests.Engine.EngineHarness;

namespace DropBox.Deidentify.Tests.Engine;

/// <summary>One test per PS3.15 option: what it keeps, and what still changes under it.</summary>
public sealed class ProfileOptionTests
{
    private static (DeidResult Result, DicomFile File, EngineHarness Harness) Run(string option, Action<DicomDataset>? edit = null, Action<DeidSettings>? configure = null)
    {
        var settings = new DeidSettings { Options = [option] };
        configure?.Invoke(settings);
        var h = new EngineHarness(settings);
        var ds = Sample();
        edit?.Invoke(ds);
        var (result, file) = h.Run(ds);
        Assert.True(result.IsOk, result.Message);
        return (result, file!, h);
    }

    private static IEnumerable<string?> Codes(DicomDataset ds) =>
        ((DicomSequence)ds.Get(new DicomTag(0x0012, 0x0064))!).Items.Select(i => i.GetString(new DicomTag(0x0008, 0x0100)));

    [Fact]
    public void Retain_longitudinal_modified_dates_shifts_dates_by_the_patient_offset_keeps_times_and_ages()
    {
        var (_, file, h) = Run("RetainLongitudinalModifiedDates");
        using var _h = h;
        using var _f = file;
        var key = PatientKey.Compute(h.Secret, null, "MRN-4711");
        var days = new DateShifter(h.Secret, 365).OffsetDays(key);
        var expected = new DateOnly(2021, 3, 15).AddDays(days).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(expected, file.Dataset.GetString(StudyDate));
        Assert.Equal(expected + "101112.5+0100", file.Dataset.GetString(AcquisitionDateTime));
        Assert.Equal("101112", file.Dataset.GetString(StudyTime));
        Assert.Equal("MODIFIED", file.Dataset.GetString(new DicomTag(0x0028, 0x0303)));
        Assert.Contains("113107", Codes(file.Dataset));
        Assert.Equal("SUBJ-0001", file.Dataset.GetString(PatientName)); // identity still replaced
    }

    [Fact]
    public void Retain_longitudinal_full_dates_keeps_dates_and_times_unchanged()
    {
        var (_, file, h) = Run("RetainLongitudinalFullDates");
        using var _h = h;
        using var _f = file;
        Assert.Equal("20210315", file.Dataset.GetString(StudyDate));
        Assert.Equal("101112", file.Dataset.GetString(StudyTime));
        Assert.Equal("UNMODIFIED", file.Dataset.GetString(new DicomTag(0x0028, 0x0303)));
        Assert.Contains("113106", Codes(file.Dataset));
    }

    [Fact]
    public void Retain_uids_keeps_instance_uids_but_still_replaces_the_patient()
    {
        var (_, file, h) = Run("RetainUids");
        using var _h = h;
        using var _f = file;
        Assert.Equal("1.2.3.4.5.100", file.Dataset.GetString(StudyUid));
        Assert.Equal("1.2.3.4.5.100.1.1", file.Meta.GetString(DicomTag.MediaStorageSopInstanceUid));
        Assert.Equal("SUBJ-0001", file.Dataset.GetString(PatientId));
        Assert.Contains("113110", Codes(file.Dataset));
    }

    [Fact]
    public void Retain_device_identity_keeps_the_station_name_but_not_the_institution()
    {
        var (_, file, h) = Run("RetainDeviceIdentity");
        using var _h = h;
        using var _f = file;
        Assert.Equal("MRSCANNER07", file.Dataset.GetString(StationName));
        Assert.NotEqual("Wexford General Hospital", file.Dataset.GetString(InstitutionName));
        Assert.Contains("113109", Codes(file.Dataset));
    }

    [Fact]
    public void Retain_institution_identity_keeps_the_institution_but_not_the_station()
    {
        var (_, file, h) = Run("RetainInstitutionIdentity");
        using var _h = h;
        using var _f = file;
        Assert.Equal("Wexford General Hospital", file.Dataset.GetString(InstitutionName));
        Assert.NotEqual("MRSCANNER07", file.Dataset.GetString(StationName));
        Assert.Contains("113112", Codes(file.Dataset));
    }

    [Fact]
    public void Retain_patient_characteristics_keeps_sex_and_age_but_not_the_birth_date()
    {
        var (_, file, h) = Run("RetainPatientCharacteristics");
        using var _h = h;
        using var _f = file;
        Assert.Equal("F", file.Dataset.GetString(PatientSex));
        Assert.Equal("059Y", file.Dataset.GetString(PatientAge));
        Assert.NotEqual("19610407", file.Dataset.GetString(BirthDate));
        Assert.Contains("113108", Codes(file.Dataset));
    }

    [Fact]
    public void Clean_descriptors_keeps_the_description_with_this_patients_identifiers_cut_out()
    {
        var (_, file, h) = Run("CleanDescriptors");
        using var _h = h;
        using var _f = file;
        Assert.Equal("Liver MR for *", file.Dataset.GetString(StudyDescription));
        Assert.Contains("113105", Codes(file.Dataset));
    }

    [Fact]
    public void Without_clean_descriptors_the_description_is_removed()
    {
        using var h = new EngineHarness();
        var (_, file) = h.Run(Sample());
        using var _f = file!;
        Assert.False(file!.Dataset.Contains(StudyDescription));
    }

    [Fact]
    public void Retain_safe_private_keeps_only_the_listed_private_elements_and_their_creator()
    {
        var (_, file, h) = Run("RetainSafePrivate", configure: s => s.SafePrivate = ["ACME 1.1:(0029,xx11)"]);
        using var _h = h;
        using var _f = file;
        Assert.Equal("1.5", file.Dataset.GetString(new DicomTag(0x0029, 0x1011)));
        Assert.Equal("ACME 1.1", file.Dataset.GetString(new DicomTag(0x0029, 0x0010)));
        Assert.False(file.Dataset.Contains(new DicomTag(0x0029, 0x1010)));
        Assert.Contains("113111", Codes(file.Dataset));
    }

    [Fact]
    public void Clean_graphics_still_removes_overlay_planes_which_cannot_be_cleaned()
    {
        var (_, file, h) = Run("CleanGraphics", ds =>
        {
            ds.SetBytes(new DicomTag(0x6000, 0x3000), DicomVR.OW, new byte[8]);
            ds.SetString(new DicomTag(0x6000, 0x0022), DicomVR.LO, "Overlay by Quackenbush");
        });
        using var _h = h;
        using var _f = file;
        Assert.DoesNotContain(file.Dataset, i => i.Tag.Group == 0x6000);
        Assert.Contains("113103", Codes(file.Dataset));
    }

    [Fact]
    public void Clean_structured_content_lets_a_report_through_with_text_names_dates_and_uids_cleaned()
    {
        var content = new DicomTag(0x0040, 0xA730);
        var (_, file, h) = Run("CleanStructuredContent", ds =>
        {
            ds.SetString(SopClass, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.88.33");
            var seq = new DicomSequence(content);
            var item = new DicomDataset();
            item.SetString(new DicomTag(0x0040, 0xA160), DicomVR.UT, "Seen by Dr Quackenbush on 15 March");
            item.SetString(new DicomTag(0x0040, 0xA123), DicomVR.PN, "Quackenbush^Hildegard");
            item.SetString(new DicomTag(0x0040, 0xA121), DicomVR.DA, "20210315");
            item.SetString(new DicomTag(0x0040, 0xA124), DicomVR.UI, "1.2.3.4.99");
            seq.Items.Add(item);
            ds.Set(seq);
        });
        using var _h = h;
        using var _f = file;
        var cleaned = ((DicomSequence)file.Dataset.Get(content)!).Items[0];
        Assert.DoesNotContain("Quackenbush", cleaned.GetString(new DicomTag(0x0040, 0xA160)), StringComparison.Ordinal);
        Assert.Equal("ANONYMOUS", cleaned.GetString(new DicomTag(0x0040, 0xA123)));
        Assert.NotEqual("20210315", cleaned.GetString(new DicomTag(0x0040, 0xA121)) ?? "");
        Assert.Equal(new UidRemapper(h.Secret).Remap("1.2.3.4.99"), cleaned.GetString(new DicomTag(0x0040, 0xA124)));
        Assert.Contains("113104", Codes(file.Dataset));
    }

    [Fact]
    public void Without_clean_structured_content_a_report_is_quarantined()
    {
        using var h = new EngineHarness();
        var ds = Sample();
        ds.SetString(SopClass, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.88.22");
        Assert.Equal("structured-report", h.Run(ds).Result.Reason);
    }
}
