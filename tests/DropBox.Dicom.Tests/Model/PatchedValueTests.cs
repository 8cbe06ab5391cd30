namespace DropBox.Dicom.Tests;

/// <summary><see cref="DicomValue.Read"/> and <see cref="DicomValue.WithPatches"/>, for values in memory and left in the source.</summary>
public sealed class PatchedValueTests
{
    private static readonly DicomTag PixelData = new(0x7FE0, 0x0010);

    /// <summary>A file whose single pixel fragment is <paramref name="fragment"/>, read back with a small in-memory threshold.</summary>
    private static DicomValue StreamedFragment(byte[] fragment, out DicomFile file)
    {
        var dataset = new DicomDataset();
        var pixels = new DicomFragments(PixelData, DicomVR.OB);
        pixels.Fragments.Add(DicomValue.FromBytes(fragment));
        dataset.Set(pixels);
        var bytes = Dicom.Save(new DicomFile(dataset, TransferSyntax.FromUid("1.2.840.10008.1.2.4.50")));
        file = Dicom.Open(bytes, new DicomReadOptions { LargeValueThreshold = 16 });
        var value = Assert.Single(Assert.IsType<DicomFragments>(file.Dataset.Get(PixelData)).Fragments);
        Assert.False(value.IsInMemory);
        return value;
    }

    private static byte[] Sample(int length) => [.. Enumerable.Range(0, length).Select(i => (byte)(i * 7 + 3))];

    private static byte[] Copy(DicomValue value)
    {
        using var output = new MemoryStream();
        value.CopyTo(output);
        return output.ToArray();
    }

    [Fact]
    public void Reading_part_of_a_streamed_value_returns_those_bytes_only()
    {
        var bytes = Sample(5000);
        var value = StreamedFragment(bytes, out var file);
        using var _ = file;

        var prefix = new byte[100];
        var tail = new byte[100];

        Assert.Equal(100, value.Read(0, prefix));
        Assert.Equal(bytes[..100], prefix);
        Assert.Equal(40, value.Read(4960, tail));
        Assert.Equal(bytes[4960..], tail[..40]);
        Assert.Equal(0, value.Read(5000, tail));
    }

    [Fact]
    public void Reading_an_in_memory_value_past_its_end_returns_what_there_is()
    {
        var value = DicomValue.FromBytes([1, 2, 3]);
        var buffer = new byte[8];

        Assert.Equal(2, value.Read(1, buffer));
        Assert.Equal([2, 3], buffer[..2]);
        Assert.Equal(0, DicomValue.Empty.Read(0, buffer));
    }

    [Fact]
    public void A_patched_streamed_value_copies_with_the_patches_and_keeps_its_length()
    {
        var bytes = Sample((3 << 20) + 10); // more than one copy chunk
        var value = StreamedFragment(bytes, out var file);
        using var _ = file;
        BytePatch[] patches = [new(4, [0, 0, 0]), new((1 << 20) - 1, [9, 9]), new(bytes.Length - 1, [5])];

        var patched = DicomValue.WithPatches(value, patches);

        var expected = (byte[])bytes.Clone();
        foreach (var patch in patches)
        {
            patch.Bytes.CopyTo(expected, patch.Offset);
        }
        Assert.False(patched.IsInMemory);
        Assert.Equal(bytes.Length, patched.Length);
        Assert.Equal(expected, Copy(patched));
        var window = new byte[4];
        Assert.Equal(4, patched.Read((1 << 20) - 2, window));
        Assert.Equal(expected[((1 << 20) - 2)..((1 << 20) + 2)], window);
    }

    [Fact]
    public void A_patched_value_is_written_into_a_file_in_place_of_the_original()
    {
        var bytes = Sample(4096);
        var value = StreamedFragment(bytes, out var file);
        using var _ = file;
        var pixels = Assert.IsType<DicomFragments>(file.Dataset.Get(PixelData));

        pixels.Fragments[0] = DicomValue.WithPatches(value, [new BytePatch(10, [0xAA, 0xBB])]);
        using var reread = Dicom.RoundTrip(file);

        var written = Assert.Single(Assert.IsType<DicomFragments>(reread.Dataset.Get(PixelData)).Fragments).ToArray();
        Assert.Equal(bytes[..10], written[..10]);
        Assert.Equal([0xAA, 0xBB], written[10..12]);
        Assert.Equal(bytes[12..], written[12..]);
    }

    [Fact]
    public void Patching_an_in_memory_value_gives_a_new_value_and_leaves_the_original()
    {
        var original = DicomValue.FromBytes([1, 2, 3, 4]);

        var patched = DicomValue.WithPatches(original, [new BytePatch(1, [8, 9])]);

        Assert.True(patched.IsInMemory);
        Assert.Equal([1, 8, 9, 4], patched.ToArray());
        Assert.Equal([1, 2, 3, 4], original.ToArray());
        Assert.Same(original, DicomValue.WithPatches(original, []));
    }

    [Fact]
    public void Patches_that_leave_the_value_or_overlap_are_refused()
    {
        var value = DicomValue.FromBytes(new byte[10]);

        Assert.Throws<ArgumentException>(() => DicomValue.WithPatches(value, [new BytePatch(9, [1, 2])]));
        Assert.Throws<ArgumentException>(() => DicomValue.WithPatches(value, [new BytePatch(2, [1, 2]), new BytePatch(3, [1])]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BytePatch(-1, [1]));
    }
}
