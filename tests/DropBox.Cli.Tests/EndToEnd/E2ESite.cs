using System.Text.Json;
using System.Text.Json.Nodes;
using DropBox.Testing;

namespace DropBox.Cli.Tests.EndToEnd;

/// <summary>
/// One site with one DropBox project, entirely inside a temp folder: config file (written here, as an admin
/// would), project root with each sender's inbox and club_house outbox, a local far-site folder for sync,
/// state and log directories. Short intake times so a test waits about one second per pass.
/// </summary>
public sealed class E2ESite : IDisposable
{
    public const string Project = "corpus";
    public const string Direction = "From_SITEA_To_UM";

    private readonly TempDir _dir = new("dbx-e2e");

    public E2ESite(IReadOnlyList<string> senders, IReadOnlyList<string> receiverKeys, Action<JsonObject>? adjustProject = null)
    {
        Senders = senders;
        foreach (var sender in senders)
        {
            Directory.CreateDirectory(InboxOf(sender));
            Directory.CreateDirectory(OutboxOf(sender));
        }
        Directory.CreateDirectory(FarSite);
        Directory.CreateDirectory(Scratch());
        TestSecret.WriteTo(_dir.Combine("state", "projects", Project, "secret.key"));
        var project = new JsonObject
        {
            ["Root"] = Root,
            ["Direction"] = Direction,
            ["Senders"] = new JsonArray(senders.Select(s => (JsonNode)s).ToArray()),
            ["ReceiverKeys"] = new JsonArray(receiverKeys.Select(k => (JsonNode)k).ToArray()),
            ["Deidentify"] = new JsonObject { ["PseudonymFormat"] = "E2E-{0:0000}" },
            ["Intake"] = new JsonObject
            {
                ["QuietPeriod"] = "00:00:01",
                ["ClaimSettleDelay"] = "00:00:00",
                ["PollInterval"] = "00:00:05",
                ["IncompleteDeadline"] = "00:00:05",
            },
            ["Sync"] = new JsonObject
            {
                ["QuietPeriod"] = "00:00:00",
                ["Target"] = new JsonObject { ["Type"] = "local", ["Directory"] = FarSite },
            },
        };
        adjustProject?.Invoke(project);
        var config = new JsonObject
        {
            ["DropBox"] = new JsonObject
            {
                ["StateDirectory"] = "state",
                ["LogDirectory"] = "log",
                ["LogLevel"] = "Debug",
                ["Projects"] = new JsonObject { [Project] = project },
            },
        };
        File.WriteAllText(ConfigPath, config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    public IReadOnlyList<string> Senders { get; }
    public string Path => _dir.Path;
    public string ConfigPath => _dir.Combine("appsettings.json");
    public string Root => _dir.Combine("ji_corpus");
    public string WorkDirectory => System.IO.Path.Combine(Root, ".dropbox");
    public string LogDirectory => _dir.Combine("log");
    public string FarSite => _dir.Combine("far-site");
    public string Scratch(params string[] parts) => _dir.Combine(["scratch", .. parts]);

    public string InboxOf(string sender) => System.IO.Path.Combine(Root, sender, "gpg");
    public string OutboxOf(string sender) => System.IO.Path.Combine(Root, "club_house", Direction, "gpg-" + sender);
    public string QuarantineOf(string sender) => System.IO.Path.Combine(WorkDirectory, "quarantine", sender);

    /// <summary>Every published <c>.gpg</c> of a sender's outbox.</summary>
    public IReadOnlyList<string> Outputs(string sender) =>
        Directory.GetFiles(OutboxOf(sender), "*.gpg").Order(StringComparer.Ordinal).ToList();

    /// <summary>Every quarantine item of a sender: its folder and its reason.json as parsed JSON and as text.</summary>
    public IReadOnlyList<(string Directory, JsonObject Reason, string Text)> Quarantined(string sender) =>
        !Directory.Exists(QuarantineOf(sender)) ? [] :
        Directory.GetDirectories(QuarantineOf(sender)).Order(StringComparer.Ordinal)
            .Select(d => (d, File.ReadAllText(System.IO.Path.Combine(d, "reason.json"))))
            .Select(t => (t.d, JsonNode.Parse(t.Item2)!.AsObject(), t.Item2)).ToList();

    /// <summary>Copies a file into a sender's inbox under the given (PHI-like) name.</summary>
    public string Drop(string sender, string source, string uploadName)
    {
        var target = System.IO.Path.Combine(InboxOf(sender), uploadName);
        File.Copy(source, target);
        return target;
    }

    /// <summary>The published <c>dropbox</c> program the site runs, or null for the managed build (<c>dotnet dropbox.dll</c>).</summary>
    public string? Executable { get; init; }

    /// <summary>Runs <c>dropbox once --config …</c> as a real process.</summary>
    public ProcessResult RunOnce() =>
        DropBoxCli.Run(["once", "--config", ConfigPath], timeout: TimeSpan.FromMinutes(3), executable: Executable);

    /// <summary>Waits out the quiet period (it counts from the later of mtime and ctime, so it cannot be faked).</summary>
    public static void WaitQuietPeriod() => Thread.Sleep(TimeSpan.FromSeconds(1.3));

    public void Dispose() => _dir.Dispose();
}
