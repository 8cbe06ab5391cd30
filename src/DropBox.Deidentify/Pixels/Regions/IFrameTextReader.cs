using DropBox.Dicom;

namespace DropBox.Deidentify.Pixels.Regions;

/// <summary>One frame rendered for reading text: 8-bit samples, 1 (grey) or 3 (RGB, interleaved) per pixel, row by row
/// from the top-left corner. 16-bit and YBR frames are rendered into this form before they are read.</summary>
public sealed record FrameImage(int Width, int Height, int SamplesPerPixel, byte[] Pixels);

/// <summary>A word an OCR reading found, with its box in frame pixels. The text is PHI: it is compared, never logged,
/// never written to a file name, message or report.</summary>
public readonly record struct FoundText(PixelRegion Box, string Text, int Confidence);

/// <summary>Reads the text in a frame (tesseract in production, a fake in unit tests).</summary>
public interface IFrameTextReader
{
    IReadOnlyList<FoundText> Read(FrameImage frame, CancellationToken cancellationToken);
}

/// <summary>Knows one file's own identifying header values (name components, IDs, dates in the usual spellings,
/// accession, institution), captured before de-identification, and says whether a word read from a frame is one.</summary>
public interface IIdentifierSpotter
{
    bool IsIdentifying(string word);
}

/// <summary>Builds the spotter for one file from its original (not yet de-identified) header.</summary>
public interface IIdentifierSpotterFactory
{
    IIdentifierSpotter For(DicomDataset originalHeader);
}
