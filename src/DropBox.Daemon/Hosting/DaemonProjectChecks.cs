using DropBox.Daemon.Encrypt;
using DropBox.Daemon.Projects;

namespace DropBox.Daemon.Hosting;

/// <summary>The real checks: receiver keys through gpg (usable encryption subkey, not expired or revoked).</summary>
internal sealed class DaemonProjectChecks(DropBoxOptions options) : ProjectChecks
{
    public override IEnumerable<string> CheckReceiverKey(string keyFile)
    {
        var inspector = new GpgKeyInspector(FirstEncryptOptions(), TimeProvider.System);
        var key = inspector.InspectAsync(keyFile, CancellationToken.None).GetAwaiter().GetResult();
        return key.Problems;
    }

    private EncryptOptions FirstEncryptOptions() => options.Projects.Values.FirstOrDefault()?.Encrypt ?? new EncryptOptions();
}
