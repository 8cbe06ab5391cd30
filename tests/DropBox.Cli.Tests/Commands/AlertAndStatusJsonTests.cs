using System.Net;
using System.Text.Json.Nodes;
using DropBox.Testing;

namespace DropBox.Cli.Tests.Commands;

/// <summary><c>dropbox alert test</c> against a real HTTP listener, and <c>dropbox status --json</c> with receiver keys.</summary>
public sealed class AlertAndStatusJsonTests
{
    [ToolFact("gpg")]
    public void Alert_test_sends_through_every_channel_reports_each_result_and_exits_1_when_one_failed()
    {
        using var bed = new AdminBed();
        using var listener = new HttpListener();
        var port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var received = Task.Run(() =>
        {
            var context = listener.GetContext();
            using var reader = new StreamReader(context.Request.InputStream);
            var body = reader.ReadToEnd();
            context.Response.StatusCode = 204;
            context.Response.Close();
            return body;
        });
        var closedPort = FreePort();
        AddAlerts(bed, new JsonObject
        {
            ["Webhook"] = new JsonObject { ["Url"] = $"http://127.0.0.1:{port}/hook" },
            ["Smtp"] = new JsonObject { ["Host"] = "127.0.0.1", ["Port"] = closedPort, ["Security"] = "None", ["From"] = "d@a.example", ["To"] = new JsonArray("x@a.example") },
        });

        var result = bed.Run("alert", "test");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"webhook: webhook http://127.0.0.1:{port}: sent", result.StdOut, StringComparison.Ordinal);
        Assert.Contains($"smtp: e-mail via 127.0.0.1:{closedPort} (None) to x@a.example: FAILED", result.StdOut, StringComparison.Ordinal);
        var json = JsonNode.Parse(received.Result)!;
        Assert.Equal(("test", "info"), (json["key"]!.GetValue<string>(), json["severity"]!.GetValue<string>()));
    }

    [Fact]
    public void Alert_test_without_a_channel_says_what_to_set_and_exits_1()
    {
        using var bed = new AdminBed();

        var result = bed.Run("alert", "test");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no alert channel is configured", result.StdErr, StringComparison.Ordinal);
    }

    [ToolFact("gpg")]
    public void Status_json_gives_counts_and_every_receiver_key_with_fingerprint_algorithm_and_state()
    {
        using var bed = new AdminBed();
        File.WriteAllText(Path.Combine(bed.Root, "PKUHSC", "gpg", "scan.zip"), "zip");

        var result = bed.Run("status", "--json");

        Assert.Equal(0, result.ExitCode);
        var project = Assert.Single(JsonNode.Parse(result.StdOut)!["projects"]!.AsArray())!;
        Assert.Equal("liver", project["project"]!.GetValue<string>());
        Assert.Equal((0, 1), (project["inboxReady"]!.GetValue<int>(), project["inboxBeingWritten"]!.GetValue<int>())); // its ctime is new: not quiet yet
        var key = Assert.Single(project["receiverKeys"]!.AsArray())!;
        Assert.Matches("^[0-9A-F]{40}$", key["fingerprint"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(key["algorithm"]!.GetValue<string>()));
        Assert.Equal("ok", key["state"]!.GetValue<string>());
    }

    [ToolFact("gpg")]
    public void Check_lists_each_receiver_key_with_its_fingerprint()
    {
        using var bed = new AdminBed();

        var result = bed.Run("check");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches("key of liver: .*TEST-ONLY-receiver\\.pub\\.asc: [0-9A-F]{40} ", result.StdOut);
    }

    private static void AddAlerts(AdminBed bed, JsonObject alerts)
    {
        var config = JsonNode.Parse(File.ReadAllText(bed.ConfigPath))!;
        config["DropBox"]!["Alerts"] = alerts;
        File.WriteAllText(bed.ConfigPath, config.ToJsonString());
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
