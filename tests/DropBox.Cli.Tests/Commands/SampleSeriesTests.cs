using System.IO.Compression;
using DropBox.Dicom;
using DropBox.Testing;

namespace DropBox.Cli.Tests.Commands;

public sealed class SampleSeriesTests
{
    [Fact]
    public void The_sample_series_zip_holds_the_asked_number_of_slices_of_one_series_with_distinct_instances()
    {
        using var temp = new TempDir("sample-series");
        var zipPath = temp.Combine("series.zip");

        SampleSeries.WriteZip(zipPath, seed: 4, count: 3);

        using var zip = ZipFile.OpenRead(zipPath);
        Assert.Equal(3, zip.Entries.Count);
        var studies = new HashSet<string>();
        var instances = new HashSet<string>();
        foreach (var entry in zip.Entries)
        {
            using var buffer = new MemoryStream();
            using (var stream = entry.Open())
            {
                stream.CopyTo(buffer);
            }
            buffer.Position = 0;
            using var file = DicomFile.Open(buffer);
            studies.Add(file.Dataset.GetString(new DicomTag(0x0020, 0x000D))!);
            instances.Add(file.Dataset.GetString(new DicomTag(0x0008, 0x0018))!);
            Assert.Equal("SAMPLE^PATIENT", file.Dataset.GetString(new DicomTag(0x0010, 0x0010)));
        }
        Assert.Single(studies);
        Assert.Equal(3, instances.Count);
    }
}
