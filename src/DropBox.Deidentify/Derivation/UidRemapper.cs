using DropBox.Deidentify.Pseudonyms;

namespace DropBox.Deidentify.Derivation;

/// <summary>
/// Replaces a UID with "2.25." + the decimal of the first 128 bits of HMAC-SHA-256(secret, original UID)
/// (PS3.5 §B.2: the 2.25 arc takes a 128-bit integer). The same input always gives the same output, so
/// references between files (Referenced SOP Instance UID, Frame of Reference UID, the file meta Media Storage
/// SOP Instance UID) still match; without the secret nobody can compute it from the original UID.
/// Standard UIDs (SOP classes, transfer syntaxes, coding schemes: root 1.2.840.10008.) identify nothing and stay.
/// </summary>
public sealed class UidRemapper(ProjectSecret secret)
{
    public const string StandardRoot = "1.2.840.10008.";

    /// <summary>
    /// Under the DICOM root and a well-formed UID (digits and dots, at most 64 characters): a value that only starts
    /// like a standard UID, such as a SOP Class UID whose length swallowed the elements after it, is remapped.
    /// </summary>
    public static bool IsStandard(string uid) =>
        uid.StartsWith(StandardRoot, StringComparison.Ordinal) && uid.Length <= 64 && IsUidText(uid);

    private static bool IsUidText(string uid)
    {
        foreach (var c in uid)
        {
            if (c is not ((>= '0' and <= '9') or '.'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Remaps one UID (trailing NUL/space padding ignored); standard UIDs and empty values are returned unchanged.</summary>
    public string Remap(string uid)
    {
        var trimmed = uid.Trim('\0', ' ');
        if (trimmed.Length == 0 || IsStandard(trimmed))
        {
            return trimmed;
        }
        var mac = secret.Hmac(trimmed);
        // The first 128 bits as an unsigned big-endian number, in decimal.
        return "2.25." + DigestText.Decimal128(mac.AsSpan(0, 16));
    }

    /// <summary>Remaps every value of a multi-valued UI (backslash-separated).</summary>
    public string RemapAll(string value) => string.Join('\\', value.Split('\\').Select(Remap));
}
