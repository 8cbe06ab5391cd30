using System.Text;
using DropBox.Deidentify.Engine;
using DropBox.Deidentify.Quarantine;
using DropBox.Deidentify.Tests.Engine;
using DropBox.Deidentify.Verification;
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

    [Fact]
    public void A_name_stored_in_utf8_is_also_found_in_latin1_bytes()
    {
        // The file is UTF-8 (ü is C3 BC there); a kept private value holds the name in Latin-1 (ü is FC): only the
        // verifier's Latin-1 needle can find it.
        var settings = new DeidSettings { Options = ["RetainSafePrivate"], SafePrivate = ["ACME 1.1:(0029,xx20)"] };
        using var h = new EngineHarness(settings);
        var ds = Sample();
        ds.SetString(DicomTag.SpecificCharacterSet, DicomVR.CS, "ISO_IR 192");
        ds.SetString(new DicomTag(0x0008, 0x0090), DicomVR.PN, "Müller^Jörg");
        ds.SetBytes(new DicomTag(0x0029, 0x1020), DicomVR.OB, Encoding.Latin1.GetBytes("Dr M\u00fcller "));
        var (result, output) = h.Run(ds);

        Assert.Null(output);
        Assert.Equal(QuarantineReasons.VerificationFailed, result.Reason);
    }

    [Fact]
    public void Short_ascii_components_are_no_needles_but_short_names_in_other_scripts_are()
    {
        var state = new DeidState { Pseudonym = "SUBJ-0001", DateOffsetDays = 0 };
        state.Replaced.Add(("Li^山田", DicomCharacterSet.FromSpecificCharacterSet("ISO_IR 192", out _)));

        var needles = LeakVerifier.Needles(state);

        Assert.DoesNotContain(needles, n => n.AsSpan().SequenceEqual("Li"u8));
        Assert.Contains(needles, n => n.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes("山田")));
        Assert.Contains(needles, n => n.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes("Li^山田")));
    }
}
