using System.IO.Compression;
using System.Security.Cryptography;
using DropBox.Testing;
using ZipEntry = ICSharpCode.SharpZipLib.Zip.ZipEntry;
using ZipOutputStream = ICSharpCode.SharpZipLib.Zip.ZipOutputStream;

namespace DropBox.Cli.Tests.EndToEnd;

/// <summary>
/// ONE end-to-end run shared by the delivery tests: a project with two senders and three receivers
/// (rsa3072, rsa4096, ed25519/cv25519). Sender SITEA drops synthetic corpus files with planted PHI — loose and
/// zipped, under PHI-like names — and SITEB drops only uploads that must be refused (zip-slip, zip bomb,
/// encrypted zip, symlink, non-DICOM, burned-in annotation, DICOMDIR). Then two real <c>dropbox once</c>
/// processes run (the second after SITEA uploads the first patient again), and every output is decrypted with
/// each receiver's secret key in a throwaway GNUPGHOME.
/// </summary>
public class DeliveryRun : IDisposable
{
    public const string Good = "SITEA";
    public const string Bad = "SITEB";

    public static readonly string[] LooseKeys =
        ["syn01_ct_phi_many_attrs_latin1_evrle.dcm", "syn03_cn_name_utf8_evrle.dcm", "syn05_private_tags_phi_evrle.dcm"];
    public static readonly string[] ZippedKeys = ["syn09_phi_explicit_big_endian.dcm", "syn10_phi_deflated_evrle.dcm"];
    public const string SeriesKey = "mr_series_01/";
    public const string BurnedInKey = "syn07_us_rgb_burned_in_annotation.dcm";
    public const string DicomdirKey = "dicomdir_01/DICOMDIR";

    /// <summary>Every manifest entry whose files this run uploads.</summary>
    public static IEnumerable<string> ManifestKeysUsed => [.. LooseKeys, .. ZippedKeys, SeriesKey, BurnedInKey, DicomdirKey];

    public DeliveryRun()
        : this(executable: null)
    {
    }

    /// <param name="executable">
    /// Gives the published <c>dropbox</c> program to run (asked only when the run is not skipped), or null for the
    /// managed build.
    /// </param>
    protected DeliveryRun(Func<string>? executable)
    {
        if (SkipReasons.ForCorpusAndTools(["gpg", "dcmdump", "pydicom"]) is not null)
        {
            return;
        }
        Keys = E2EKeys.Shared;
        Site = new E2ESite([Good, Bad], Keys.Receivers.Select(k => k.PublicKeyFile).ToList()) { Executable = executable?.Invoke() };

        DropGoodUploads();
        DropRefusedUploads();
        E2ESite.WaitQuietPeriod();
        FirstRun = Site.RunOnce();
        FirstOutputs = Site.Outputs(Good);

        // The first patient again, as a new upload under another name, for a second process.
        SecondUploadName = PlantedPhi.PhiNameOf(LooseKeys[0]) + " (2).dcm";
        Site.Drop(Good, Corpus(LooseKeys[0]), SecondUploadName);
        UploadNames.Add(SecondUploadName);
        E2ESite.WaitQuietPeriod();
        SecondRun = Site.RunOnce();
        SecondOutputs = Site.Outputs(Good).Except(FirstOutputs).ToList();

        DecryptEverything();
    }

    public E2EKeys Keys { get; } = null!;
    public E2ESite Site { get; } = null!;
    public ProcessResult FirstRun { get; } = null!;
    public ProcessResult SecondRun { get; } = null!;
    public IReadOnlyList<string> FirstOutputs { get; } = [];
    public IReadOnlyList<string> SecondOutputs { get; } = [];
    public string SecondUploadName { get; } = "";

    /// <summary>Every name an upload (or a zip member) had in an inbox.</summary>
    public List<string> UploadNames { get; } = [];

    /// <summary>SHA-256 of each refused regular-file upload → the reason code it must get.</summary>
    public Dictionary<string, string> ExpectedRefusals { get; } = new(StringComparer.Ordinal);

    /// <summary>Decrypted outputs per receiver key name: output file name (without .gpg) → plaintext path.</summary>
    public Dictionary<string, Dictionary<string, string>> Decrypted { get; } = new(StringComparer.Ordinal);

    /// <summary>The decrypted outputs with every zip unpacked: what a receiver ends up with.</summary>
    public string PlainFolder => Site.Scratch("plain");

    /// <summary>Entry names of every decrypted zip, by output name.</summary>
    public Dictionary<string, IReadOnlyList<string>> ZipEntries { get; } = new(StringComparer.Ordinal);

    public static string Corpus(string manifestKey) => Path.Combine(PlantedPhi.Synthetic, manifestKey);

    private void DropGoodUploads()
    {
        foreach (var key in LooseKeys)
        {
            Drop(Good, Corpus(key), PlantedPhi.PhiNameOf(key) + ".dcm");
        }

        // A zip of two single files, members under their PHI-like names.
        var pair = ZippedKeys.Select(k => (PlantedPhi.PhiNameOf(k) + ".dcm", Corpus(k))).ToList();
        MakeZip(Good, PlantedPhi.PhiNameOf(ZippedKeys[0]) + ".zip", pair);

        // A whole series in a folder named after the patient, plus one non-DICOM member (quarantined alone).
        var series = PlantedPhi.PhiNameOf(SeriesKey);
        var members = Directory.GetFiles(Corpus(SeriesKey), "*.dcm").Order(StringComparer.Ordinal)
            .Select(f => ($"{series}/{series}_{Path.GetFileName(f)}", f)).ToList();
        var notes = Site.Scratch("notes.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(notes)!);
        File.WriteAllText(notes, "referral letter for " + series + "\n");
        members.Add(($"{series}/{series}_referral.txt", notes));
        MakeZip(Good, series + ".zip", members);
    }

    private void DropRefusedUploads()
    {
        var slipName = PlantedPhi.PhiNameOf(ZippedKeys[0]);
        Expect(MakeZip(Bad, "slip " + slipName + ".zip",
            [("ok.dcm", Corpus(ZippedKeys[1])), ("../../" + slipName + ".dcm", Corpus(ZippedKeys[0]))]), "zip-slip");

        var bombName = PlantedPhi.PhiNameOf(LooseKeys[1]);
        var zeros = Site.Scratch("zeros.bin");
        File.WriteAllBytes(zeros, new byte[8 * 1024 * 1024]);
        Expect(MakeZip(Bad, "bomb " + bombName + ".zip", [(bombName + ".dcm", zeros)]), "zip-bomb");

        Expect(MakeEncryptedZip(Bad, "locked " + PlantedPhi.PhiNameOf(LooseKeys[0]) + ".zip", Corpus(LooseKeys[0])), "zip-encrypted");

        var text = Site.Scratch("letter.txt");
        // A realistic letter (a few hundred bytes): a file shorter than a DICOM preamble cannot be told from the start
        // of a stalled DICOM upload and waits for IncompleteDeadline instead.
        File.WriteAllText(text, string.Concat(Enumerable.Repeat("Dear colleague, please find the images of " + PlantedPhi.PhiNameOf(LooseKeys[2]) + ".\n", 8)));
        Expect(Drop(Bad, text, PlantedPhi.PhiNameOf(LooseKeys[2]) + " letter.txt"), "not-dicom");

        Expect(Drop(Bad, Corpus(BurnedInKey), PlantedPhi.PhiNameOf(BurnedInKey) + ".dcm"), "burned-in-annotation");
        Expect(Drop(Bad, Corpus(DicomdirKey), PlantedPhi.PhiNameOf(DicomdirKey) + " DICOMDIR"), "dicomdir");

        // A link in the inbox pointing at a real DICOM file: refused as a link, never followed.
        var linkName = "link " + PlantedPhi.PhiNameOf(LooseKeys[2]) + ".dcm";
        File.CreateSymbolicLink(Path.Combine(Site.InboxOf(Bad), linkName), Corpus(LooseKeys[2]));
        UploadNames.Add(linkName);

        // A FIFO: never opened (a reader would block), refused as a special file.
        var fifoName = "pipe " + PlantedPhi.PhiNameOf(ZippedKeys[1]) + ".dcm";
        var fifo = ProcessRunner.Run("mkfifo", [Path.Combine(Site.InboxOf(Bad), fifoName)]);
        Assert.True(fifo.ExitCode == 0, fifo.Describe());
        UploadNames.Add(fifoName);
    }

    private string Drop(string sender, string source, string name)
    {
        UploadNames.Add(name);
        return Site.Drop(sender, source, name);
    }

    private void Expect(string path, string code) =>
        ExpectedRefusals[Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)))] = code;

    private string MakeZip(string sender, string name, IReadOnlyList<(string Entry, string Source)> members)
    {
        var scratch = Site.Scratch(Guid.NewGuid().ToString("N") + ".zip");
        using (var zip = ZipFile.Open(scratch, ZipArchiveMode.Create))
        {
            foreach (var (entry, source) in members)
            {
                zip.CreateEntryFromFile(source, entry, CompressionLevel.Optimal);
                UploadNames.Add(entry);
            }
        }
        var target = Drop(sender, scratch, name);
        File.Delete(scratch);
        return target;
    }

    private string MakeEncryptedZip(string sender, string name, string source)
    {
        var scratch = Site.Scratch(Guid.NewGuid().ToString("N") + ".zip");
        var entryName = Path.GetFileNameWithoutExtension(name) + ".dcm";
        using (var zip = new ZipOutputStream(File.Create(scratch)) { Password = "secret" })
        {
            zip.PutNextEntry(new ZipEntry(entryName));
            using (var input = File.OpenRead(source))
            {
                input.CopyTo(zip);
            }
            zip.CloseEntry();
        }
        UploadNames.Add(entryName);
        var target = Drop(sender, scratch, name);
        File.Delete(scratch);
        return target;
    }

    private void DecryptEverything()
    {
        var outputs = Site.Outputs(Good);
        foreach (var key in Keys.Receivers)
        {
            var mine = Decrypted[key.Name] = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var output in outputs)
            {
                var name = Path.GetFileNameWithoutExtension(output);
                mine[name] = E2EKeys.Decrypt(key, output, Site.Scratch("decrypted", key.Name, name));
            }
        }
        Directory.CreateDirectory(PlainFolder);
        foreach (var (name, path) in Decrypted[Keys.Ed25519.Name])
        {
            if (name.EndsWith(".zip", StringComparison.Ordinal))
            {
                using var zip = ZipFile.OpenRead(path);
                ZipEntries[name] = zip.Entries.Select(e => e.FullName).ToList();
                zip.ExtractToDirectory(Path.Combine(PlainFolder, Path.GetFileNameWithoutExtension(name)));
            }
            else
            {
                File.Copy(path, Path.Combine(PlainFolder, name));
            }
        }
    }

    public void Dispose()
    {
        Site?.Dispose();
    }
}
