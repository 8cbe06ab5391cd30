using System.IO.Compression;
using System.Text.Json.Nodes;
using DropBox.Testing;

namespace DropBox.Cli.Tests.EndToEnd;

/// <summary>
/// Issue 12's done-when through the real daemon: a zip of the generator's burned-in cases goes through <c>dropbox once</c>
/// with real tesseract, gdcmconv and gpg; the published package is decrypted with the receiver's own key and judged by an
/// oracle that shares no code with DropBox (<c>cleaned_frames_oracle.py</c>: pydicom, numpy and tesseract again).
/// </summary>
public sealed class CleanPixelDataEndToEndTests
{
    /// <summary>A device band a project rule knows (grey; RGB cine; JPEG baseline; 16-bit) and a layout only OCR finds.</summary>
    private static readonly string[] Cases = ["us-grey-band", "sc-no-rule", "us-rgb-cine", "us-grey-jpeg", "sc-grey16"];

    private const string Sender = "SITEA";

    /// <summary>The project's own rules for the generator's invented devices (no built-in rule knows them).</summary>
    private const string ProjectRules = """
        Synthetic Sonics
         SynthoScan 3000 at 640 x 480
          { ManufacturerModelName.equals("SynthoScan 3000") * Rows.equals("480") * Columns.equals("640") }
          (0,0,640,40)
        Pixel Forge
         CaptureBox 2 at 512 x 512
          { ManufacturerModelName.equals("CaptureBox 2") * Rows.equals("512") }
          (0,0,512,36)
        """;

    private static string Oracle => Path.Combine(RepoPaths.RepoRoot, "tests", "DropBox.Cli.Tests", "EndToEnd", "cleaned_frames_oracle.py");

    /// <summary>A site whose project has Clean Pixel Data (or not) and the project rules above.</summary>
    private static E2ESite Site(E2EKey key, bool cleanPixelData, Action<JsonObject>? adjustDeidentify = null)
    {
        string? rules = null;
        var site = new E2ESite([Sender], [key.PublicKeyFile], project =>
        {
            var deidentify = project["Deidentify"]!.AsObject();
            if (cleanPixelData)
            {
                deidentify["Options"] = new JsonArray("CleanPixelData");
                deidentify["PixelRules"] = rules = Path.Combine(Path.GetDirectoryName((string)project["Root"]!)!, "synthetic.pixelrules");
            }
            adjustDeidentify?.Invoke(deidentify);
        });
        if (rules is not null)
        {
            File.WriteAllText(rules, ProjectRules);
        }
        return site;
    }

    /// <summary>The generator's cases zipped as one upload in the sender's inbox (under a PHI-like name).</summary>
    private static IReadOnlyList<BurnedInCase> DropZip(E2ESite site, params string[] cases)
    {
        var generated = BurnedInImages.Generate(site.Scratch("generated"), cases);
        var zip = site.Scratch("upload.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            foreach (var c in generated)
            {
                archive.CreateEntryFromFile(c.File, Path.GetFileName(c.File));
            }
        }
        site.Drop(Sender, zip, "QUIMBY_MARJORIE.zip");
        E2ESite.WaitQuietPeriod();
        return generated;
    }

    [ToolFact("gpg", "tesseract", "gdcmconv", "pydicom", "numpy")]
    public void With_clean_pixel_data_every_frame_of_every_case_is_published_with_no_identifier_tesseract_can_read_and_nothing_but_blanking_outside_the_band_and_the_words()
    {
        var key = E2EKeys.Shared.Ed25519;
        using var site = Site(key, cleanPixelData: true);
        DropZip(site, Cases);

        var once = site.RunOnce();

        Assert.True(once.ExitCode == 0, once.Describe());
        Assert.Empty(site.Quarantined(Sender));
        var package = E2EKeys.Decrypt(key, Assert.Single(site.Outputs(Sender)), site.Scratch("package.zip"));
        ZipFile.ExtractToDirectory(package, site.Scratch("package"));
        Assert.Equal(Cases.Length, Directory.GetFiles(site.Scratch("package"), "*", SearchOption.AllDirectories).Length);
        var judged = ProcessRunner.Run(Tools.Python, [Oracle, site.Scratch("generated", "manifest.json"), site.Scratch("package")], timeout: TimeSpan.FromMinutes(5));
        Assert.True(judged.ExitCode == 0, judged.Describe() + "\n" + judged.StdOut);
        Assert.Equal(Cases.Order(StringComparer.Ordinal), judged.StdOutLines.Select(l => l.Replace("ok ", "", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    [ToolFact("gpg", "pydicom", "numpy")]
    public void Without_clean_pixel_data_every_burned_in_file_of_the_same_upload_is_quarantined_as_burned_in_annotation()
    {
        var key = E2EKeys.Shared.Ed25519;
        using var site = Site(key, cleanPixelData: false);
        DropZip(site, Cases);

        var once = site.RunOnce();

        Assert.True(once.ExitCode == 3, once.Describe());
        var held = site.Quarantined(Sender);
        Assert.Equal(Cases.Length, held.Count);
        Assert.All(held, item => Assert.Equal("burned-in-annotation", (string)item.Reason["code"]!));
        Assert.Empty(site.Outputs(Sender));
    }

    [ToolFact("gpg", "pydicom", "numpy")]
    public void Deid_what_if_with_clean_pixel_data_lists_the_rule_name_and_its_rectangle_and_never_the_planted_text()
    {
        var key = E2EKeys.Shared.Ed25519;
        using var site = Site(key, cleanPixelData: true);
        var band = BurnedInImages.Generate(site.Scratch("generated"), "us-grey-band").Single();

        var whatIf = DropBoxCli.Run(["deid", band.File, site.Scratch("out"), "--what-if", "--option", "CleanPixelData",
            "--config", site.ConfigPath, "--project", E2ESite.Project], TimeSpan.FromMinutes(1));

        Assert.True(whatIf.ExitCode == 0, whatIf.Describe());
        var text = whatIf.StdOut + whatIf.StdErr;
        Assert.Contains(whatIf.StdOutLines, l => l.Contains("(7FE0,0010) clean-pixel-data rule 'Synthetic Sonics / SynthoScan 3000 at 640 x 480", StringComparison.Ordinal));
        Assert.Contains(whatIf.StdOutLines, l => l.Contains("(7FE0,0010) clean-pixel-data blank x=0 y=0 w=640 h=40 in 1 frame(s)", StringComparison.Ordinal));
        Assert.All(band.Words.Where(w => w.IsIdentifying).Select(w => w.Text.TrimEnd(',')).Concat(band.Header.Values),
            value => Assert.DoesNotContain(value, text, StringComparison.OrdinalIgnoreCase));
        Assert.False(Directory.Exists(site.Scratch("out")));
    }

    /// <summary>PixelText "none": the file is held when OCR reads any text at all on a cleaned frame. The ultrasound's
    /// speckle sector is outside every rule and still reads as text after the cleaner blanked what it read first, so
    /// the honest outcome is the hold, at frame 1, and no planted value anywhere an operator looks.</summary>
    [ToolFact("gpg", "tesseract", "pydicom", "numpy")]
    public void With_pixel_text_none_a_frame_that_still_shows_text_after_cleaning_is_quarantined_as_burned_in_text_found_with_its_frame_and_no_planted_value()
    {
        var key = E2EKeys.Shared.Ed25519;
        using var site = Site(key, cleanPixelData: true, deidentify => deidentify["PixelText"] = "none");
        var band = BurnedInImages.Generate(site.Scratch("generated"), "us-grey-band").Single();
        site.Drop(Sender, band.File, "QUIMBY_MARJORIE.dcm");
        E2ESite.WaitQuietPeriod();

        var once = site.RunOnce();

        Assert.True(once.ExitCode == 3, once.Describe());
        Assert.Empty(site.Outputs(Sender));
        var held = Assert.Single(site.Quarantined(Sender));
        Assert.Equal("burned-in-text-found", (string)held.Reason["code"]!);
        Assert.Contains("frame 1 ", (string)held.Reason["message"]!, StringComparison.Ordinal);
        var logs = string.Concat(Directory.GetFiles(site.LogDirectory, "*", SearchOption.AllDirectories).Select(File.ReadAllText));
        Assert.Contains("burned-in-text-found", logs, StringComparison.Ordinal); // the logs were written and are searched
        var operatorText = held.Text + once.StdOut + once.StdErr + logs;
        var planted = band.Words.Where(w => w.IsIdentifying).Select(w => w.Text.TrimEnd(',')).Concat(band.Header.Values).Concat([band.Header["PatientName"].Split('^')[0]]);
        Assert.All(planted, value => Assert.DoesNotContain(value, operatorText, StringComparison.OrdinalIgnoreCase));
    }
}
