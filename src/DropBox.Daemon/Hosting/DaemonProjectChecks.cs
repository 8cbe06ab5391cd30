using DropBox.Daemon.Deidentification;
using DropBox.Daemon.Encrypt;
using DropBox.Daemon.Projects;
using DropBox.Deidentify.Engine;

namespace DropBox.Daemon.Hosting;

/// <summary>The real checks: receiver keys through the owning project's gpg (usable encryption subkey, not expired
/// or revoked), and under CleanPixelData the OCR and decoder programs on this machine.</summary>
internal sealed class DaemonProjectChecks(TimeProvider time) : ProjectChecks
{
    public override IEnumerable<string> CheckDeidentify(DeidSettings settings) =>
        base.CheckDeidentify(settings).Concat(PixelCleaningWiring.CheckPrograms(settings));

    public override async Task<IReadOnlyList<string>> CheckReceiverKeyAsync(string keyFile, EncryptOptions encrypt, CancellationToken cancellationToken)
    {
        try
        {
            var key = await new GpgKeyInspector(encrypt, time).InspectAsync(keyFile, cancellationToken).ConfigureAwait(false);
            return key.Problems;
        }
        catch (EncryptionException e)
        {
            // A check reports, it never throws: a gpg that cannot start is one more problem in the list.
            return [$"receiver key file {keyFile} could not be checked: {e.Message}"];
        }
    }
}
