using DropBox.Deidentify.Pseudonyms;

namespace DropBox.Deidentify.Derivation;

/// <summary>
/// The field list's "hash" action: a keyed hash of the value in upper-case hex, cut to what the VR can hold.
/// Same value → same hash within the project (joins keep working, e.g. Accession Number), not reversible
/// and not confirmable without the secret.
/// </summary>
public sealed class ValueHasher(ProjectSecret secret)
{
    public string Hash(string value, int maxLength)
    {
        var hex = Convert.ToHexString(secret.Hmac("value-hash", value.Trim('\0', ' ')));
        return hex.Length > maxLength ? hex[..maxLength] : hex;
    }
}
