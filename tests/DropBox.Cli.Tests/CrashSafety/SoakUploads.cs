using System.Globalization;
using System.IO.Compression;
using System.Text;
using DropBox.Dicom;

namespace DropBox.Cli.Tests.CrashSafety;

/// <summary>What one upload must become: its files' markers, published or quarantined.</summary>
internal sealed record SoakUpload(int Index, string Sender, string Kind, IReadOnlyList<int> Published, IReadOnlyList<int> Quarantined);

/// <summary>
/// The soak's uploads (as bench/soak.sh's soak_uploads.py makes them): mostly loose DICOM files, some zips of a few
/// DICOM files, and one each of the three that must end in quarantine (a text file, a zip with a text member beside
/// its DICOM members, a truncated DICOM file). Every file carries a unique marker ("SOAK-MARK-000042.") at the start
/// of its pixel data, which de-identification leaves alone (CleanPixelData is off), so each file is recognised after
/// decryption whatever names and UIDs it was given. Seeded: the same seed gives the same uploads, dropped in waves.
/// </summary>
internal sealed class SoakUploads
{
    private const int MarkLength = 17;

    private readonly Random _random;
    private readonly int _seed;
    private readonly List<string> _kinds;
    private readonly List<SoakUpload> _dropped = [];
    private int _nextMark = 1;

    public SoakUploads(int count, int seed)
    {
        _random = new Random(seed);
        _seed = seed;
        _kinds = ["text", "zip-with-text", "truncated", .. Enumerable.Repeat("zip", Math.Max(1, count / 10))];
        _kinds.AddRange(Enumerable.Repeat("dicom", count - _kinds.Count));
        _random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_kinds));
    }

    /// <summary>Every upload dropped so far.</summary>
    public IReadOnlyList<SoakUpload> Dropped => _dropped;

    /// <summary>Drops the next <paramref name="count"/> uploads into the bed's inboxes (fewer when the list runs out),
    /// dated a minute back.</summary>
    public void DropNext(CrashBed bed, int count)
    {
        var files = new List<string>();
        var end = Math.Min(_kinds.Count, _dropped.Count + count);
        for (var i = _dropped.Count; i < end; i++)
        {
            var sender = _random.Next(2) == 0 ? "SITEA" : "SITEB";
            var name = Path.Combine(bed.Inbox(sender), $"u{i:00000}");
            var published = new List<int>();
            var quarantined = new List<int>();
            switch (_kinds[i])
            {
                case "dicom":
                    files.Add(Write(name + ".dcm", Dicom(_nextMark)));
                    published.Add(_nextMark++);
                    break;
                case "truncated":
                    var whole = Dicom(_nextMark);
                    files.Add(Write(name + ".dcm", whole[..(whole.Length * 2 / 3)]));   // cut inside the pixel data
                    quarantined.Add(_nextMark++);
                    break;
                case "text":
                    files.Add(Write(name + ".txt", Note(_nextMark)));
                    quarantined.Add(_nextMark++);
                    break;
                default:
                    files.Add(name + ".zip");
                    WriteZip(name + ".zip", _kinds[i] == "zip-with-text", published, quarantined);
                    break;
            }
            _dropped.Add(new SoakUpload(i, sender, _kinds[i], published, quarantined));
        }
        foreach (var file in files)
        {
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(-1));
        }
    }

    private void WriteZip(string path, bool withText, List<int> published, List<int> quarantined)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        var members = _random.Next(2, 5);
        var textAt = withText ? _random.Next(members + 1) : -1;
        for (var m = 0; m < members + (withText ? 1 : 0); m++)
        {
            var isText = m == textAt;
            using var entry = zip.CreateEntry($"series/{m:0000}" + (isText ? ".txt" : ".dcm"),
                _random.Next(2) == 0 ? CompressionLevel.NoCompression : CompressionLevel.Fastest).Open();
            entry.Write(isText ? Note(_nextMark) : Dicom(_nextMark));
            (isText ? quarantined : published).Add(_nextMark++);
        }
    }

    private static string Write(string path, byte[] content)
    {
        File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>The markers found in <paramref name="data"/>, once each.</summary>
    public static IReadOnlyList<int> MarksIn(ReadOnlySpan<byte> data)
    {
        var found = new SortedSet<int>();
        var prefix = "SOAK-MARK-"u8;
        for (var at = data.IndexOf(prefix); at >= 0 && at + MarkLength <= data.Length;)
        {
            if (data[at + MarkLength - 1] == (byte)'.' && int.TryParse(data.Slice(at + prefix.Length, 6), NumberStyles.None, CultureInfo.InvariantCulture, out var mark))
            {
                found.Add(mark);
            }
            var next = data[(at + 1)..].IndexOf(prefix);
            at = next < 0 ? -1 : at + 1 + next;
        }
        return [.. found];
    }

    private static byte[] Marker(int mark) => Encoding.ASCII.GetBytes($"SOAK-MARK-{mark:000000}.");

    /// <summary>The project's synthetic MR (invented values, its own UIDs per seed) with the marker in its pixel data.</summary>
    private byte[] Dicom(int mark)
    {
        using var image = SampleImage.Create(_seed * 10_000 + mark, 64, TransferSyntax.ExplicitVRLittleEndian);
        var pixels = new byte[64 * 64 * 2];
        new Random(mark).NextBytes(pixels);
        for (var i = 1; i < pixels.Length; i += 2)
        {
            pixels[i] &= 0x0F;   // 12 bits stored
        }
        Marker(mark).CopyTo(pixels, 0);
        image.Dataset.SetBytes(DicomTag.PixelData, DicomVR.OW, pixels);
        using var stream = new MemoryStream();
        image.Save(stream);
        return stream.ToArray();
    }

    /// <summary>A text file with its marker on every line, longer than the intake sniffer's head (a short unknown
    /// file would wait out the incomplete deadline as possibly partial).</summary>
    private static byte[] Note(int mark) =>
        [.. Enumerable.Repeat(Marker(mark).Concat(" a note, not DICOM\n"u8.ToArray()), 30).SelectMany(b => b)];
}
