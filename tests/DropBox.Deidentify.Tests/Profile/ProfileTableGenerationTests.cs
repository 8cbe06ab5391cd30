using DropBox.DictionaryGenerator;

namespace DropBox.Deidentify.Tests.Profile;

public sealed class ProfileTableGenerationTests
{
    [FactNeedingSharedDicom]
    public void Regenerating_from_shared_dicom_gives_the_committed_profile_table_byte_for_byte()
    {
        var sources = DicomSources.Load(SharedDicomFolder.Path!);
        var committed = File.ReadAllText(Path.Combine(SharedDicomFolder.RepoRoot!, GeneratedFiles.ProfileTablePath));

        Assert.Equal(committed, ProfileTableRenderer.Render(sources.ProfileRows));
    }
}
