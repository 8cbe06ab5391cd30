using System.Globalization;
using DropBox.Deidentify.Engine;
using DropBox.Deidentify.Pixels.Regions;
using DropBox.Deidentify.Quarantine;
using DropBox.Dicom;

namespace DropBox.Deidentify.Pixels.Cleaning;

/// <summary>The outcome of the Clean Pixel Data step for one file: held (with the quarantine result), or the file to
/// de-identify next (the same file, or a view of it in Explicit VR Little Endian after its pixels were decoded) and
/// the what-if lines. Never a value of the file.</summary>
internal sealed record PixelStepResult(DeidResult? Hold, DicomFile? File, IReadOnlyList<(string Path, string Action)> Plan);

/// <summary>
/// Under CleanPixelData, for a file whose pixels may carry text (<see cref="QuarantineRules.NeedsPixelCleaning"/>): the
/// identifier spotter from the original header, the rule regions, compressed pixels decoded by the caller's program,
/// <see cref="CleanThenVerify"/> over every frame, and the cleaned frames written back native with Burned In Annotation
/// NO. Whatever cannot be done is a quarantine, never a file let through.
/// </summary>
internal sealed class PixelCleaningStep(PixelCleaningServices services, DeidSettings settings)
{
    public static readonly DicomTag PixelDataTag = new(0x7FE0, 0x0010);
    public static readonly DicomTag BurnedInAnnotationTag = new(0x0028, 0x0301);
    private static readonly DicomTag[] EncapsulationOnly = [new(0x7FE0, 0x0001), new(0x7FE0, 0x0002)]; // extended offset table

    private const string PlanPath = "(7FE0,0010)";

    /// <param name="scratchFolder">A private folder for the decoded copy of a compressed file (deleted before return).</param>
    public PixelStepResult Clean(DicomFile file, string inputPath, string scratchFolder)
    {
        if (services.Reader is not { } reader)
        {
            return Held(QuarantineReasons.BurnedInAnnotation,
                "CleanPixelData is on but OCR is not available (tesseract): the pixels cannot be read for text, so the file is held");
        }
        var anyText = settings.PixelText == PixelTextPolicies.None;
        IIdentifierSpotter? spotter = null;
        if (!anyText)
        {
            if (services.Spotters is not { } factory)
            {
                return Held(QuarantineReasons.BurnedInAnnotation,
                    "CleanPixelData is on but the identifier check is not available: a cleaned frame cannot be verified, so the file is held");
            }
            spotter = factory.For(file.Dataset); // the original header, before any rule changed it
        }
        var match = services.Rules.Match(file.Dataset);
        var working = file;
        byte[] pixels;
        DicomVR vr;
        switch (file.Dataset.Get(PixelDataTag))
        {
            case DicomFragments:
                var decoded = Decode(file, inputPath, scratchFolder, out pixels, out vr);
                if (decoded is not null)
                {
                    return Held(QuarantineReasons.BurnedInAnnotation, decoded);
                }
                working = new DicomFile(file.Dataset, TransferSyntax.ExplicitVRLittleEndian);
                break;
            case DicomElement { Value.Length: <= int.MaxValue - 64 } element:
                pixels = element.Value.ToArray();
                vr = element.VR;
                break;
            default:
                return Held(QuarantineReasons.BurnedInAnnotation, "the pixel data cannot be loaded for cleaning, so the file is held");
        }
        if (PixelLayout.Of(working.Dataset, working.TransferSyntax.IsBigEndian, pixels.Length, out var problem) is not { } layout)
        {
            return Held(QuarantineReasons.BurnedInAnnotation, $"the pixels cannot be cleaned ({problem}), so the file is held");
        }
        if (working.TransferSyntax.IsBigEndian && layout.BitsAllocated == 8 && vr == DicomVR.OW)
        {
            // Big endian OW swaps each pair of 8-bit samples: a rectangle would land on its neighbours' bytes.
            return Held(QuarantineReasons.BurnedInAnnotation, "the pixels cannot be cleaned (8-bit samples in big endian OW), so the file is held");
        }
        if (HasOverlayInPixelWords(file.Dataset))
        {
            for (var index = 0; index < layout.Frames; index++)
            {
                new NativeFrame(pixels, layout, index).ClearBitsAboveStored();
            }
        }
        Func<string, bool> forbidden = anyText ? _ => true : spotter!.IsIdentifying;
        var report = CleanThenVerify.Run(pixels, layout, match.Regions, reader, forbidden, settings.PixelTextMargin, CancellationToken.None, settings.PixelTextMinConfidence);
        if (!report.Passed)
        {
            var what = report.ReaderFailed ? "could not be read by OCR"
                : anyText ? "still shows text (PixelText: none)" : "still shows one of the file's identifying values";
            return Held(QuarantineReasons.BurnedInTextFound,
                $"frame {report.FailedFrame} {what} after cleaning; look at the frame and add a pixel rule for this device, or keep the file back");
        }
        working.Dataset.Set(new DicomElement(PixelDataTag, vr, DicomValue.FromBytes(pixels)));
        working.Dataset.SetString(BurnedInAnnotationTag, DicomVR.CS, "NO");
        return new PixelStepResult(null, working, PlanOf(match, report, layout));
    }

    /// <summary>Decodes through the caller's program into <paramref name="scratchFolder"/>, takes the native pixels and the
    /// pixel attributes that describe them into the original dataset (every other attribute stays the original's, Lossy
    /// Image Compression included) and deletes the decoded copy. Null when done, else why not (PHI-free).</summary>
    private string? Decode(DicomFile file, string inputPath, string scratchFolder, out byte[] pixels, out DicomVR vr)
    {
        pixels = [];
        vr = DicomVR.OB;
        var syntax = file.TransferSyntax.Uid;
        if (services.Decoder is not { } decoder)
        {
            return $"the pixel data is compressed (transfer syntax {syntax}) and no decoder is available, so the file is held";
        }
        var decodedPath = Path.Combine(scratchFolder, $".pixels-{Guid.NewGuid():N}.dcm");
        try
        {
            if (decoder.Decode(inputPath, syntax, decodedPath, CancellationToken.None) is { } failure)
            {
                return $"the compressed pixel data (transfer syntax {syntax}) could not be decoded ({failure}), so the file is held";
            }
            using var decoded = DicomFile.Open(decodedPath);
            if (decoded.TransferSyntax.IsEncapsulated || decoded.Dataset.Get(PixelDataTag) is not DicomElement { Value.Length: <= int.MaxValue - 64 } element)
            {
                return $"the decoder left the pixel data of transfer syntax {syntax} compressed or missing, so the file is held";
            }
            pixels = element.Value.ToArray();
            vr = element.VR;
            foreach (var tag in new[]
            {
                PixelLayout.SamplesPerPixelTag, PixelLayout.PhotometricTag, PixelLayout.PlanarConfigurationTag, PixelLayout.BitsAllocatedTag,
                PixelLayout.BitsStoredTag, PixelLayout.HighBitTag, PixelLayout.PixelRepresentationTag,
            })
            {
                if (decoded.Dataset.Get(tag) is { } attribute)
                {
                    file.Dataset.Set(attribute is DicomElement { Value.IsInMemory: true } e ? new DicomElement(e.Tag, e.VR, DicomValue.FromBytes(e.Value.ToArray())) : attribute);
                }
                else
                {
                    file.Dataset.Remove(tag);
                }
            }
            foreach (var tag in EncapsulationOnly)
            {
                file.Dataset.Remove(tag);
            }
            return null;
        }
        catch (Exception e) when (e is DicomFormatException or EndOfStreamException or InvalidDataException or NotSupportedException)
        {
            return $"the decoder's output of transfer syntax {syntax} is not readable DICOM, so the file is held";
        }
        finally
        {
            File.Delete(decodedPath);
        }
    }

    /// <summary>An overlay plane described (Overlay Rows, 60xx,0010) without its own Overlay Data (60xx,3000): its bits
    /// live in the pixel words above Bits Stored. Read from the original header, before the profile removes group 60xx.</summary>
    private static bool HasOverlayInPixelWords(DicomDataset dataset)
    {
        for (ushort group = 0x6000; group <= 0x601E; group += 2)
        {
            if (dataset.Contains(new DicomTag(group, 0x0010)) && !dataset.Contains(new DicomTag(group, 0x3000)))
            {
                return true;
            }
        }
        return false;
    }

    private static List<(string, string)> PlanOf(RegionMatch match, FrameCleaningReport report, PixelLayout layout)
    {
        var plan = new List<(string, string)>();
        foreach (var rule in match.RuleNames)
        {
            plan.Add((PlanPath, $"clean-pixel-data rule '{rule}'"));
        }
        foreach (var r in match.Regions)
        {
            plan.Add((PlanPath, string.Create(CultureInfo.InvariantCulture, $"clean-pixel-data blank x={r.X} y={r.Y} w={r.Width} h={r.Height} in {layout.Frames} frame(s)")));
        }
        plan.Add((PlanPath, string.Create(CultureInfo.InvariantCulture,
            $"clean-pixel-data ocr-found {report.OcrBoxes} box(es) outside the rules in {report.FramesWithOcrBoxes} of {layout.Frames} frame(s), blanked")));
        plan.Add((PlanPath, "clean-pixel-data verified: Burned In Annotation NO"));
        return plan;
    }

    private static PixelStepResult Held(string reason, string message) => new(DeidResult.Quarantined(reason, message), null, []);
}
