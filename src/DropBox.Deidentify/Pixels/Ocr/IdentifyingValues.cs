using DropBox.Dicom;

namespace DropBox.Deidentify.Pixels.Ocr;

/// <summary>
/// Collects a file's own identifying values from its original header as folded terms: every component and word
/// of the patient's names (and the whole name run together, both orders), the other persons' names and the
/// institution's name word by word (without <see cref="CommonScreenWords"/>), the IDs (whole, and their parts of 4
/// or more characters), and every date in <see cref="DateSpellings"/>.
/// </summary>
internal static class IdentifyingValues
{
    /// <summary>Terms shorter than this are not matched: too many short words and numbers occur by chance.</summary>
    public const int MinimumLength = 3;

    /// <summary>A date spelling shorter than this (5/4/23 is "5423") could be any number on a screen.</summary>
    public const int MinimumDateLength = 6;

    private static readonly DicomTag[] PatientNames =
    [
        new(0x0010, 0x0010), // PatientName
        new(0x0010, 0x1001), // OtherPatientNames
        new(0x0010, 0x1005), // PatientBirthName
        new(0x0010, 0x1060), // PatientMotherBirthName
        new(0x0010, 0x2297), // ResponsiblePerson
    ];

    private static readonly DicomTag[] OtherNames =
    [
        new(0x0008, 0x0090), // ReferringPhysicianName
        new(0x0008, 0x1048), // PhysiciansOfRecord
        new(0x0008, 0x1050), // PerformingPhysicianName
        new(0x0008, 0x1060), // NameOfPhysiciansReadingStudy
        new(0x0008, 0x1070), // OperatorsName
        new(0x0008, 0x0080), // InstitutionName
        new(0x0008, 0x1040), // InstitutionalDepartmentName
    ];

    private static readonly DicomTag[] Identifiers =
    [
        new(0x0010, 0x0020), // PatientID
        new(0x0010, 0x0021), // IssuerOfPatientID
        new(0x0010, 0x1000), // OtherPatientIDs
        new(0x0010, 0x1090), // MedicalRecordLocator
        new(0x0008, 0x0050), // AccessionNumber
        new(0x0020, 0x0010), // StudyID
        new(0x0040, 0x1001), // RequestedProcedureID
        new(0x0040, 0x0253), // PerformedProcedureStepID
    ];

    private static readonly DicomTag[] Dates =
    [
        new(0x0010, 0x0030), // PatientBirthDate
        new(0x0008, 0x0020), // StudyDate
        new(0x0008, 0x0021), // SeriesDate
        new(0x0008, 0x0022), // AcquisitionDate
        new(0x0008, 0x0023), // ContentDate
        new(0x0008, 0x002A), // AcquisitionDateTime
        new(0x0040, 0x0244), // PerformedProcedureStepStartDate
    ];

    private static readonly DicomTag OtherPatientIdsSequence = new(0x0010, 0x1002);

    public static IReadOnlyList<IdentifyingTerm> From(DicomDataset header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var terms = new HashSet<IdentifyingTerm>();
        foreach (var value in Values(header, PatientNames))
        {
            AddName(terms, value, TermKind.PatientName);
        }
        foreach (var value in Values(header, OtherNames))
        {
            AddName(terms, value, TermKind.OtherName);
        }
        foreach (var value in Values(header, Identifiers).Concat(OtherIdsInSequence(header)))
        {
            AddIdentifier(terms, value);
        }
        foreach (var date in Values(header, Dates).Select(DateSpellings.Parse).OfType<DateOnly>().Distinct())
        {
            foreach (var spelling in DateSpellings.Of(date).Select(OcrText.Fold).Where(s => s.Length >= MinimumDateLength))
            {
                terms.Add(new IdentifyingTerm(spelling, TermKind.Date));
            }
        }
        return [.. terms];
    }

    // Names: '\' separates values, '=' the alphabetic/ideographic/phonetic groups, '^' the components.
    private static void AddName(HashSet<IdentifyingTerm> terms, string value, TermKind kind)
    {
        foreach (var group in value.Split('='))
        {
            var components = group.Split('^').Select(c => c.Trim()).Where(c => c.Length > 0).ToArray();
            var parts = components.SelectMany(OcrText.Parts).ToArray();
            var words = parts.Select(OcrText.Fold).ToArray();
            foreach (var (word, part) in words.Zip(parts))
            {
                if (word.Length >= MinimumLength && (kind == TermKind.PatientName || !CommonScreenWords.Contains(word)))
                {
                    terms.Add(new IdentifyingTerm(word, kind));
                }
                else if (word.Length == 2 && kind == TermKind.PatientName && part.All(char.IsLetter))
                {
                    // The patient's own two-letter names are kept, to be matched exactly, letter for letter.
                    terms.Add(new IdentifyingTerm(part.ToUpperInvariant(), TermKind.ShortPatientName));
                }
            }
            if (words.Length > 1)
            {
                terms.Add(new IdentifyingTerm(string.Concat(words), kind));
                terms.Add(new IdentifyingTerm(string.Concat(words.Skip(1)) + words[0], kind));
            }
        }
    }

    private static void AddIdentifier(HashSet<IdentifyingTerm> terms, string value)
    {
        var whole = OcrText.Fold(value);
        if (whole.Length >= MinimumLength)
        {
            terms.Add(new IdentifyingTerm(whole, TermKind.Identifier));
        }
        // "AB 1234-56" is read as separate words by OCR: its longer parts are identifying on their own.
        foreach (var part in OcrText.Parts(value).Select(OcrText.Fold).Where(p => p.Length >= 4 && p != whole && !CommonScreenWords.Contains(p)))
        {
            terms.Add(new IdentifyingTerm(part, TermKind.Identifier));
        }
    }

    private static IEnumerable<string> Values(DicomDataset header, DicomTag[] tags) =>
        tags.Select(header.GetString).OfType<string>().SelectMany(v => v.Split('\\')).Select(v => v.Trim()).Where(v => v.Length > 0);

    private static IEnumerable<string> OtherIdsInSequence(DicomDataset header) =>
        header.Get(OtherPatientIdsSequence) is DicomSequence sequence
            ? sequence.Items.SelectMany(item => Values(item, [new(0x0010, 0x0020), new(0x0010, 0x0021)]))
            : [];
}
