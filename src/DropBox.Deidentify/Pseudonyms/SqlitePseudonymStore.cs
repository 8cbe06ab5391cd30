using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace DropBox.Deidentify.Pseudonyms;

/// <summary>
/// Pseudonym map in SQLite (WAL). One row per (project, patient key) with the project's sequence number; the
/// primary key and a unique (project, seq) constraint plus an IMMEDIATE transaction make concurrent processes
/// agree: the second writer waits for the first and then finds its row. Rows are never updated or deleted,
/// so a pseudonym, once given, stays. The file is created 0600 before SQLite opens it (SQLite gives its
/// -wal/-shm files the database file's permissions).
/// One connection per store, held until <see cref="Dispose"/> and used under a lock (a lookup only reaches it when
/// the patient is not cached yet). A pool would close its connections at process exit, and closing the last
/// connection checkpoints and deletes the WAL: fsyncs a one-shot `dropbox deid` paid on its way out. A process that
/// ends without disposing leaves a committed WAL behind, which the next open reads back as usual.
/// </summary>
public sealed class SqlitePseudonymStore : IPseudonymStore, IDisposable
{
    private const string FindSql = "SELECT pseudonym FROM pseudonyms WHERE project = $p AND patient_key = $k;";

    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    // Keyed "project\nkey" (a newline is in neither): a tuple key is generic code every process would JIT.
    private readonly ConcurrentDictionary<string, string> _cache = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <param name="databasePath">The SQLite file, created owner-only when missing.</param>
    /// <param name="time">Stamps each new row's created_utc.</param>
    public SqlitePseudonymStore(string databasePath, TimeProvider time)
    {
        _time = time ?? throw new ArgumentNullException(nameof(time));
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        DatabasePath = Path.GetFullPath(databasePath);
        PrivateFile.EnsureExists(DatabasePath);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = 60,
        }.ToString());
        try
        {
            _connection.Open();
            Execute(_connection, "PRAGMA journal_mode=WAL;");
            Execute(_connection, """
                CREATE TABLE IF NOT EXISTS pseudonyms (
                    project     TEXT    NOT NULL,
                    patient_key TEXT    NOT NULL,   -- HMAC(secret, issuer + patient ID): not reversible without the secret
                    seq         INTEGER NOT NULL,
                    pseudonym   TEXT    NOT NULL,
                    created_utc TEXT    NOT NULL,
                    PRIMARY KEY (project, patient_key),
                    UNIQUE (project, seq)
                );
                """);
            // One lookup that finds nothing: it runs the statement path a first GetOrCreate takes (its interop stubs
            // are compiled on first use) here, on the thread that opens the store, not in the first file's.
            Scalar(_connection, null, FindSql, string.Empty, string.Empty);
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    public string DatabasePath { get; }

    /// <summary>
    /// Loads SQLite (its assemblies, the native library, the connection-string parser, the interop stubs of an open)
    /// by opening and closing an in-memory database: about two thirds of what opening a store costs a fresh process,
    /// none of it tied to a file. A command that will open a store calls this on another thread as soon as it knows,
    /// before it even has the store's path. Never throws: a real problem surfaces when the store is opened.
    /// </summary>
    public static void Preload()
    {
        try
        {
            using var connection = new SqliteConnection("Data Source=:memory:;Pooling=False");
            connection.Open();
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException or DllNotFoundException or TypeInitializationException)
        {
            // Nothing to do: opening the store reports it with the path and what to do next.
        }
    }

    public string GetOrCreate(string project, string patientKey, string format)
    {
        ArgumentException.ThrowIfNullOrEmpty(project);
        ArgumentException.ThrowIfNullOrEmpty(patientKey);
        ArgumentException.ThrowIfNullOrEmpty(format);
        var cacheKey = project + "\n" + patientKey;
        if (_cache.TryGetValue(cacheKey, out var cached))
        {
            return cached;
        }
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_cache.TryGetValue(cacheKey, out cached))
            {
                return cached;
            }
            var pseudonym = FindOrInsert(project, patientKey, format);
            _cache[cacheKey] = pseudonym;
            return pseudonym;
        }
    }

    /// <summary>Closes the connection (checkpointing the WAL when it is the database's last).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _disposed = true;
                _connection.Dispose();
            }
        }
    }

    private string FindOrInsert(string project, string patientKey, string format)
    {
        // BEGIN IMMEDIATE takes the write lock up front, so "read max(seq), insert max+1" cannot interleave
        // with another process doing the same (SQLite waits up to DefaultTimeout for the lock).
        using var transaction = _connection.BeginTransaction(deferred: false);
        string pseudonym;
        if (Scalar(_connection, transaction, FindSql, project, patientKey) is string found)
        {
            pseudonym = found;
        }
        else
        {
            var next = Convert.ToInt64(Scalar(_connection, transaction,
                "SELECT COALESCE(MAX(seq), 0) + 1 FROM pseudonyms WHERE project = $p;", project, patientKey), CultureInfo.InvariantCulture);
            pseudonym = string.Format(CultureInfo.InvariantCulture, format, next);
            using var insert = _connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO pseudonyms (project, patient_key, seq, pseudonym, created_utc) VALUES ($p, $k, $s, $n, $t);";
            insert.Parameters.AddWithValue("$p", project);
            insert.Parameters.AddWithValue("$k", patientKey);
            insert.Parameters.AddWithValue("$s", next);
            insert.Parameters.AddWithValue("$n", pseudonym);
            insert.Parameters.AddWithValue("$t", _time.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
        return pseudonym;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, SqliteTransaction? transaction, string sql, string project, string key)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$p", project);
        command.Parameters.AddWithValue("$k", key);
        return command.ExecuteScalar();
    }
}
