using System.Text;
using DropBox.Deidentify.Engine;
using DropBox.Deidentify.Quarantine;
using DropBox.Dicom;
using DropBox.Dicom.Tests;

namespace DropBox.Deidentify.Tests.Engine;

/// <summary>
/// The three shapes in which a damaged export carried a patient's value past the rules (issue 11), each as a small
/// hand-made file: a value moved into an attribute nobody knows, a kept value that swallowed the elements after it,
/// and a sequence whose items a receiver's reader finds although the engine did not.
/// </summary>
public sealed class BrokenInputTests
{
    private const string ExplicitLittle = "1.2.840.10008.1.2.1";
    private const string ImplicitLittle = "1.2.840.10008.1.2";
    private const string RtPlanClass = "1.2.840.10008.5.1.4.1.1.481.5";

    [Fact]
    public void Values_in_unknown_attributes_illegal_groups_group_lengths_and_orphan_private_elements_do_not_leave()
    {
        foreach (var unknown in new[] { new DicomTag(0x0010, 0x5040), new DicomTag(0x0008, 0x4050), new DicomTag(0x001C, 0x1000) })
        {
            Assert.Null(DicomDictionary.Lookup(unknown)); // the premise: the dictionary does not know them
        }
        var file = Part10(ExplicitLittle, true,
            E(0x0003, 0x0010, "LO", "Gumtree Lane Ward"),
            E(0x0008, 0x0000, "UL", "\u0004\0\0\0"),
            E(0x0008, 0x4050, "LO", "ACC-PLANTED-4050"),
            E(0x0009, 0x1001, "LO", "Orphan Private Quux"),
            E(0x0010, 0x5040, "LO", "12 Gumtree Lane, Wexford"),
            E(0x001C, 0x1000, "LO", "SERIAL-PLANTED-77"));
        using var h = new EngineHarness();

        var (result, output) = h.RunBytes(file);
        var (_, plan) = h.Engine.WhatIf(h.WriteBytes(file));

        Assert.True(result.IsOk, result.Message);
        foreach (var planted in new[] { "Gumtree", "ACC-PLANTED", "Orphan Private", "SERIAL-PLANTED" })
        {
            Assert.Equal(-1, output.AsSpan().IndexOf(Encoding.ASCII.GetBytes(planted)));
        }
        Assert.Contains(("(0010,5040)", "remove-unknown-attribute"), plan);
        Assert.Contains(("(0003,0010)", "remove-illegal-group"), plan);
        Assert.Contains(("(0008,0000)", "remove-group-length"), plan);
        Assert.Contains(("(0009,1001)", "remove-private-without-creator"), plan);
    }

    [Fact]
    public void A_field_list_can_still_keep_a_named_unknown_attribute()
    {
        var settings = new DeidSettings { Fields = [new DropBox.Deidentify.Fields.FieldEntry { Attribute = "(0010,5040)", Action = "keep" }] };
        using var h = new EngineHarness(settings);

        var (result, output) = h.RunBytes(Part10(ExplicitLittle, true, E(0x0010, 0x5040, "LO", "KEPT ON PURPOSE")));

        Assert.True(result.IsOk, result.Message);
        Assert.NotEqual(-1, output.AsSpan().IndexOf("KEPT ON PURPOSE"u8));
    }

    [Fact]
    public void A_kept_value_whose_length_swallowed_the_next_elements_holds_the_file_as_malformed_value()
    {
        // EchoTime (DS, kept: not in Table E.1-1) whose length grew over two UID elements that follow it.
        var swallowed = new DicomBytes().Text(0x0018, 0x0082, "DS", "12").Text(0x0018, 0x0083, "UI", "1.2.826.0.1.3680043.777.1\0").ToArray();
        var echoTime = new DicomBytes().Element(0x0018, 0x0081, "DS", [.. "20"u8, .. swallowed]).ToArray();
        using var h = new EngineHarness();

        var (result, output) = h.RunBytes(Part10(ExplicitLittle, true, (0x00180081, echoTime)));

        Assert.Null(output);
        Assert.Equal(QuarantineReasons.MalformedValue, result.Reason);
        Assert.Contains("(0018,0081) EchoTime", result.Message!, StringComparison.Ordinal);
        Assert.DoesNotContain("3680043", result.Message!, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_moved_into_a_number_attribute_is_removed_and_the_file_goes_out()
    {
        // RepetitionTime is a DS: a name there (a tag bit flipped in the sender's export) fits no number.
        using var h = new EngineHarness();
        var file = Part10(ExplicitLittle, true, E(0x0018, 0x0080, "LO", "Quackenbush^Hildegard"), E(0x0018, 0x0050, "DS", "1.25"));

        var (result, output) = h.RunBytes(file);
        var (_, plan) = h.Engine.WhatIf(h.WriteBytes(file));

        Assert.True(result.IsOk, result.Message);
        Assert.Equal(-1, output.AsSpan().IndexOf("Quackenbush"u8));
        Assert.NotEqual(-1, output.AsSpan().IndexOf("1.25"u8)); // a sound neighbour stays
        Assert.Contains(("(0018,0080)", "remove-malformed-value"), plan);
    }

    [Fact]
    public void A_sequence_attribute_sent_as_UN_is_read_as_a_sequence_and_cleaned_inside()
    {
        // DoseReferenceSequence written as UN of defined length by a system that did not know it; its item holds
        // DoseReferenceDescription (profile X). A receiver's reader parses the items by the dictionary.
        var item = new DicomBytes(explicitVR: false).Text(0x300A, 0x0012, "IS", "1 ").Text(0x300A, 0x0016, "LO", "Plan for Quackenbush ");
        var sequence = new DicomBytes().Sequence(0x300A, 0x0010, "UN", definedLength: true, definedItems: true, new DicomBytes(explicitVR: false), item).ToArray();
        using var h = new EngineHarness();

        var (result, output) = h.RunBytes(Part10(ExplicitLittle, true, RtPlanClass, (0x300A0010, sequence)));

        Assert.True(result.IsOk, result.Message);
        Assert.Equal(-1, output.AsSpan().IndexOf("Quackenbush"u8));
        using var read = DicomFile.Open(new MemoryStream(output!));
        var items = Assert.IsType<DicomSequence>(read.Dataset.Get(new DicomTag(0x300A, 0x0010))).Items;
        Assert.Equal("1", Assert.Single(items).GetString(new DicomTag(0x300A, 0x0012)));
    }

    [Fact]
    public void A_sequence_attribute_whose_items_do_not_parse_is_removed_not_kept_as_bytes()
    {
        // Implicit VR: DoseReferenceSequence of defined length whose item holds a stray item delimiter before the
        // description. The engine cannot read the items; kept as bytes, a receiver's reader might still find them.
        var content = new DicomBytes(explicitVR: false).Text(0x300A, 0x0012, "IS", "1 ").Tag(0xFFFE, 0xE00D).U32(0)
            .Text(0x300A, 0x0016, "LO", "Plan for Quackenbush ");
        var bytes = content.ToArray();
        var sequence = new DicomBytes(explicitVR: false).Tag(0x300A, 0x0010).U32((uint)bytes.Length + 8)
            .Tag(0xFFFE, 0xE000).U32((uint)bytes.Length).Raw(bytes).ToArray();
        var file = Part10(ImplicitLittle, false, RtPlanClass, (0x300A0010, sequence));
        using var h = new EngineHarness();

        var (result, output) = h.RunBytes(file);
        var (_, plan) = h.Engine.WhatIf(h.WriteBytes(file));

        Assert.True(result.IsOk, result.Message);
        Assert.Equal(-1, output.AsSpan().IndexOf("Quackenbush"u8));
        Assert.Contains(("(300A,0010)", "remove-unreadable-sequence"), plan);
    }

    [Fact]
    public void An_element_out_of_tag_order_holds_the_file_as_malformed_value()
    {
        // (0010,0030) with one tag bit flipped becomes (2010,0030), a known CS attribute a date fits: only the broken
        // order shows it. Elements are written in file order here, not sorted.
        var bytes = DicomBytes.Part10(ImplicitLittle, explicitVR: false);
        foreach (var (_, element) in Base(false, EngineHarness.MrClass))
        {
            bytes.Raw(element);
        }
        bytes.Raw(new DicomBytes(explicitVR: false).Text(0x2010, 0x0030, "CS", "19610407").ToArray());
        bytes.Raw(new DicomBytes(explicitVR: false).Text(0x0010, 0x0040, "CS", "F ").ToArray());
        using var h = new EngineHarness();

        var (result, output) = h.RunBytes(bytes.ToArray());

        Assert.Null(output);
        Assert.Equal(QuarantineReasons.MalformedValue, result.Reason);
        Assert.DoesNotContain("19610407", result.Message!, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_in_a_patient_attribute_newer_than_the_table_is_removed()
    {
        // Name to Use (0010,0012, LT) is newer than Table E.1-1 2024b: the table cannot name it yet.
        using var h = new EngineHarness();
        var file = Part10(ExplicitLittle, true, E(0x0010, 0x0012, "LT", "Delacroix-Haas^Ottilie"), E(0x0010, 0x2201, "LO", "Mus musculus"));

        var (result, output) = h.RunBytes(file);
        var (_, plan) = h.Engine.WhatIf(h.WriteBytes(file));

        Assert.True(result.IsOk, result.Message);
        Assert.Equal(-1, output.AsSpan().IndexOf("Delacroix"u8));
        Assert.Contains(("(0010,0012)", "remove-unlisted-patient-attribute"), plan);
        Assert.NotEqual(-1, output.AsSpan().IndexOf("Mus musculus"u8)); // a species is no person's identity
    }

    [Fact]
    public void A_kept_value_sent_with_a_VR_the_attribute_does_not_have_is_removed()
    {
        // An accession number (SH) whose tag bit flipped into Query/Retrieve Level (CS): the value fits a code string,
        // only the VR the file kept from the old tag shows the move.
        using var h = new EngineHarness();
        var file = Part10(ExplicitLittle, true, E(0x0008, 0x0052, "SH", "LRP-77310-2"));

        var (result, output) = h.RunBytes(file);
        var (_, plan) = h.Engine.WhatIf(h.WriteBytes(file));

        Assert.True(result.IsOk, result.Message);
        Assert.Equal(-1, output.AsSpan().IndexOf("LRP-77310"u8));
        Assert.Contains(("(0008,0052)", "remove-malformed-value"), plan);
    }

    [Fact]
    public void A_pseudonym_is_written_with_the_attributes_own_VR_whatever_VR_the_file_gave()
    {
        // Patient ID sent as IS (a flipped VR): "SUBJ-0001" written as IS would be an invalid output.
        using var h = new EngineHarness();
        var file = DicomBytes.Part10(ExplicitLittle);
        foreach (var (tag, bytes) in Base(true, EngineHarness.MrClass).Where(e => e.Tag != 0x00100020).Append(E(0x0010, 0x0020, "IS", "4711")).OrderBy(e => e.Tag))
        {
            file.Raw(bytes);
        }

        var (result, output) = h.RunBytes(file.ToArray());

        Assert.True(result.IsOk, result.Message);
        using var read = DicomFile.Open(new MemoryStream(output!));
        var id = Assert.IsType<DicomElement>(read.Dataset.Get(EngineHarness.PatientId));
        Assert.Equal(DicomVR.LO, id.VR);
        Assert.Equal("SUBJ-0001", read.Dataset.GetString(EngineHarness.PatientId));
    }

    private static (uint Tag, byte[] Bytes) E(ushort group, ushort element, string vr, string text, bool explicitVR = true) =>
        (((uint)group << 16) | element, new DicomBytes(explicitVR, false).Text(group, element, vr, text.Length % 2 == 1 ? text + " " : text).ToArray());

    /// <summary>A Part 10 file: a few identifying elements every test needs, plus the test's own, in tag order.</summary>
    private static byte[] Part10(string syntax, bool explicitVR, params (uint Tag, byte[] Bytes)[] elements) =>
        Part10(syntax, explicitVR, EngineHarness.MrClass, elements);

    private static byte[] Part10(string syntax, bool explicitVR, string sopClass, params (uint Tag, byte[] Bytes)[] elements)
    {
        var file = DicomBytes.Part10(syntax, explicitVR);
        foreach (var (_, bytes) in Base(explicitVR, sopClass).Concat(elements).OrderBy(e => e.Tag))
        {
            file.Raw(bytes);
        }
        return file.ToArray();
    }

    private static (uint Tag, byte[] Bytes)[] Base(bool explicitVR, string sopClass) =>
    [
        E(0x0008, 0x0005, "CS", "ISO_IR 100", explicitVR),
        E(0x0008, 0x0016, "UI", sopClass + "\0", explicitVR),
        E(0x0008, 0x0018, "UI", "1.2.3.4.5.100.1.1", explicitVR),
        E(0x0010, 0x0010, "PN", "Zebediah^Quux", explicitVR),
        E(0x0010, 0x0020, "LO", "MRN-4711", explicitVR),
        E(0x0020, 0x000D, "UI", "1.2.3.4.5.100", explicitVR),
    ];
}
