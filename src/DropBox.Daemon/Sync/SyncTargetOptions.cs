namespace DropBox.Daemon.Sync;

/// <summary>Where a project's files go: a local directory (e.g. an NFS mount) or an SFTP server.</summary>
internal sealed class SyncTargetOptions
{
    /// <summary>The target type name for a local directory.</summary>
    public const string LocalType = "local";

    /// <summary>The target type name for an SFTP server (SSH.NET, in process; no <c>sftp</c> program needed).</summary>
    public const string SftpType = "sftp";

    /// <summary><c>local</c> or <c>sftp</c>. The default value is <c>local</c>.</summary>
    public string Type { get; set; } = LocalType;

    /// <summary>local: the directory files are copied into. It must exist (a missing mount is an error, not created).</summary>
    public string? Directory { get; set; }

    /// <summary>sftp: the far server's host name or address.</summary>
    public string? Host { get; set; }

    /// <summary>sftp: the far server's port. The default value is 22.</summary>
    public int Port { get; set; } = 22;

    /// <summary>sftp: the account on the far server.</summary>
    public string? User { get; set; }

    /// <summary>sftp: private key file (no passphrase; readable only by the daemon).</summary>
    public string? IdentityFile { get; set; }

    /// <summary>
    /// sftp: a known_hosts file holding the far server's pinned host key (plain or hashed host names, as
    /// <c>ssh-keyscan</c> writes them); nothing else is trusted. Required unless <see cref="HostKeySha256"/> is set.
    /// </summary>
    public string? KnownHostsFile { get; set; }

    /// <summary>
    /// sftp: the far server's host key fingerprint as <c>ssh-keygen -lf</c> prints it (<c>SHA256:</c> and 43
    /// base64 characters), checked out of band; an alternative or addition to <see cref="KnownHostsFile"/>
    /// (a key matching either pin is trusted). The default value is none.
    /// </summary>
    public string? HostKeySha256 { get; set; }

    /// <summary>sftp: the existing directory on the far server that receives the files.</summary>
    public string? RemoteDirectory { get; set; }

    /// <summary>True for the sftp type (case-insensitive).</summary>
    public bool IsSftp => string.Equals(Type, SftpType, StringComparison.OrdinalIgnoreCase);

    /// <summary>True for the local type (case-insensitive).</summary>
    public bool IsLocal => string.Equals(Type, LocalType, StringComparison.OrdinalIgnoreCase);

    /// <summary>A one-line description without secrets, for status output and logs.</summary>
    public string Describe() => IsSftp
        ? $"sftp {User}@{FormatHost(Host ?? "?")}:{Port}:{RemoteDirectory}"
        : $"local {Directory}";

    /// <summary>Every problem with the target, each prefixed with <paramref name="prefix"/>; empty when valid.</summary>
    public IEnumerable<string> Validate(string prefix)
    {
        if (IsLocal)
        {
            if (string.IsNullOrWhiteSpace(Directory))
            {
                yield return $"{prefix}.Directory: set the directory files are copied into (e.g. an NFS mount such as /mnt/um/ji_liver)";
            }

            foreach (var name in SftpOnlyFieldsSet())
            {
                yield return $"{prefix}.{name}: only used by Type \"sftp\"; remove it or set Type to \"sftp\"";
            }

            yield break;
        }

        if (!IsSftp)
        {
            yield return $"{prefix}.Type: \"{Type}\" is not a target type; use \"local\" or \"sftp\"";
            yield break;
        }

        if (string.IsNullOrWhiteSpace(Host))
        {
            yield return $"{prefix}.Host: set the far server's host name or address";
        }
        else if (Host.StartsWith('-') || Host.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == '@'))
        {
            yield return $"{prefix}.Host: \"{Host}\" is not a host name or address";
        }

        if (Port is < 1 or > 65535)
        {
            yield return $"{prefix}.Port: {Port} is not a TCP port (1-65535; usually 22)";
        }

        if (string.IsNullOrWhiteSpace(User))
        {
            yield return $"{prefix}.User: set the account on the far server";
        }
        else if (User.StartsWith('-') || User.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == '@'))
        {
            yield return $"{prefix}.User: \"{User}\" is not an account name";
        }

        if (string.IsNullOrWhiteSpace(IdentityFile))
        {
            yield return $"{prefix}.IdentityFile: set the private key file the daemon logs in with (create one with `ssh-keygen -t ed25519 -N '' -f FILE` and give FILE.pub to the far site)";
        }

        if (!string.IsNullOrWhiteSpace(HostKeySha256) && !Sftp.HostKeyPin.IsFingerprint(HostKeySha256))
        {
            yield return $"{prefix}.HostKeySha256: \"{HostKeySha256}\" is not a SHA-256 host key fingerprint; expected SHA256: and 43 base64 characters, as `ssh-keygen -lf` prints it";
        }

        if (string.IsNullOrWhiteSpace(KnownHostsFile) && string.IsNullOrWhiteSpace(HostKeySha256))
        {
            yield return $"{prefix}.KnownHostsFile: pin the far server's host key: set KnownHostsFile to a file with its line from `ssh-keyscan -p {Port} {Host ?? "HOST"}` checked out of band (compare the fingerprint with the far site's administrator), or set HostKeySha256 to the fingerprint";
        }

        if (string.IsNullOrWhiteSpace(RemoteDirectory))
        {
            yield return $"{prefix}.RemoteDirectory: set the directory on the far server that receives the files";
        }
        else if (RemoteDirectory.Any(char.IsControl))
        {
            yield return $"{prefix}.RemoteDirectory: must not contain control characters";
        }

        if (!string.IsNullOrWhiteSpace(Directory))
        {
            yield return $"{prefix}.Directory: only used by Type \"local\"; remove it or set Type to \"local\"";
        }
    }

    internal static string FormatHost(string host) => host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;

    private IEnumerable<string> SftpOnlyFieldsSet()
    {
        if (!string.IsNullOrWhiteSpace(Host))
        {
            yield return nameof(Host);
        }

        if (!string.IsNullOrWhiteSpace(User))
        {
            yield return nameof(User);
        }

        if (!string.IsNullOrWhiteSpace(RemoteDirectory))
        {
            yield return nameof(RemoteDirectory);
        }
    }
}
