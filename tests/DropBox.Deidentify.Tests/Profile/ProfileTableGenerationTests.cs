using DropBox.Testing;
using DropBox.DictionaryGenerator;

namespace DropBox.Deidentify.Tests.Profile;

public sealed class ProfileTableGenerationTests
{
    [DicomTablesFact]
    public void Regenerating_from_shared_dicom_gives_the_committed_profile_table_byte_for_byte()
    {
        var sources = DicomSources.Load(RepoPaths.DicomTables!);
        var committed = File.ReadAllText(Path.Combine(RepoPaths.RepoRoot, GeneratedFiles.ProfileTablePath));

        Assert.Equal(committed, ProfileTableRenderer.Render(sources.ProfileRows));
    }
}
