using DropBox.Deidentify.Pseudonyms;
using DropBox.Testing;
using Microsoft.Data.Sqlite;

namespace DropBox.Deidentify.Tests.Pseudonyms;

/// <summary>The store reads time from the clock it is given (issue 15: it read DateTime.UtcNow).</summary>
public sealed class PseudonymStoreClockTests
{
    [Fact]
    public void A_new_mapping_is_stamped_with_the_injected_clocks_time()
    {
        using var dir = new TempDir();
        var db = dir.Combine("pseudonyms.db");
        var secret = ProjectSecret.FromBytes(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
        using (var store = new SqlitePseudonymStore(db, new FixedClock(new DateTimeOffset(2031, 2, 3, 4, 5, 6, TimeSpan.Zero))))
        {
            store.GetOrCreate("p", PatientKey.Compute(secret, "HOSP", "MRN-1"), "P-{0}");
        }

        using var connection = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT created_utc FROM pseudonyms";
        Assert.StartsWith("2031-02-03T04:05:06", (string)command.ExecuteScalar()!, StringComparison.Ordinal);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
