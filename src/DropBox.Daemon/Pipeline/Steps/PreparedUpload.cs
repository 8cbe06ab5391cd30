using DropBox.Daemon.Deidentification;
using DropBox.Daemon.Journal;

namespace DropBox.Daemon.Pipeline.Steps;

/// <summary>A claimed upload with its de-identified plaintext package, ready to encrypt.</summary>
internal sealed record PreparedUpload(UploadRecord Upload, PackageResult Package)
{
    /// <summary>The ciphertext's name: the upload id, never an uploaded name.</summary>
    public string OutputName => Upload.Id + Package.Extension + ".gpg";
}
