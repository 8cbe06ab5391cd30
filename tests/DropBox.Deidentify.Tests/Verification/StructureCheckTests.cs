using DropBox.Deidentify.Engine;
using DropBox.Deidentify.Verification;
using DropBox.Dicom;

namespace DropBox.Deidentify.Tests.Verification;

/// <summary>The verifier's first question: does the output read back, strictly, as the dataset the engine meant?</summary>
public sealed class StructureCheckTests
{
    [Fact]
    public void An_output_that_reads_back_as_another_element_tree_fails_verification()
    {
        var written = Dataset();
        using var output = new MemoryStream();
        new DicomFile(written, TransferSyntax.ExplicitVRLittleEndian).Save(output);
        var meant = Dataset();
        meant.SetString(new DicomTag(0x0020, 0x4000), DicomVR.LT, "one more element");

        var leak = LeakVerifier.FindLeak(output, State(), meant);

        Assert.NotNull(leak);
        Assert.Contains("does not read back as the dataset meant", leak, StringComparison.Ordinal);
        Assert.Contains("(0020,4000)", leak, StringComparison.Ordinal);
    }

    [Fact]
    public void An_output_a_strict_reader_rejects_fails_verification()
    {
        var dataset = Dataset();
        using var output = new MemoryStream();
        new DicomFile(dataset, TransferSyntax.ExplicitVRLittleEndian).Save(output);
        output.Write([0x08, 0x00]); // two stray bytes after the last element

        var leak = LeakVerifier.FindLeak(output, State(), dataset);

        Assert.NotNull(leak);
        Assert.Contains("does not read back with one structure", leak, StringComparison.Ordinal);
    }

    [Fact]
    public void An_output_that_reads_back_as_meant_passes()
    {
        var dataset = Dataset();
        using var output = new MemoryStream();
        new DicomFile(dataset, TransferSyntax.ExplicitVRLittleEndian).Save(output);

        Assert.Null(LeakVerifier.FindLeak(output, State(), dataset));
    }

    private static DeidState State() => new() { Pseudonym = "SUBJ-0001", DateOffsetDays = 0 };

    private static DicomDataset Dataset()
    {
        var ds = new DicomDataset();
        ds.SetString(new DicomTag(0x0008, 0x0016), DicomVR.UI, "1.2.840.10008.5.1.4.1.1.4");
        ds.SetString(new DicomTag(0x0008, 0x0018), DicomVR.UI, "2.25.1");
        var sequence = new DicomSequence(new DicomTag(0x0008, 0x1140));
        var item = new DicomDataset();
        item.SetString(new DicomTag(0x0008, 0x1155), DicomVR.UI, "2.25.2");
        sequence.Items.Add(item);
        ds.Set(sequence);
        return ds;
    }
}
