using System.Text.Json;
using System.Text.Json.Serialization;

namespace DropBox.Testing;

/// <summary>
/// Synthetic DICOM images with burned-in text (invented values only), made at test time by
/// <c>tests/DropBox.Testing/pixelgen/burned_in.py</c> (Pillow, DejaVu, pydicom; dcmcjpeg for the JPEG cases): grey,
/// RGB (both planar configurations), YBR_FULL, 8 and 16 bit, single and multi-frame, native and JPEG baseline,
/// with the patient's name, ID and a date in a device's top band (Manufacturer/Model/Rows/Columns set for a rule)
/// and device words outside it, or, for "sc-no-rule", in the middle of a frame no rule covers.
/// </summary>
public static class BurnedInImages
{
    /// <summary>Every case the generator knows.</summary>
    public static readonly IReadOnlyList<string> AllCases =
    [
        "us-grey-band", "us-rgb-band", "us-rgb-planar-band", "us-ybr-band", "us-grey-small-font", "us-grey-tiny-font",
        "us-grey-large-font", "us-grey-cine", "us-rgb-cine", "us-grey-jpeg", "us-rgb-jpeg", "sc-grey16", "sc-no-rule",
    ];

    /// <summary>The generator script.</summary>
    public static string Script => Path.Combine(RepoPaths.RepoRoot, "tests", "DropBox.Testing", "pixelgen", "burned_in.py");

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Writes the named cases (all when none are named) into <paramref name="folder"/>.</summary>
    public static IReadOnlyList<BurnedInCase> Generate(string folder, params string[] cases)
    {
        var result = ProcessRunner.Run(Tools.Python, [Script, folder, .. cases.SelectMany(c => new[] { "--case", c })], timeout: TimeSpan.FromMinutes(5));
        return result.ExitCode == 0 ? Load(folder) : throw new InvalidOperationException($"burned_in.py failed: {result.Describe()}");
    }

    /// <summary>Writes the bench's cine: one 640x480 grey ultrasound file of <paramref name="frames"/> frames.</summary>
    public static BurnedInCase GenerateCine(string folder, int frames)
    {
        var result = ProcessRunner.Run(Tools.Python, [Script, folder, "--cine", frames.ToString(System.Globalization.CultureInfo.InvariantCulture)], timeout: TimeSpan.FromMinutes(10));
        return result.ExitCode == 0 ? Load(folder).Single() : throw new InvalidOperationException($"burned_in.py failed: {result.Describe()}");
    }

    private static IReadOnlyList<BurnedInCase> Load(string folder)
    {
        var manifest = JsonSerializer.Deserialize<Manifest>(File.ReadAllText(Path.Combine(folder, "manifest.json")), Json)
            ?? throw new InvalidOperationException("burned_in.py wrote an empty manifest");
        return manifest.Cases.Select(c => c with
        {
            File = Path.Combine(folder, c.File),
            Renderings = c.Renderings.Select(r => Path.Combine(folder, r)).ToArray(),
        }).ToArray();
    }

    private sealed record Manifest(IReadOnlyList<BurnedInCase> Cases);
}

/// <summary>One generated file and what text is where in it.</summary>
/// <param name="File">The DICOM file.</param>
/// <param name="Band">The device's top band (x, y, width, height) a rule for this Manufacturer/Model would blank; null
/// for the case no rule covers.</param>
/// <param name="Header">The identifying header values written (PatientName, PatientID, PatientBirthDate, StudyDate,
/// AccessionNumber, InstitutionName, ReferringPhysicianName).</param>
/// <param name="Renderings">Per frame, the 8-bit grey (PGM) or RGB (PPM) image the text was drawn on: what a decoded
/// frame shows (before JPEG loss).</param>
public sealed record BurnedInCase(
    string Name,
    string File,
    int Frames,
    int Rows,
    int Columns,
    string TransferSyntax,
    string Photometric,
    int Planar,
    int BitsAllocated,
    bool JpegBaseline,
    int FontPx,
    string Manufacturer,
    string Model,
    IReadOnlyList<int>? Band,
    IReadOnlyDictionary<string, string> Header,
    IReadOnlyList<string> Renderings,
    IReadOnlyList<PlantedWord> Words)
{
    /// <summary>The words planted on one frame.</summary>
    public IEnumerable<PlantedWord> WordsOn(int frame) => Words.Where(w => w.Frame == frame);
}

/// <summary>A word drawn into a frame. <see cref="Kind"/>: "name", "id", "date" (identifying) or "other".</summary>
/// <param name="Box">x, y, width, height of the drawn glyphs.</param>
public sealed record PlantedWord(string Text, string Kind, int Frame, int FontPx, bool InBand, IReadOnlyList<int> Box)
{
    [JsonIgnore]
    public bool IsIdentifying => Kind != "other";
}

/// <summary>Reads the generator's binary PGM (P5) and PPM (P6) renderings.</summary>
public static class PortableAnymapFile
{
    /// <returns>Width, height, samples per pixel (1 or 3) and the pixels row by row.</returns>
    public static (int Width, int Height, int Samples, byte[] Pixels) Read(string path)
    {
        var bytes = System.IO.File.ReadAllBytes(path);
        var position = 0;
        string Token()
        {
            while (char.IsWhiteSpace((char)bytes[position]))
            {
                position++;
            }
            var start = position;
            while (!char.IsWhiteSpace((char)bytes[position]))
            {
                position++;
            }
            return System.Text.Encoding.ASCII.GetString(bytes, start, position - start);
        }
        var magic = Token();
        int width = int.Parse(Token(), System.Globalization.CultureInfo.InvariantCulture);
        int height = int.Parse(Token(), System.Globalization.CultureInfo.InvariantCulture);
        var max = Token();
        if (magic is not ("P5" or "P6") || max != "255")
        {
            throw new InvalidDataException($"{path}: not an 8-bit binary PGM/PPM");
        }
        var samples = magic == "P5" ? 1 : 3;
        return (width, height, samples, bytes.AsSpan(position + 1, width * height * samples).ToArray());
    }
}
