using System.IO.Pipes;

namespace DropBox.Daemon.Platform;

/// <summary>
/// Widens a pipe to a child process (Linux F_SETPIPE_SZ, up to /proc/sys/fs/pipe-max-size, 1 MiB by default). With
/// the default 64 KiB, a 160 MB stream into and out of gpg costs thousands of wake-ups of each side; a wider pipe lets
/// each side work in longer stretches. Only a speed-up: where it is refused, the pipe works as it was.
/// </summary>
internal static class PipeCapacity
{
    private const int SetPipeSize = 1031;   // F_SETPIPE_SZ (linux/fcntl.h)

    public const int Wide = 1 << 20;

    /// <summary>True when the pipe behind <paramref name="stream"/> now holds <paramref name="bytes"/>.</summary>
    public static bool TryWiden(Stream stream, int bytes = Wide)
    {
        if (!OperatingSystem.IsLinux() || stream is not PipeStream pipe)
        {
            return false;
        }
        var handle = pipe.SafePipeHandle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            return NativeMethods.Fcntl((int)handle.DangerousGetHandle(), SetPipeSize, bytes) >= bytes;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }
}
