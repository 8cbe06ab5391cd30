using DropBox.Deidentify.Pixels.Regions;
using DropBox.Dicom;

namespace DropBox.Deidentify.Pixels.Ocr;

/// <summary>
/// Builds the <see cref="IIdentifierSpotter"/> for one file from its ORIGINAL header (before de-identification: the
/// values to look for are the ones the engine removes). Stateless; one instance serves every file.
/// </summary>
public sealed class IdentifierSpotterFactory : IIdentifierSpotterFactory
{
    public static IdentifierSpotterFactory Instance { get; } = new();

    public IIdentifierSpotter For(DicomDataset originalHeader) => new IdentifierSpotter(IdentifyingValues.From(originalHeader));
}
