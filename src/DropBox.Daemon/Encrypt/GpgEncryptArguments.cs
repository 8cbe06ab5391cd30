using System.Globalization;

namespace DropBox.Daemon.Encrypt;

/// <summary>The arguments every encrypting gpg run shares, whether it reads a list of files or one stream.</summary>
internal static class GpgEncryptArguments
{
    /// <param name="options">The project's Encrypt options (compression).</param>
    /// <param name="keys">The checked keyring and the receivers' fingerprints.</param>
    /// <param name="statusFd">Where gpg writes its status lines: 1 when stdout is free, 2 when stdout carries ciphertext.</param>
    public static List<string> For(EncryptOptions options, ImportedKeySet keys, int statusFd)
    {
        var args = new List<string>
        {
            "--homedir", keys.Home,
            "--batch", "--yes", "--no-tty", "--no-autostart", "--status-fd", statusFd.ToString(CultureInfo.InvariantCulture),
            "--trust-model", "always",         // the key files are the trust decision, made by the admin
            "--no-auto-key-locate",            // only the checked keyring, never a key server or WKD
            "--cipher-algo", "AES256",         // forced, whatever the receiver's preferences say
            "--force-mdc",                     // integrity protection (always on in gpg 2.2; checked for every output)
        };
        args.AddRange(options.Compress
            ? ["--compress-algo", "zlib", "--compress-level", EncryptOptions.CompressLevel.ToString(CultureInfo.InvariantCulture)]
            : ["--compress-algo", "none"]);
        foreach (var fingerprint in keys.Fingerprints)
        {
            args.Add("--recipient");
            args.Add(fingerprint);
        }
        return args;
    }
}
