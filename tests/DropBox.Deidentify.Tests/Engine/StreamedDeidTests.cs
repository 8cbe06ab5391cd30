using DropBox.Deidentify.Quarantine;
using DropBox.Dicom;

namespace DropBox.Deidentify.Tests.Engine;

/// <summary>DeidentifyStream (the daemon's streamed zip members): memory to memory, the same result as the file path.</summary>
public sealed class StreamedDeidTests : IDisposable
{
    private readonly EngineHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public void A_file_de_identified_from_memory_gives_the_same_bytes_name_and_pseudonym_as_from_disk()
    {
        var input = _h.Write(EngineHarness.Sample());
        var onDisk = _h.Engine.DeidentifyInto(input, _h.Folder("out"), new UploadContext());

        using var output = new MemoryStream();
        using var source = new MemoryStream(File.ReadAllBytes(input), writable: false);
        var streamed = _h.Engine.DeidentifyStream(source, output, new UploadContext());

        Assert.True(streamed.IsOk, streamed.Message);
        Assert.Equal(onDisk.OutputName, streamed.OutputName);
        Assert.Equal(onDisk.Pseudonym, streamed.Pseudonym);
        Assert.Equal(onDisk.Actions, streamed.Actions);
        Assert.Equal(File.ReadAllBytes(onDisk.OutputPath!), output.ToArray());
        Assert.DoesNotContain("Zebediah", System.Text.Encoding.Latin1.GetString(output.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_the_engine_refuses_from_disk_are_refused_from_memory_for_the_same_reason()
    {
        var garbage = System.Text.Encoding.ASCII.GetBytes(new string('x', 300));
        var onDisk = _h.Engine.DeidentifyInto(_h.WriteBytes(garbage), _h.Folder("out"), new UploadContext());
        using var output = new MemoryStream();
        using var source = new MemoryStream(garbage, writable: false);

        var streamed = _h.Engine.DeidentifyStream(source, output, new UploadContext());

        Assert.False(onDisk.IsOk);
        Assert.False(streamed.IsOk);
        Assert.Equal(onDisk.Reason, streamed.Reason);
        Assert.Equal(onDisk.Message, streamed.Message);
    }
}
