using DropBox.Deidentify.Derivation;
using DropBox.Deidentify.Pseudonyms;

namespace DropBox.Deidentify.Tests.Derivation;

public sealed class DateShifterTests
{
    private static readonly ProjectSecret Secret = ProjectSecret.FromBytes(Enumerable.Repeat((byte)7, 32).ToArray());

    [Fact]
    public void Each_patient_gets_one_nonzero_offset_within_the_range_the_same_every_time()
    {
        var shifter = new DateShifter(Secret, 30);
        var offsets = Enumerable.Range(0, 500).Select(i => shifter.OffsetDays($"patient-{i}")).ToArray();

        Assert.All(offsets, d => Assert.InRange(Math.Abs(d), 1, 30));
        Assert.Contains(offsets, d => d < 0);
        Assert.Contains(offsets, d => d > 0);
        Assert.Equal(offsets[3], new DateShifter(Secret, 30).OffsetDays("patient-3"));
    }

    [Fact]
    public void Dates_shift_by_whole_days_and_intervals_survive()
    {
        Assert.Equal("20240301", DateShifter.ShiftDate("20240228", 2)); // leap year
        Assert.Equal("20231231", DateShifter.ShiftDate("2024.01.01", -1)); // old ACR-NEMA form
        Assert.Equal("20200110\\20200120", DateShifter.ShiftDate("20200101\\20200111", 9));
        Assert.Null(DateShifter.ShiftDate("2020-13-40", 3));
    }

    [Fact]
    public void Datetimes_keep_their_time_and_utc_offset_and_coarse_values_are_not_kept()
    {
        Assert.Equal("20240102235959.123456+0100", DateShifter.ShiftDateTime("20231231235959.123456+0100", 2));
        Assert.Equal("20240102", DateShifter.ShiftDateTime("20231231", 2));
        Assert.Null(DateShifter.ShiftDateTime("2023", 2));
    }
}
