using Microsoft.Data.Sqlite;

namespace DropBox.Daemon.Journal;

/// <summary>Opens the daemon's SQLite files: WAL, a busy timeout for the CLI running beside the daemon, 0600.</summary>
internal static class SqliteConnections
{
    public static SqliteConnection Open(string path)
    {
        var dir = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(dir);
        var isNew = !File.Exists(path);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        connection.Open();
        if (isNew && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;";
        pragma.ExecuteNonQuery();
        return connection;
    }
}
