using DropBox.Daemon.Deidentification;
using DropBox.Daemon.Encrypt;
using DropBox.Daemon.Journal;

namespace DropBox.Daemon.Pipeline.Steps;

/// <summary>A claimed upload with its de-identified plaintext package, ready to encrypt; or, for a zip encrypted while
/// it was de-identified, with its checked ciphertext already made (<see cref="Sealed"/>).</summary>
internal sealed record PreparedUpload(UploadRecord Upload, PackageResult Package, EncryptedFile? Sealed = null)
{
    /// <summary>The ciphertext's name: the upload id, never an uploaded name.</summary>
    public string OutputName => OutputNameOf(Upload.Id, Package.Extension);

    public static string OutputNameOf(string uploadId, string packageExtension) => uploadId + packageExtension + ".gpg";
}
