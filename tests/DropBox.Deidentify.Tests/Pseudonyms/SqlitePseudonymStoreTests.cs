using System.Text;
using DropBox.Deidentify.Pseudonyms;
using DropBox.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace DropBox.Deidentify.Tests.Pseudonyms;

public sealed class SqlitePseudonymStoreTests
{
    private static readonly ProjectSecret Secret = ProjectSecret.FromBytes(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());

    [Fact]
    public void Patients_get_sequential_pseudonyms_in_the_project_format_and_keep_them_across_store_instances()
    {
        using var dir = new TempDir();
        var db = dir.Combine("pseudonyms.db");
        var keyA = PatientKey.Compute(Secret, "HOSP", "MRN-1001");
        var keyB = PatientKey.Compute(Secret, "HOSP", "MRN-1002");

        var store = new SqlitePseudonymStore(db, TimeProvider.System);
        Assert.Equal("LIVER-0001", store.GetOrCreate("liver", keyA, "LIVER-{0:0000}"));
        Assert.Equal("LIVER-0002", store.GetOrCreate("liver", keyB, "LIVER-{0:0000}"));
        Assert.Equal("LIVER-0001", store.GetOrCreate("liver", keyA, "LIVER-{0:0000}"));

        var reopened = new SqlitePseudonymStore(db, TimeProvider.System); // a restart, or a second sender's upload
        Assert.Equal("LIVER-0002", reopened.GetOrCreate("liver", keyB, "LIVER-{0:0000}"));
        Assert.Equal("KIDNEY-01", reopened.GetOrCreate("kidney", keyB, "KIDNEY-{0:00}"));
    }

    [Fact]
    public void The_issuer_qualifies_the_patient_id()
    {
        Assert.NotEqual(PatientKey.Compute(Secret, "HOSP-A", "123"), PatientKey.Compute(Secret, "HOSP-B", "123"));
        Assert.Equal(PatientKey.Compute(Secret, "HOSP-A", "123 "), PatientKey.Compute(Secret, "HOSP-A", "123"));
    }

    [Fact]
    public void The_database_is_owner_only_and_never_holds_the_original_patient_id()
    {
        using var dir = new TempDir();
        var db = dir.Combine("pseudonyms.db");
        var store = new SqlitePseudonymStore(db, TimeProvider.System);
        store.GetOrCreate("liver", PatientKey.Compute(Secret, "HOSP", "MRN-77665544"), "LIVER-{0:0000}");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(db));
        var allBytes = Directory.GetFiles(dir.Path).SelectMany(File.ReadAllBytes).ToArray();
        Assert.Equal(-1, allBytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes("MRN-77665544")));
        Assert.Equal(-1, allBytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes("77665544")));
    }

    [Fact]
    public void Concurrent_writers_on_separate_connections_agree_on_one_pseudonym_per_patient()
    {
        using var dir = new TempDir();
        var db = dir.Combine("pseudonyms.db");
        new SqlitePseudonymStore(db, TimeProvider.System).GetOrCreate("p", "warmup", "P-{0}");
        var keys = Enumerable.Range(0, 20).Select(i => PatientKey.Compute(Secret, null, $"ID{i}")).ToArray();
        var results = new System.Collections.Concurrent.ConcurrentBag<(string Key, string Pseudonym)>();

        Parallel.For(0, 4, worker =>
        {
            var store = new SqlitePseudonymStore(db, TimeProvider.System); // own cache and connections, like another process
            foreach (var key in keys.Skip(worker).Concat(keys.Take(worker)))
            {
                results.Add((key, store.GetOrCreate("p", key, "P-{0}")));
            }
        });

        var byKey = results.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.Select(r => r.Pseudonym).Distinct().ToArray());
        Assert.All(byKey.Values, names => Assert.Single(names));
        Assert.Equal(20, byKey.Values.Select(v => v[0]).Distinct().Count());
    }

    [Fact]
    public void Preloading_sqlite_any_number_of_times_leaves_stores_working_and_the_folder_untouched()
    {
        using var dir = new TempDir();
        var before = Directory.GetFileSystemEntries(dir.Path);
        SqlitePseudonymStore.Preload();
        SqlitePseudonymStore.Preload();
        Assert.Equal(before, Directory.GetFileSystemEntries(dir.Path));

        using var store = new SqlitePseudonymStore(dir.Combine("pseudonyms.db"), TimeProvider.System);
        Assert.Equal("P-1", store.GetOrCreate("p", PatientKey.Compute(Secret, null, "ID1"), "P-{0}"));
    }

    [Fact]
    public void A_disposed_store_refuses_new_lookups_but_keeps_answering_from_its_cache()
    {
        using var dir = new TempDir();
        var store = new SqlitePseudonymStore(dir.Combine("pseudonyms.db"), TimeProvider.System);
        var known = PatientKey.Compute(Secret, null, "ID1");
        Assert.Equal("P-1", store.GetOrCreate("p", known, "P-{0}"));
        store.Dispose();
        store.Dispose();

        Assert.Equal("P-1", store.GetOrCreate("p", known, "P-{0}"));
        Assert.Throws<ObjectDisposedException>(() => store.GetOrCreate("p", PatientKey.Compute(Secret, null, "ID2"), "P-{0}"));
        using var reopened = new SqlitePseudonymStore(dir.Combine("pseudonyms.db"), TimeProvider.System);
        Assert.Equal("P-1", reopened.GetOrCreate("p", known, "P-{0}"));
    }

    [Fact]
    public void A_new_row_is_stamped_with_the_injected_clock_as_UTC_round_trip_text()
    {
        using var dir = new TempDir();
        var db = dir.Combine("pseudonyms.db");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 8, 30, 15, TimeSpan.FromHours(2)));
        using (var store = new SqlitePseudonymStore(db, time))
        {
            store.GetOrCreate("p", PatientKey.Compute(Secret, null, "ID1"), "P-{0}");
            time.Advance(TimeSpan.FromDays(1));
            store.GetOrCreate("p", PatientKey.Compute(Secret, null, "ID2"), "P-{0}");
            store.GetOrCreate("p", PatientKey.Compute(Secret, null, "ID1"), "P-{0}"); // found: not stamped again
        }

        using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT created_utc FROM pseudonyms ORDER BY seq;";
        using var reader = command.ExecuteReader();
        var stamps = new List<string>();
        while (reader.Read())
        {
            stamps.Add(reader.GetString(0));
        }
        Assert.Equal(["2026-11-22T06:30:15.0000000Z", "2026-11-23T06:30:15.0000000Z"], stamps);
    }
}
