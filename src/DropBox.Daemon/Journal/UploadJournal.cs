using DropBox.Daemon.Intake;
using Microsoft.Data.Sqlite;

namespace DropBox.Daemon.Journal;

/// <summary>
/// The upload journal (table <c>uploads</c> in <c>journal.db</c>). One connection, serialised by a lock: the
/// writes are tiny next to de-identification and encryption, and SQLite serialises writers anyway. Each write on
/// its own is one commit, i.e. one fsync (synchronous=FULL); <see cref="Batch"/> makes many writes one commit.
/// </summary>
internal sealed class UploadJournal : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private SqliteTransaction? _batch;

    public UploadJournal(string path, TimeProvider time)
    {
        _time = time;
        _connection = SqliteConnections.Open(path);
        Execute("""
            CREATE TABLE IF NOT EXISTS uploads (
              id TEXT PRIMARY KEY, project TEXT NOT NULL, sender TEXT NOT NULL, kind TEXT NOT NULL,
              size INTEGER NOT NULL, sha256 TEXT, state TEXT NOT NULL, reason TEXT, attempts INTEGER NOT NULL,
              created TEXT NOT NULL, updated TEXT NOT NULL, output_name TEXT, output_sha256 TEXT,
              recipients TEXT, files_published INTEGER NOT NULL DEFAULT 0, files_quarantined INTEGER NOT NULL DEFAULT 0);
            CREATE INDEX IF NOT EXISTS uploads_state ON uploads(project, state);
            """);
    }

    /// <summary>
    /// Runs <paramref name="writes"/> (calls of this journal's write methods) as ONE transaction: all of them are on
    /// disk after one fsync, or none is (an exception rolls every one back and is rethrown). A step moves its whole
    /// batch of uploads through a state and then journals them here, so an upload's state is still written before
    /// its next step, at the price of one commit per batch instead of one per upload. Other threads wait for the
    /// batch (the lock is held throughout); a batch inside a batch joins the outer one.
    /// </summary>
    public void Batch(Action writes)
    {
        ArgumentNullException.ThrowIfNull(writes);
        lock (_gate)
        {
            if (_batch is not null)
            {
                writes();
                return;
            }
            using var transaction = _connection.BeginTransaction();
            _batch = transaction;
            try
            {
                writes();
                transaction.Commit();
            }
            finally
            {
                _batch = null;
            }
        }
    }

    public void Insert(string id, string project, string sender, UploadKind kind, long size)
    {
        var now = Now();
        Execute("INSERT INTO uploads(id, project, sender, kind, size, state, attempts, created, updated) VALUES ($id,$p,$s,$k,$size,$st,0,$now,$now)",
            ("$id", id), ("$p", project), ("$s", sender), ("$k", kind.ToString()), ("$size", size), ("$st", nameof(UploadState.Claiming)), ("$now", now));
    }

    public void SetState(string id, UploadState state, string? reason = null) =>
        Execute("UPDATE uploads SET state=$st, reason=COALESCE($r, reason), updated=$now WHERE id=$id",
            ("$id", id), ("$st", state.ToString()), ("$r", reason), ("$now", Now()));

    public void SetClaimed(string id, long size, string sha256) =>
        Execute("UPDATE uploads SET state=$st, size=$size, sha256=$sha, updated=$now WHERE id=$id",
            ("$id", id), ("$st", nameof(UploadState.Claimed)), ("$size", size), ("$sha", sha256), ("$now", Now()));

    public void CountAttempt(string id) =>
        Execute("UPDATE uploads SET attempts=attempts+1, updated=$now WHERE id=$id", ("$id", id), ("$now", Now()));

    public void SetEncrypted(string id, string outputName, string outputSha256, string recipients, int published, int quarantined) =>
        Execute("""
            UPDATE uploads SET state=$st, output_name=$o, output_sha256=$h, recipients=$r, files_published=$fp,
              files_quarantined=$fq, updated=$now WHERE id=$id
            """,
            ("$id", id), ("$st", nameof(UploadState.Encrypted)), ("$o", outputName), ("$h", outputSha256), ("$r", recipients),
            ("$fp", published), ("$fq", quarantined), ("$now", Now()));

    /// <summary>Primary fingerprints of the receivers an upload's output is encrypted to.</summary>
    public IReadOnlyList<string> RecipientsOf(string id)
    {
        lock (_gate)
        {
            using var command = Command("SELECT recipients FROM uploads WHERE id=$id", [("$id", id)]);
            return command.ExecuteScalar() is string text && text.Length > 0 ? text.Split(',') : [];
        }
    }

    /// <summary>
    /// True when the pipeline made this ciphertext: an upload of <paramref name="sender"/> in <paramref name="project"/>
    /// recorded <paramref name="outputName"/> with exactly this SHA-256 (so a file a person put under such a
    /// name is not taken for the daemon's own). The sync's plain-file guard lets these travel unread.
    /// </summary>
    public bool IsPublishedOutput(string project, string sender, string outputName, string sha256)
    {
        lock (_gate)
        {
            using var command = Command(
                "SELECT COUNT(*) FROM uploads WHERE project=$p AND sender=$s AND output_name=$o AND lower(output_sha256)=lower($h)",
                [("$p", project), ("$s", sender), ("$o", outputName), ("$h", sha256)]);
            return command.ExecuteScalar() is long count && count > 0;
        }
    }

    public UploadRecord? Get(string id) => Query("SELECT * FROM uploads WHERE id=$id", ("$id", id)).FirstOrDefault();

    /// <summary>Uploads of a project that are not finished, oldest first: what a restart must resume.</summary>
    public IReadOnlyList<UploadRecord> Unfinished(string project) =>
        Query("SELECT * FROM uploads WHERE project=$p AND state NOT IN ('Done','Quarantined') ORDER BY created, id", ("$p", project));

    public IReadOnlyList<UploadRecord> All(string project) =>
        Query("SELECT * FROM uploads WHERE project=$p ORDER BY created, id", ("$p", project));

    /// <summary>The latest change recorded for any upload of a project (for <c>dropbox status</c>), or null.</summary>
    public DateTimeOffset? LastActivity(string project)
    {
        lock (_gate)
        {
            using var command = Command("SELECT MAX(updated) FROM uploads WHERE project=$p", [("$p", project)]);
            return command.ExecuteScalar() is string text
                ? DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture)
                : null;
        }
    }

    public void Dispose() => _connection.Dispose();

    private string Now() => _time.GetUtcNow().ToString("O");

    private void Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        lock (_gate)
        {
            using var command = Command(sql, parameters);
            command.ExecuteNonQuery();
        }
    }

    private List<UploadRecord> Query(string sql, params (string Name, object? Value)[] parameters)
    {
        lock (_gate)
        {
            using var command = Command(sql, parameters);
            using var reader = command.ExecuteReader();
            var list = new List<UploadRecord>();
            while (reader.Read())
            {
                list.Add(new UploadRecord(
                    reader.GetString(reader.GetOrdinal("id")), reader.GetString(reader.GetOrdinal("project")),
                    reader.GetString(reader.GetOrdinal("sender")), Enum.Parse<UploadKind>(reader.GetString(reader.GetOrdinal("kind"))),
                    reader.GetInt64(reader.GetOrdinal("size")), Nullable(reader, "sha256"),
                    Enum.Parse<UploadState>(reader.GetString(reader.GetOrdinal("state"))), Nullable(reader, "reason"),
                    reader.GetInt32(reader.GetOrdinal("attempts")),
                    DateTimeOffset.Parse(reader.GetString(reader.GetOrdinal("created")), System.Globalization.CultureInfo.InvariantCulture),
                    DateTimeOffset.Parse(reader.GetString(reader.GetOrdinal("updated")), System.Globalization.CultureInfo.InvariantCulture),
                    Nullable(reader, "output_name"), Nullable(reader, "output_sha256"),
                    reader.GetInt32(reader.GetOrdinal("files_published")), reader.GetInt32(reader.GetOrdinal("files_quarantined"))));
            }
            return list;
        }
    }

    private static string? Nullable(SqliteDataReader reader, string column)
    {
        var ordinal = reader.GetOrdinal(column);
        return reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
    }

    private SqliteCommand Command(string sql, (string Name, object? Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _batch;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command;
    }
}
