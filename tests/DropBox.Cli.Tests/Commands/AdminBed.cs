using System.Text.Json;
using DropBox.Testing;

namespace DropBox.Cli.Tests.Commands;

/// <summary>
/// A one-project installation in a temp folder (config, state, root with two senders, club_house, a local
/// far site) for the admin verbs, run as the real <c>dropbox</c> process.
/// </summary>
internal sealed class AdminBed : IDisposable
{
    public const string Direction = "From_PKUHSC_To_UM";

    public AdminBed(string quietPeriod = "00:10:00", string alertAfter = "01:00:00", bool farSiteExists = true)
    {
        Root = Tmp.CreateDirectory("ji_liver");
        foreach (var sender in new[] { "PKUHSC", "PKUPH" })
        {
            Tmp.CreateDirectory("ji_liver", sender, "gpg");
            Tmp.CreateDirectory("ji_liver", "club_house", Direction, "gpg-" + sender);
        }
        FarSite = Tmp.Combine("far-site");
        if (farSiteExists)
        {
            Directory.CreateDirectory(FarSite);
        }
        var config = new
        {
            DropBox = new
            {
                StateDirectory = "state",
                LogDirectory = "log",
                Projects = new Dictionary<string, object>
                {
                    ["liver"] = new
                    {
                        Root = "ji_liver",
                        Direction,
                        Senders = new[] { "PKUHSC", "PKUPH" },
                        ReceiverKeys = new[] { Path.Combine(RepoPaths.RepoRoot, "samples", "keys", "TEST-ONLY-receiver.pub.asc") },
                        Intake = new { QuietPeriod = quietPeriod },
                        Sync = new { QuietPeriod = "00:00:00", AlertAfter = alertAfter, Target = new { Type = "local", Directory = "far-site" } },
                    },
                },
            },
        };
        ConfigPath = Tmp.WriteFile("appsettings.json", JsonSerializer.Serialize(config));
    }

    public TempDir Tmp { get; } = new("dropbox-admin");

    public string ConfigPath { get; }

    public string Root { get; }

    public string FarSite { get; }

    public string Work => Path.Combine(Root, ".dropbox");

    public string Outbox(string sender) => Path.Combine(Root, "club_house", Direction, "gpg-" + sender);

    /// <summary>Writes a file dated <paramref name="age"/> ago.</summary>
    public string WriteAged(string path, string content, TimeSpan age)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow - age);
        return path;
    }

    /// <summary>A quarantine item laid out as the daemon writes it: <c>quarantine/&lt;sender&gt;/&lt;id&gt;/{item,reason.json}</c>.</summary>
    public string Quarantine(string sender, string id, string code, DateTimeOffset time, string content = "quarantined bytes")
    {
        var directory = Path.Combine(Work, "quarantine", sender, id);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "item"), content);
        var reason = new Dictionary<string, object?>
        {
            ["id"] = id, ["code"] = code, ["message"] = "the upload is neither a DICOM file nor a zip archive",
            ["uploadId"] = "u-20261101080000-0000abcd", ["sender"] = sender, ["time"] = time,
            ["sha256"] = new string('a', 64), ["size"] = content.Length, ["kind"] = "regular",
        };
        File.WriteAllText(Path.Combine(directory, "reason.json"), JsonSerializer.Serialize(reason));
        return directory;
    }

    public ProcessResult Run(params string[] args) => DropBoxCli.Run([.. args, "--config", ConfigPath], TimeSpan.FromMinutes(2));

    public void Dispose() => Tmp.Dispose();
}
