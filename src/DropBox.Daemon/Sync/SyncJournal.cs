using System.Globalization;
using Microsoft.Data.Sqlite;

namespace DropBox.Daemon.Sync;

/// <summary>
/// The source of truth for what was sent (SQLite, WAL, synchronous=FULL): table <c>sync_files</c> (one row per
/// project + relative path) and <c>sync_runs</c> (last success / last error per project) in the daemon's
/// shared <c>journal.db</c>. The far end is never listed: once a file is <c>sent</c>, the receiver may delete
/// it without causing a re-send.
/// </summary>
internal sealed class SyncJournal : IDisposable
{
    private readonly SqliteConnection _connection;

    public SyncJournal(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL;");
        Execute("PRAGMA synchronous=FULL;");
        Execute("PRAGMA busy_timeout=30000;");
        Execute("""
            CREATE TABLE IF NOT EXISTS sync_files (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                project TEXT NOT NULL,
                path TEXT NOT NULL,
                size INTEGER NOT NULL,
                sha256 TEXT NOT NULL,
                modified_at TEXT NOT NULL,
                state TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                last_error TEXT,
                last_error_at TEXT,
                waiting_since TEXT NOT NULL,
                sent_at TEXT,
                replace INTEGER NOT NULL DEFAULT 0,
                previous_size INTEGER,
                checked_sha256 TEXT,
                partial_sha256 TEXT,
                UNIQUE (project, path));
            CREATE TABLE IF NOT EXISTS sync_runs (
                project TEXT PRIMARY KEY,
                last_success_at TEXT,
                last_error TEXT,
                last_error_at TEXT);
            """);
        AddColumnIfMissing("sync_files", "checked_sha256", "TEXT");
        AddColumnIfMissing("sync_files", "partial_sha256", "TEXT");
    }

    /// <summary>All rows of a project.</summary>
    public IReadOnlyList<SyncFileRecord> GetFiles(string project)
    {
        using var command = Command("SELECT id, path, size, sha256, modified_at, state, attempts, last_error, waiting_since, sent_at, replace, previous_size, checked_sha256, partial_sha256 FROM sync_files WHERE project = $p ORDER BY id", ("$p", project));
        using var reader = command.ExecuteReader();
        var rows = new List<SyncFileRecord>();
        while (reader.Read())
        {
            rows.Add(new SyncFileRecord(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetInt64(2),
                reader.GetString(3),
                ParseTime(reader.GetString(4)),
                Enum.Parse<SyncFileState>(reader.GetString(5), ignoreCase: true),
                reader.GetInt32(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                ParseTime(reader.GetString(8)),
                reader.IsDBNull(9) ? null : ParseTime(reader.GetString(9)),
                reader.GetInt64(10) != 0,
                reader.IsDBNull(11) ? null : reader.GetInt64(11),
                reader.IsDBNull(12) ? null : reader.GetString(12),
                reader.IsDBNull(13) ? null : reader.GetString(13)));
        }

        return rows;
    }

    /// <summary>The row of one file, or null.</summary>
    public SyncFileRecord? Find(string project, string relativePath) =>
        GetFiles(project).FirstOrDefault(r => r.RelativePath == relativePath);

    /// <summary>Registers a newly seen complete file as <c>ready</c>.</summary>
    public void AddReady(string project, string relativePath, long size, string sha256, DateTimeOffset modifiedAt, DateTimeOffset waitingSince) =>
        NonQuery(
            "INSERT INTO sync_files (project, path, size, sha256, modified_at, state, waiting_since) VALUES ($p, $path, $size, $sha, $m, 'ready', $w)",
            ("$p", project), ("$path", relativePath), ("$size", size), ("$sha", sha256), ("$m", Format(modifiedAt)), ("$w", Format(waitingSince)));

    /// <summary>Same content, new timestamp (e.g. touched): only the stored modification time changes.</summary>
    public void UpdateModified(long id, DateTimeOffset modifiedAt) =>
        NonQuery("UPDATE sync_files SET modified_at = $m WHERE id = $id", ("$id", id), ("$m", Format(modifiedAt)));

    /// <summary>
    /// The content changed: back to <c>ready</c> with the new size and hash. When an older version may be at
    /// the far end already (it was sent, or a transfer was under way) the next rename replaces it.
    /// </summary>
    public void MarkChanged(SyncFileRecord row, long size, string sha256, DateTimeOffset modifiedAt, DateTimeOffset waitingSince)
    {
        var farEndMayHaveOld = row.State is SyncFileState.Sent or SyncFileState.Uploading || row.Replace || row.Attempts > 0;
        NonQuery(
            "UPDATE sync_files SET size = $size, sha256 = $sha, modified_at = $m, state = 'ready', attempts = 0, last_error = NULL, last_error_at = NULL, waiting_since = $w, replace = $r, previous_size = $prev WHERE id = $id",
            ("$id", row.Id), ("$size", size), ("$sha", sha256), ("$m", Format(modifiedAt)), ("$w", Format(waitingSince)),
            ("$r", farEndMayHaveOld ? 1 : 0), ("$prev", farEndMayHaveOld ? row.Size : DBNull.Value));
    }

    /// <summary>
    /// Records that the plain-file guard judged this content (by its SHA-256) and let it travel, so an unchanged
    /// file is not read again by later runs. A changed file has a new hash and is judged again.
    /// </summary>
    public void MarkChecked(long id, string sha256) =>
        NonQuery("UPDATE sync_files SET checked_sha256 = $sha WHERE id = $id", ("$id", id), ("$sha", sha256));

    /// <summary>
    /// Records that transfers of these files start (before any byte leaves), and which content their far temp
    /// files will hold a prefix of: a later run may continue such a partial only while the file's hash is still
    /// that one (a changed file gets a new hash, so its old partial is never continued).
    /// </summary>
    public void MarkUploading(IEnumerable<long> ids) =>
        InTransaction(ids, "UPDATE sync_files SET state = 'uploading', partial_sha256 = sha256 WHERE id = $id AND state <> 'sent'");

    /// <summary>Records that these files are at the far end under their final names.</summary>
    public void MarkSent(IEnumerable<long> ids, DateTimeOffset sentAt) =>
        InTransaction(ids, "UPDATE sync_files SET state = 'sent', sent_at = $t, last_error = NULL, last_error_at = NULL, replace = 0, previous_size = NULL, partial_sha256 = NULL WHERE id = $id", ("$t", Format(sentAt)));

    /// <summary>
    /// Records a failed attempt (the file stays waiting and is retried by the next run). Files whose rename
    /// may have reached the far end keep the state <c>uploading</c>, so the next run asks before re-sending.
    /// </summary>
    public void MarkFailed(IEnumerable<long> ids, string error, DateTimeOffset at, bool mayHaveLanded = false) =>
        InTransaction(ids, "UPDATE sync_files SET state = $s, attempts = attempts + 1, last_error = $e, last_error_at = $t WHERE id = $id AND state <> 'sent'", ("$s", mayHaveLanded ? "uploading" : "failed"), ("$e", error), ("$t", Format(at)));

    /// <summary>Forgets unsent files that disappeared locally (deletes are never propagated; sent rows are kept).</summary>
    public void ForgetUnsent(IEnumerable<long> ids) =>
        InTransaction(ids, "DELETE FROM sync_files WHERE id = $id AND state <> 'sent'");

    /// <summary>Records the outcome of a run for <see cref="GetStatus"/>.</summary>
    public void RecordRun(string project, DateTimeOffset at, string? error)
    {
        if (error is null)
        {
            NonQuery(
                "INSERT INTO sync_runs (project, last_success_at) VALUES ($p, $t) ON CONFLICT(project) DO UPDATE SET last_success_at = $t",
                ("$p", project), ("$t", Format(at)));
        }
        else
        {
            NonQuery(
                "INSERT INTO sync_runs (project, last_error, last_error_at) VALUES ($p, $e, $t) ON CONFLICT(project) DO UPDATE SET last_error = $e, last_error_at = $t",
                ("$p", project), ("$e", error), ("$t", Format(at)));
        }
    }

    /// <summary>Files waiting, oldest waiting age, last successful sync and last error of a project.</summary>
    public SyncStatus GetStatus(string project, DateTimeOffset now)
    {
        var rows = GetFiles(project);
        var waiting = rows.Where(r => r.State != SyncFileState.Sent).ToList();
        DateTimeOffset? lastSuccess = null;
        string? lastError = null;
        DateTimeOffset? lastErrorAt = null;
        using (var command = Command("SELECT last_success_at, last_error, last_error_at FROM sync_runs WHERE project = $p", ("$p", project)))
        using (var reader = command.ExecuteReader())
        {
            if (reader.Read())
            {
                lastSuccess = reader.IsDBNull(0) ? null : ParseTime(reader.GetString(0));
                lastError = reader.IsDBNull(1) ? null : reader.GetString(1);
                lastErrorAt = reader.IsDBNull(2) ? null : ParseTime(reader.GetString(2));
            }
        }

        TimeSpan? oldest = waiting.Count == 0 ? null : now - waiting.Min(r => r.WaitingSince);
        return new SyncStatus(
            waiting.Count,
            waiting.Count(r => r.State == SyncFileState.Failed),
            oldest,
            lastSuccess,
            lastError,
            lastErrorAt,
            rows.Count - waiting.Count);
    }

    public void Dispose() => _connection.Dispose();

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private void InTransaction(IEnumerable<long> ids, string sql, params (string Name, object Value)[] parameters)
    {
        using var transaction = _connection.BeginTransaction();
        foreach (var id in ids)
        {
            using var command = Command(sql, [("$id", id), .. parameters]);
            command.Transaction = transaction;
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    // Journals made before a column existed get it on open; rows then hold NULL (e.g. "not judged yet").
    private void AddColumnIfMissing(string table, string column, string type)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = '{column}'";
        if (Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
        {
            Execute($"ALTER TABLE {table} ADD COLUMN {column} {type}");
        }
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private void NonQuery(string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
