using DropBox.Deidentify.Engine;
using DropBox.Testing;

namespace DropBox.Deidentify.Tests.Engine;

public sealed class OutputNamingTests
{
    [Fact]
    public void Many_writers_claiming_one_name_at_once_each_get_their_own_and_none_fails()
    {
        // Corpus files without series or instance numbers all suggest "0_0.dcm": a writer that renamed or gave up its
        // .partial between another's failed create and its check once made that other throw (a CI run saw it).
        using var dir = new TempDir("dropbox-claims");
        var finals = new System.Collections.Concurrent.ConcurrentBag<string>();

        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var claim = OutputNaming.Claim(dir.Path, "SUBJ-0001/abc/0_0.dcm");
            claim.Partial.Dispose();
            if (i % 3 == 0)
            {
                File.Delete(claim.FinalPath + OutputNaming.PartialSuffix); // a quarantined output: given up
                return;
            }
            File.Move(claim.FinalPath + OutputNaming.PartialSuffix, claim.FinalPath, overwrite: false);
            finals.Add(claim.Name!);
        });

        Assert.Equal(finals.Count, finals.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(finals.Count, Directory.GetFiles(dir.Combine("SUBJ-0001", "abc"), "*.dcm").Length);
        Assert.Empty(Directory.GetFiles(dir.Path, "*.partial", SearchOption.AllDirectories));
    }
}
