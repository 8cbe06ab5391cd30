using System.Text;
using DropBox.Deidentify.Engine;
using DropBox.Deidentify.Quarantine;
using DropBox.Deidentify.Tests.Engine;
using DropBox.Dicom;
using static DropBox.Deidentify.Tests.Engine.EngineHarness;

namespace DropBox.Deidentify.Tests.Verification;

public sealed class LeakVerifierTests
{
    [Fact]
    public void A_removed_name_that_survives_in_a_kept_binary_value_fails_verification_and_no_output_remains()
    {
        // The safe-private list keeps an OB element whose bytes spell the patient's name: the rules keep it, but
        // the verifier sees the removed name in the output bytes and holds the file.
        var settings = new DeidSettings { Options = ["RetainSafePrivate"], SafePrivate = ["ACME 1.1:(0029,xx20)"] };
        using var h = new EngineHarness(settings);
        var ds = Sample();
        ds.SetBytes(new DicomTag(0x0029, 0x1020), DicomVR.OB, Encoding.Latin1.GetBytes("Zebediah^Quux "));
        var (result, output) = h.Run(ds);

        Assert.Null(output);
        Assert.Equal(QuarantineReasons.VerificationFailed, result.Reason);
        Assert.DoesNotContain("Zebediah", result.Message!, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deflated_output_is_verified_after_inflating()
    {
        using var h = new EngineHarness();
        var input = h.Write(Sample());
        var deflated = input + ".dfl";
        using (var file = DicomFile.Open(input))
        {
            new DicomFile(file.Dataset, TransferSyntax.DeflatedExplicitVRLittleEndian).Save(deflated);
        }
        var output = deflated + ".out";
        var result = h.Engine.Deidentify(deflated, output, new UploadContext());
        Assert.True(result.IsOk, result.Message);
        Assert.Equal(-1, File.ReadAllBytes(output).AsSpan().IndexOf("Zebediah"u8));
    }
}
