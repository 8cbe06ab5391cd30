using DropBox.Daemon.Encrypt;

namespace DropBox.Daemon.Pipeline.Steps;

/// <summary>
/// The receivers' keys as checked once per pass, shared by the prepare step (a zip is encrypted while it is
/// de-identified) and the encrypt step (the batch of loose packages): one inspection, one keyring preparation, and
/// none at all on a pass with nothing to encrypt.
/// </summary>
internal sealed class PassKeys(PipelineContext context, GpgKeyInspector inspector, IEncryptor encryptor)
{
    private readonly Lock _gate = new();
    private Task<IReadOnlyList<ReceiverKey>>? _keys;
    private Task<IStreamEncryptor?>? _streams;

    /// <summary>Every configured receiver key, inspected now or earlier in this pass.</summary>
    public Task<IReadOnlyList<ReceiverKey>> InspectAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _keys ??= inspector.InspectAllAsync(context.Options.ReceiverKeys, cancellationToken);
        }
    }

    /// <summary>
    /// What starts one gpg process per streamed message, or null when a key is unusable or cannot be prepared: the
    /// upload is then packaged on disk as before and the encrypt step reports the key problem (one report per pass).
    /// </summary>
    public Task<IStreamEncryptor?> StreamsAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _streams ??= PrepareStreamsAsync(cancellationToken);
        }
    }

    private async Task<IStreamEncryptor?> PrepareStreamsAsync(CancellationToken cancellationToken)
    {
        var keys = await InspectAsync(cancellationToken).ConfigureAwait(false);
        if (keys.Count == 0 || keys.Any(k => !k.IsUsable))
        {
            return null;
        }
        try
        {
            return await encryptor.PrepareStreamsAsync(keys, cancellationToken).ConfigureAwait(false);
        }
        catch (EncryptionException)
        {
            // Left to the encrypt step, which tries the same keys for the packages and logs what is wrong.
            return null;
        }
    }
}
