using System.Globalization;
using System.IO.Compression;
using DropBox.Dicom;

namespace DropBox.Cli;

/// <summary>A zip of one synthetic series, the way a sender's FileZilla upload of a study folder arrives.</summary>
internal static class SampleSeries
{
    public static void WriteZip(string zipPath, int seed, int count)
    {
        using var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create);
        for (var instance = 1; instance <= count; instance++)
        {
            using var slice = SampleImage.Create(seed, 64, TransferSyntax.ExplicitVRLittleEndian, instance);
            var entry = zip.CreateEntry($"series/IM{instance.ToString("D4", CultureInfo.InvariantCulture)}.dcm", CompressionLevel.Optimal);
            using var stream = entry.Open();
            slice.Save(stream);
        }
    }
}
