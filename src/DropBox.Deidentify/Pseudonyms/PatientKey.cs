namespace DropBox.Deidentify.Pseudonyms;

/// <summary>
/// The identity of a patient as the store and the date shifter see it: HMAC(secret, issuer + patient ID) in hex.
/// The pseudonym map must be usable (same patient → same pseudonym) but not reversible by someone who steals
/// the database without the secret, so the original ID is never stored in clear; and because the hash is keyed,
/// it cannot be confirmed by hashing a guessed ID either.
/// </summary>
public static class PatientKey
{
    public static string Compute(ProjectSecret secret, string? issuer, string patientId)
    {
        ArgumentNullException.ThrowIfNull(secret);
        // The issuer qualifies the ID: the same number from two hospitals is two patients.
        return Derivation.DigestText.LowerHex(secret.Hmac("patient", (issuer ?? string.Empty).Trim() + "\0" + patientId.Trim()));
    }
}
