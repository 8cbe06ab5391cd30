using Renci.SshNet;
using Renci.SshNet.Common;
using Renci.SshNet.Sftp;

namespace DropBox.Daemon.Sync.Sftp;

/// <summary>
/// Writes one local file to its far temp name (<c>.name.partial</c>), continuing a broken earlier upload when
/// the runner allows it and the bytes already there prove to be this file's own (see <see cref="ResumePointAsync"/>
/// and docs/operations.md "Resumed uploads"). Writes are pipelined — up to <see cref="Window"/> requests in
/// flight, each one SFTP write — because one request per round trip would cap an intercontinental link at a
/// few hundred KB/s; pieces pass the bandwidth pacer before they leave.
/// </summary>
internal sealed class PartialUpload(SftpClient client, TransferPacer pacer)
{
    /// <summary>SFTP write requests in flight at once (each its own handle on the same file).</summary>
    public const int Window = 16;

    /// <summary>How much of the end of a far partial is read back and compared before resuming after it.
    /// Larger than <see cref="Window"/> pieces, so every write that was in flight when the link broke is checked.</summary>
    public const int TailCheck = 4 << 20;

    private const int SampleSize = 64 << 10;
    private const int Samples = 8;

    /// <summary>Uploads <paramref name="localPath"/> to <paramref name="remotePath"/>; returns the offset it continued from (0 = from the start).</summary>
    public async Task<long> SendAsync(string localPath, string remotePath, bool mayResume, CancellationToken cancellationToken)
    {
        var local = new FileStream(localPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        await using (local.ConfigureAwait(false))
        {
            var length = local.Length;
            var start = mayResume ? await ResumePointAsync(local, remotePath, cancellationToken).ConfigureAwait(false) : 0;
            await WriteFromAsync(local, remotePath, start, cancellationToken).ConfigureAwait(false);
            if (!OperatingSystem.IsWindows())
            {
                // What `sftp put` did: the far copy gets the local file's permission bits (0600 under the unit's UMask).
                client.ChangePermissions(remotePath, OctalDigits(File.GetUnixFileMode(localPath)));
            }

            return start;
        }
    }

    /// <summary>
    /// Where an earlier upload of this same content may be continued: the far partial's size, when it is no longer
    /// than the file and its first bytes, its last <see cref="TailCheck"/> bytes and <see cref="Samples"/> blocks
    /// spread between them equal the local file's bytes at the same offsets; otherwise 0 (start again).
    /// </summary>
    private async Task<long> ResumePointAsync(FileStream local, string remotePath, CancellationToken cancellationToken)
    {
        SftpFileAttributes attributes;
        try
        {
            attributes = await client.GetAttributesAsync(remotePath, cancellationToken).ConfigureAwait(false);
        }
        catch (SftpPathNotFoundException)
        {
            return 0;
        }

        var size = attributes.Size;
        if (!attributes.IsRegularFile || size <= 0 || size > local.Length)
        {
            return 0;
        }

        var remote = await client.OpenAsync(remotePath, FileMode.Open, FileAccess.Read, cancellationToken).ConfigureAwait(false);
        await using (remote.ConfigureAwait(false))
        {
            foreach (var (offset, count) in CheckedRanges(size))
            {
                if (!await SameBytesAsync(local, remote, offset, count, cancellationToken).ConfigureAwait(false))
                {
                    return 0;
                }
            }
        }

        return size;
    }

    /// <summary>Head, evenly spread samples, and the tail of a prefix of <paramref name="size"/> bytes.</summary>
    internal static IEnumerable<(long Offset, int Count)> CheckedRanges(long size)
    {
        var tailStart = Math.Max(0, size - TailCheck);
        yield return (tailStart, (int)(size - tailStart));
        if (tailStart == 0)
        {
            yield break;
        }

        yield return (0, (int)Math.Min(SampleSize, tailStart));
        for (var i = 1; i <= Samples; i++)
        {
            var offset = tailStart * i / (Samples + 1);
            yield return (offset, (int)Math.Min(SampleSize, tailStart - offset));
        }
    }

    private static async Task<bool> SameBytesAsync(FileStream local, SftpFileStream remote, long offset, int count, CancellationToken cancellationToken)
    {
        var mine = new byte[count];
        var theirs = new byte[count];
        local.Seek(offset, SeekOrigin.Begin);
        await local.ReadExactlyAsync(mine, cancellationToken).ConfigureAwait(false);
        remote.Seek(offset, SeekOrigin.Begin);
        var read = 0;
        while (read < count)
        {
            var n = await remote.ReadAsync(theirs.AsMemory(read), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return mine.AsSpan().SequenceEqual(theirs);
    }

    private async Task WriteFromAsync(FileStream local, string remotePath, long start, CancellationToken cancellationToken)
    {
        var length = local.Length;
        var piece = pacer.PieceSize;
        var slotCount = (int)Math.Clamp((length - start + piece - 1) / piece, 1, Window);
        var slots = new Slot[slotCount];
        try
        {
            // The first handle decides: a fresh upload truncates whatever stale partial is there, a resumed one keeps it.
            for (var i = 0; i < slotCount; i++)
            {
                var mode = i == 0 && start == 0 ? FileMode.Create : FileMode.Open;
                slots[i] = new Slot(await client.OpenAsync(remotePath, mode, FileAccess.Write, cancellationToken).ConfigureAwait(false), new byte[piece]);
            }

            local.Seek(start, SeekOrigin.Begin);
            var next = 0;
            for (var offset = start; offset < length; next = (next + 1) % slotCount)
            {
                var slot = slots[next];
                await slot.Pending.ConfigureAwait(false);
                var count = (int)Math.Min(piece, length - offset);
                await local.ReadExactlyAsync(slot.Buffer.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
                await pacer.WaitAsync(count, cancellationToken).ConfigureAwait(false);
                slot.Stream.Seek(offset, SeekOrigin.Begin);
                slot.Pending = WritePieceAsync(slot.Stream, slot.Buffer, count, cancellationToken);
                offset += count;
            }

            await Task.WhenAll(slots.Select(s => s.Pending)).ConfigureAwait(false);
        }
        finally
        {
            foreach (var slot in slots.Where(s => s is not null))
            {
                await DisposeQuietlyAsync(slot).ConfigureAwait(false);
            }
        }
    }

    private static async Task WritePieceAsync(SftpFileStream stream, byte[] buffer, int count, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(buffer.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task DisposeQuietlyAsync(Slot slot)
    {
        try
        {
            await slot.Pending.ConfigureAwait(false);
        }
        catch (Exception ex) when (SftpFailures.IsTransportFailure(ex) || ex is OperationCanceledException)
        {
            // the first failure is already on its way up
        }

        try
        {
            await slot.Stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (SftpFailures.IsTransportFailure(ex))
        {
            // closing a handle on a broken connection
        }
    }

    private static short OctalDigits(UnixFileMode mode)
    {
        var bits = (int)mode & 0x1FF;
        return (short)(((bits >> 6) & 7) * 100 + ((bits >> 3) & 7) * 10 + (bits & 7));
    }

    private sealed class Slot(SftpFileStream stream, byte[] buffer)
    {
        public SftpFileStream Stream { get; } = stream;

        public byte[] Buffer { get; } = buffer;

        public Task Pending { get; set; } = Task.CompletedTask;
    }
}
