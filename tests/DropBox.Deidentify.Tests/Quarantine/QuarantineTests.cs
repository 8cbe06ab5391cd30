using DropBox.Deidentify.Engine;
using DropBox.Deidentify.Quarantine;
using DropBox.Deidentify.Tests.Engine;
using DropBox.Dicom;
using static DropBox.Deidentify.Tests.Engine.EngineHarness;

namespace DropBox.Deidentify.Tests.Quarantine;

public sealed class QuarantineTests
{
    [Fact]
    public void Burned_in_annotation_yes_is_quarantined_without_output_and_the_message_has_no_phi()
    {
        using var h = new EngineHarness();
        var ds = Sample();
        ds.SetString(BurnedIn, DicomVR.CS, "YES");
        var (result, output) = h.Run(ds);
        Assert.Null(output);
        Assert.Equal(QuarantineReasons.BurnedInAnnotation, result.Reason);
        Assert.DoesNotContain("Zebediah", result.Message!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.2.840.10008.5.1.4.1.1.7", null, QuarantineReasons.BurnedInAnnotation)]
    [InlineData("1.2.840.10008.5.1.4.1.1.7.4", null, QuarantineReasons.BurnedInAnnotation)]
    [InlineData("1.2.840.10008.5.1.4.1.1.6.1", null, QuarantineReasons.BurnedInAnnotation)]
    [InlineData("1.2.840.10008.5.1.4.1.1.77.1.4", null, QuarantineReasons.BurnedInAnnotation)]
    [InlineData("1.2.840.10008.5.1.4.1.1.104.1", null, QuarantineReasons.BurnedInAnnotation)]
    [InlineData("1.2.840.10008.5.1.4.1.1.6.1", "NO", null)]
    [InlineData("1.2.840.10008.5.1.4.1.1.4", null, null)]
    public void Risky_sop_classes_need_burned_in_annotation_no(string sopClass, string? burnedIn, string? reason)
    {
        using var h = new EngineHarness();
        var ds = Sample();
        ds.SetString(SopClass, DicomVR.UI, sopClass);
        if (burnedIn is not null)
        {
            ds.SetString(BurnedIn, DicomVR.CS, burnedIn);
        }
        Assert.Equal(reason, h.Run(ds).Result.Reason);
    }

    [Fact]
    public void A_project_can_relax_the_burned_in_rule()
    {
        using var h = new EngineHarness(new DeidSettings { Relax = [QuarantineReasons.BurnedInAnnotation] });
        var ds = Sample();
        ds.SetString(SopClass, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7");
        Assert.True(h.Run(ds).Result.IsOk);
    }

    [Fact]
    public void One_study_with_two_patient_ids_in_an_upload_is_a_conflict_unless_relaxed()
    {
        using var h = new EngineHarness();
        Assert.True(h.Run(Sample("P1", "1.2.9")).Result.IsOk);
        Assert.Equal(QuarantineReasons.PatientIdConflict, h.Run(Sample("P2", "1.2.9")).Result.Reason);
        Assert.True(h.Run(Sample("P1", "1.2.9")).Result.IsOk);

        using var relaxed = new EngineHarness(new DeidSettings { Relax = [QuarantineReasons.PatientIdConflict] });
        Assert.True(relaxed.Run(Sample("P1", "1.2.9")).Result.IsOk);
        Assert.True(relaxed.Run(Sample("P2", "1.2.9")).Result.IsOk);
    }

    [Fact]
    public void A_file_that_is_not_dicom_is_a_parse_error()
    {
        using var h = new EngineHarness();
        var path = Path.Combine(Path.GetTempPath(), $"not-dicom-{Guid.NewGuid():N}.dcm");
        File.WriteAllText(path, "Patient: Zebediah Quux");
        try
        {
            var result = h.Engine.Deidentify(path, path + ".out", new UploadContext());
            Assert.Equal(QuarantineReasons.ParseError, result.Reason);
            Assert.False(File.Exists(path + ".out"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_dicomdir_is_never_forwarded()
    {
        using var h = new EngineHarness(new DeidSettings { Relax = [.. QuarantineReasons.Relaxable] });
        var ds = Sample();
        ds.Set(new DicomSequence(new DicomTag(0x0004, 0x1220)));
        Assert.Equal(QuarantineReasons.DicomDir, h.Run(ds).Result.Reason);
    }
}
