namespace DropBox.Deidentify.Pseudonyms;

/// <summary>The persistent map patient key → pseudonym of a project. Implementations are safe across threads and processes.</summary>
public interface IPseudonymStore
{
    /// <summary>
    /// The pseudonym already assigned to <paramref name="patientKey"/> in <paramref name="project"/>, or a new one:
    /// the next sequence number of the project rendered with <paramref name="format"/> (e.g. "LIVER-{0:0000}").
    /// </summary>
    /// <param name="patientKey">A keyed hash of issuer + patient ID (<see cref="PatientKey"/>), never the ID itself.</param>
    string GetOrCreate(string project, string patientKey, string format);
}
