using DropBox.Deidentify.Derivation;
using DropBox.Deidentify.Engine;
using DropBox.Deidentify.Fields;
using DropBox.Dicom;
using static DropBox.Deidentify.Tests.Engine.EngineHarness;

namespace DropBox.Deidentify.Tests.Engine;

public sealed class DeidEngineTests
{
    [Fact]
    public void The_basic_profile_pseudonymises_the_patient_remaps_uids_everywhere_and_removes_dates_privates_and_names()
    {
        using var h = new EngineHarness();
        var (result, output) = h.Run(Sample());
        using var file = output!;
        var ds = file.Dataset;
        var uids = new UidRemapper(h.Secret);

        Assert.True(result.IsOk, result.Message);
        Assert.Equal("SUBJ-0001", result.Pseudonym);
        Assert.Equal("SUBJ-0001", ds.GetString(PatientName));
        Assert.Equal("SUBJ-0001", ds.GetString(PatientId));
        Assert.Equal(uids.Remap("1.2.3.4.5.100"), ds.GetString(StudyUid));
        Assert.Equal(uids.Remap("1.2.3.4.5.100.1.1"), file.Meta.GetString(DicomTag.MediaStorageSopInstanceUid));
        var item = ((DicomSequence)ds.Get(ReferencedImageSequence)!).Items[0];
        Assert.Equal(uids.Remap("1.2.3.4.5.100.1.2"), item.GetString(ReferencedSopInstance));
        Assert.Equal(MrClass, item.GetString(new DicomTag(0x0008, 0x1150)));
        Assert.Equal("ANONYMOUS", item.GetString(new DicomTag(0x0040, 0xA123)));
        Assert.Equal("", ds.GetString(StudyDate));
        Assert.False(ds.Contains(BirthDate) && ds.GetString(BirthDate) is { Length: > 0 });
        Assert.False(ds.Contains(ImageComments));
        Assert.False(ds.Contains(new DicomTag(0x0029, 0x1010)));
        Assert.False(ds.Contains(new DicomTag(0x0029, 0x0010)));
        Assert.NotEqual("MRSCANNER07", ds.GetString(StationName));
        Assert.Equal("YES", ds.GetString(new DicomTag(0x0012, 0x0062)));
        Assert.Equal("REMOVED", ds.GetString(new DicomTag(0x0028, 0x0303)));
        var codes = (DicomSequence)ds.Get(new DicomTag(0x0012, 0x0064))!;
        Assert.Equal(["113100"], codes.Items.Select(i => i.GetString(new DicomTag(0x0008, 0x0100))));
        Assert.Contains("2024b", ds.GetString(new DicomTag(0x0012, 0x0063)), StringComparison.Ordinal);
        Assert.Equal($"SUBJ-0001/{result.OutputName!.Split('/')[1]}/3_7.dcm", result.OutputName);
    }

    [Fact]
    public void The_same_patient_keeps_the_pseudonym_and_another_patient_gets_the_next()
    {
        using var h = new EngineHarness();
        Assert.Equal("SUBJ-0001", h.Run(Sample("A1", "1.2.3.1")).Result.Pseudonym);
        Assert.Equal("SUBJ-0002", h.Run(Sample("B2", "1.2.3.2")).Result.Pseudonym);
        Assert.Equal("SUBJ-0001", h.Run(Sample("A1", "1.2.3.3")).Result.Pseudonym);
    }

    [Fact]
    public void An_output_folder_removed_after_an_earlier_output_is_made_again()
    {
        using var h = new EngineHarness();
        var root = h.Folder("named");
        var first = h.Engine.DeidentifyInto(h.Write(Sample()), root, h.Upload);
        Assert.True(first.IsOk, first.Message);

        Directory.Delete(root, recursive: true); // e.g. a retention sweep between two uploads
        var second = h.Engine.DeidentifyInto(h.Write(Sample()), root, h.Upload);

        Assert.True(second.IsOk, second.Message);
        Assert.Equal(first.OutputName, second.OutputName);
        Assert.True(File.Exists(second.OutputPath));
    }

    [Fact]
    public void What_if_lists_paths_and_actions_and_never_values()
    {
        using var h = new EngineHarness();
        var (result, plan) = h.Engine.WhatIf(h.Write(Sample()));
        Assert.True(result.IsOk);
        Assert.Contains(("(0010,0010)", "pseudonym"), plan);
        Assert.Contains(("(0008,1140)[0]>(0008,1155)", "remap-uid"), plan);
        Assert.Contains(("(0029,1010)", "remove"), plan);
        Assert.DoesNotContain(plan, p => p.Path.Contains("Zebediah", StringComparison.Ordinal) || p.Action.Contains("2021", StringComparison.Ordinal));
        Assert.Equal(0, h.Store.GetOrCreate("probe", "k", "P{0}").Length - 2); // the plan assigned no pseudonym
    }

    [Fact]
    public void Invalid_settings_are_refused_with_every_error()
    {
        var settings = new DeidSettings { Options = ["RetainEverything"], PseudonymFormat = "FIXED", Relax = ["dicomdir"] };
        var error = Assert.Throws<ArgumentException>(() => new EngineHarness(settings));
        Assert.Contains("RetainEverything", error.Message, StringComparison.Ordinal);
        Assert.Contains("has no {0}", error.Message, StringComparison.Ordinal);
        Assert.Contains("'dicomdir' cannot be relaxed", error.Message, StringComparison.Ordinal);
    }
}
