namespace DropBox.Deidentify.Pixels.Ocr;

/// <summary>What kind of header value a term came from; it sets how loosely an OCR word may match it.</summary>
internal enum TermKind
{
    /// <summary>A component or word of the patient's own name (or the whole name run together).</summary>
    PatientName,

    /// <summary>A two-letter component of the patient's name (Li, Wu, Ng), kept unfolded in upper case: folded, "LI"
    /// would be "11" and match every eleven on a screen. Matched exactly only.</summary>
    ShortPatientName,

    /// <summary>A word of another person's name (physician, operator) or of the institution.</summary>
    OtherName,

    /// <summary>An identifier: patient ID, other IDs, issuer, accession number, study ID.</summary>
    Identifier,

    /// <summary>A date of the file (birth, study, series, acquisition, content) in one spelling.</summary>
    Date,
}

/// <summary>One identifying value, folded (<see cref="OcrText.Fold"/>; <see cref="TermKind.ShortPatientName"/>: upper case).
/// Never logged: it is PHI.</summary>
internal readonly record struct IdentifyingTerm(string Folded, TermKind Kind);
