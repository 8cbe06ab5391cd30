using System.Text.Json;
using DropBox.Daemon.Diagnostics;

namespace DropBox.Daemon.Tests.Diagnostics;

public sealed class AuditLogTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dbx-audit-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string[] Lines() => File.ReadAllLines(Path.Combine(_root, "audit.jsonl"));

    [Fact]
    public void A_batch_is_appended_as_one_line_per_entry_in_order_after_what_was_there()
    {
        var audit = new AuditLog(_root, TimeProvider.System);
        audit.Write(new AuditEntry("claimed", "p", "u-0", "A"));

        audit.WriteAll([.. Enumerable.Range(1, 3).Select(i => new AuditEntry("published", "p", $"u-{i}", "A", FilesPublished: i))]);

        var lines = Lines();
        Assert.Equal(["u-0", "u-1", "u-2", "u-3"], lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("uploadId").GetString()));
        Assert.All(lines.Skip(1), l => Assert.Equal("published", JsonDocument.Parse(l).RootElement.GetProperty("event").GetString()));
        Assert.All(lines, l => Assert.NotEqual(default, JsonDocument.Parse(l).RootElement.GetProperty("time").GetDateTimeOffset()));
    }

    [Fact]
    public void An_empty_batch_writes_nothing()
    {
        new AuditLog(_root, TimeProvider.System).WriteAll([]);

        Assert.False(File.Exists(Path.Combine(_root, "audit.jsonl")));
    }
}
