using System.IO.Compression;
using DropBox.Testing;

namespace DropBox.Cli.Tests.CrashSafety;

/// <summary>
/// The soak's end state, checked from the outside: one journal row per upload, each Done or Quarantined; every
/// outbox file a journaled binary OpenPGP message that the receiver opens to DICOM that dcmdump reads; every dropped
/// file found by its marker exactly once, published or in quarantine as it must be, and all files of one upload under
/// one upload id; no plaintext left. Every problem is collected, so one failure shows them all.
/// </summary>
internal sealed class SoakCheck(CrashBed bed, IReadOnlyList<SoakUpload> uploads)
{
    private readonly List<string> _problems = [];
    private readonly Dictionary<int, List<(string Where, string UploadId)>> _seen = [];

    public void AssertEveryUploadExactlyOnce(string context)
    {
        var rows = bed.Journal();
        if (rows.Count != uploads.Count)
        {
            _problems.Add($"the journal has {rows.Count} uploads, {uploads.Count} were dropped (a claim lost or doubled)");
        }
        _problems.AddRange(rows.Where(r => r.State is not ("Done" or "Quarantined")).Select(r => $"upload {r.Id} is {r.State}"));
        OpenOutboxes(rows);
        ReadQuarantine(rows);
        Tally();
        Assert.True(_problems.Count == 0, $"{context}:\n{string.Join('\n', _problems.Take(30))}\njournal:\n{string.Join('\n', rows)}");
        bed.AssertNoPlaintextLeft(context, allowKnownKillLeftovers: true);
    }

    private void OpenOutboxes(IReadOnlyList<JournalRow> rows)
    {
        var done = rows.Where(r => r.State == "Done").ToDictionary(r => (r.Sender, r.OutputName));
        var found = new HashSet<(string, string)>();
        foreach (var sender in new[] { "SITEA", "SITEB" })
        {
            foreach (var path in Directory.EnumerateFileSystemEntries(bed.Outbox(sender)))
            {
                var name = Path.GetFileName(path);
                if (!done.TryGetValue((sender, name), out var row))
                {
                    _problems.Add($"outbox {sender}: {name} is not a journaled output (a temp, stray or doubled file)");
                    continue;
                }
                found.Add((sender, name));
                using (var head = File.OpenRead(path))
                {
                    if ((head.ReadByte() & 0x80) == 0)
                    {
                        _problems.Add($"outbox {sender}: {name} is not a binary OpenPGP message");
                        continue;
                    }
                }
                Open(row, path);
            }
        }
        _problems.AddRange(done.Keys.Where(k => !found.Contains(k)).Select(k => $"journal says {k.Sender}/{k.OutputName} was published; it is not in the outbox"));
    }

    private void Open(JournalRow row, string ciphertext)
    {
        var plain = bed.Scratch("opened", row.OutputName[..^".gpg".Length]);
        bed.Receiver.Open(ciphertext, plain);
        var files = new List<string> { plain };
        if (plain.EndsWith(".zip", StringComparison.Ordinal))
        {
            ZipFile.ExtractToDirectory(plain, plain + ".d");
            files = [.. Directory.GetFiles(plain + ".d", "*", SearchOption.AllDirectories)];
            if (files.Count != row.FilesPublished)
            {
                _problems.Add($"{row.OutputName} holds {files.Count} files, the journal says {row.FilesPublished}");
            }
        }
        foreach (var file in files)
        {
            var check = Dcmdump.Check(file);
            var marks = SoakUploads.MarksIn(File.ReadAllBytes(file));
            if (check.ExitCode != 0 || marks.Count != 1)
            {
                _problems.Add($"{row.OutputName}: a published file with {marks.Count} markers; dcmdump: {check}");
            }
            Record(marks, "published", row.Id);
        }
    }

    private void ReadQuarantine(IReadOnlyList<JournalRow> rows)
    {
        var ids = rows.Select(r => r.Id).ToHashSet();
        foreach (var (_, directory, reason) in bed.QuarantineItems(allowKnownKillLeftovers: true))
        {
            var uploadId = reason.GetProperty("uploadId").GetString() ?? "";
            if (!ids.Contains(uploadId))
            {
                _problems.Add($"quarantine item {Path.GetFileName(directory)} names no journaled upload");
            }
            var item = Path.Combine(directory, "item");
            Record(File.Exists(item) ? SoakUploads.MarksIn(File.ReadAllBytes(item)) : [], "quarantined", uploadId);
        }
    }

    private void Record(IEnumerable<int> marks, string where, string uploadId)
    {
        foreach (var mark in marks)
        {
            if (!_seen.TryGetValue(mark, out var places))
            {
                _seen[mark] = places = [];
            }
            places.Add((where, uploadId));
        }
    }

    private void Tally()
    {
        var dropped = uploads.SelectMany(u => u.Published.Select(m => (Upload: u, Mark: m, Where: "published"))
            .Concat(u.Quarantined.Select(m => (Upload: u, Mark: m, Where: "quarantined")))).ToList();
        foreach (var (upload, mark, where) in dropped)
        {
            var places = _seen.GetValueOrDefault(mark) ?? [];
            if (places.Count != 1 || places[0].Where != where)
            {
                _problems.Add($"upload {upload.Index} ({upload.Kind}, {upload.Sender}): file {mark} should be {where} once, found {places.Count}x: [{string.Join(", ", places)}]");
            }
        }
        _problems.AddRange(_seen.Keys.Except(dropped.Select(d => d.Mark)).Select(m => $"marker {m} found, never dropped"));
        foreach (var upload in uploads)
        {
            var ids = upload.Published.Concat(upload.Quarantined).SelectMany(m => _seen.GetValueOrDefault(m) ?? []).Select(p => p.UploadId).Distinct().ToList();
            if (ids.Count > 1)
            {
                _problems.Add($"upload {upload.Index}: its files are under {ids.Count} upload ids [{string.Join(", ", ids)}] (claimed twice?)");
            }
        }
    }
}
