using System.Globalization;

namespace DropBox.Daemon.Sync;

/// <summary>
/// The <c>--target-sftp user@host[:port]:/path</c> form used by <c>dropbox project init</c>.
/// IPv6 hosts go in brackets: <c>user@[2001:db8::1]:2222:/srv/in</c>.
/// </summary>
internal sealed record SftpTargetSpec(string User, string Host, int Port, string RemoteDirectory)
{
    /// <summary>Parses <paramref name="spec"/>; on failure <paramref name="error"/> says what shape is expected.</summary>
    public static bool TryParse(string? spec, out SftpTargetSpec? target, out string? error)
    {
        target = null;
        error = null;
        const string Shape = "expected user@host[:port]:/path, e.g. dropbox@files.um.example:22:/srv/dropbox/ji_liver";
        if (string.IsNullOrWhiteSpace(spec))
        {
            error = "empty --target-sftp; " + Shape;
            return false;
        }

        var at = spec.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0)
        {
            error = $"\"{spec}\" has no user; {Shape}";
            return false;
        }

        var user = spec[..at];
        var rest = spec[(at + 1)..];
        string host;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            if (close < 2)
            {
                error = $"\"{spec}\" has an unclosed [IPv6] host; {Shape}";
                return false;
            }

            host = rest[1..close];
            rest = rest[(close + 1)..];
            if (!rest.StartsWith(':'))
            {
                error = $"\"{spec}\" has no :/path after the host; {Shape}";
                return false;
            }

            rest = rest[1..];
        }
        else
        {
            var colon = rest.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                error = $"\"{spec}\" has no host or no :/path; {Shape}";
                return false;
            }

            host = rest[..colon];
            rest = rest[(colon + 1)..];
        }

        var port = 22;
        var portEnd = rest.IndexOf(':', StringComparison.Ordinal);
        if (portEnd > 0 && rest[..portEnd].All(char.IsAsciiDigit))
        {
            if (!int.TryParse(rest[..portEnd], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
            {
                error = $"\"{rest[..portEnd]}\" is not a TCP port (1-65535); {Shape}";
                return false;
            }

            rest = rest[(portEnd + 1)..];
        }

        if (rest.Length == 0)
        {
            error = $"\"{spec}\" has no remote path; {Shape}";
            return false;
        }

        target = new SftpTargetSpec(user, host, port, rest);
        return true;
    }

    /// <summary>Fills the sftp fields of a target (Type, Host, Port, User, RemoteDirectory).</summary>
    public SyncTargetOptions ToOptions(string? identityFile, string? knownHostsFile) => new()
    {
        Type = SyncTargetOptions.SftpType,
        Host = Host,
        Port = Port,
        User = User,
        RemoteDirectory = RemoteDirectory,
        IdentityFile = identityFile,
        KnownHostsFile = knownHostsFile,
    };
}
