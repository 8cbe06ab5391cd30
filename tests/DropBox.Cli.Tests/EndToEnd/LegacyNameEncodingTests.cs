using DropBox.Testing;

namespace DropBox.Cli.Tests.EndToEnd;

/// <summary>
/// A sender whose SFTP client sends file names in a legacy encoding (GBK from a Chinese Windows, CP1252 …):
/// the bytes are not UTF-8, which .NET cannot address by name. The upload must still be delivered.
/// </summary>
public sealed class LegacyNameEncodingTests
{
    [CorpusFact("gpg", "dcmdump")]
    public void An_upload_whose_name_is_not_utf8_is_delivered_not_left_unseen_in_the_inbox()
    {
        var keys = E2EKeys.Shared;
        using var site = new E2ESite(["PKUHSC"], [keys.Ed25519.PublicKeyFile]);
        var source = Path.Combine(PlantedPhi.Synthetic, "syn03_cn_name_utf8_evrle.dcm");
        // .NET cannot create such a name either: Python writes the raw GBK bytes.
        var made = ProcessRunner.Run(Tools.Python, ["-c",
            "import shutil,sys; shutil.copy(sys.argv[1], sys.argv[2].encode() + b'/' + '陳曉玲_19910307.dcm'.encode('gbk'))",
            source, site.InboxOf("PKUHSC")]);
        Assert.True(made.ExitCode == 0, made.Describe());
        Assert.Contains(Directory.GetFileSystemEntries(site.InboxOf("PKUHSC")), e => e.Contains('\uFFFD', StringComparison.Ordinal));

        // First pass: the entry gets an addressable name (and, renamed just now, waits out the quiet period).
        E2ESite.WaitQuietPeriod();
        var first = site.RunOnce();
        Assert.True(first.ExitCode == 0, first.Describe());
        Assert.DoesNotContain(Directory.GetFileSystemEntries(site.InboxOf("PKUHSC")), e => e.Contains('\uFFFD', StringComparison.Ordinal));

        E2ESite.WaitQuietPeriod();
        var second = site.RunOnce();
        Assert.True(second.ExitCode == 0, second.Describe());

        var output = Assert.Single(site.Outputs("PKUHSC"));
        var plain = E2EKeys.Decrypt(keys.Ed25519, output, site.Scratch("plain.dcm"));
        Assert.True(Dcmdump.Check(plain).IsClean, Dcmdump.Check(plain).ToString());
        Assert.Empty(Directory.GetFileSystemEntries(site.InboxOf("PKUHSC")));
    }
}
