using DropBox.Deidentify.Fields;
using DropBox.Deidentify.Profile;

namespace DropBox.Deidentify.Tests.Profile;

public sealed class DeidActionTextTests
{
    [Fact]
    public void Every_action_has_its_plan_word()
    {
        Assert.Equal(
            ["remove", "empty", "dummy", "keep", "clean", "remap-uid", "pseudonym", "hash", "shift-date"],
            Enum.GetValues<DeidAction>().Select(DeidActionText.Of));
    }

    [Theory]
    [InlineData("remove")]
    [InlineData("empty")]
    [InlineData("keep")]
    [InlineData("dummy:ANON")]
    [InlineData("pseudonym")]
    [InlineData("hash")]
    [InlineData("shift-date")]
    [InlineData("remap-uid")]
    public void A_field_list_action_reads_back_as_the_word_it_was_written_with(string word)
    {
        var action = FieldList.ParseAction(word, "Fields[0]", []);

        Assert.NotNull(action);
        Assert.Equal(word.Split(':')[0], action.ToString());
    }

    [Fact]
    public void A_field_list_cannot_ask_for_clean()
    {
        var errors = new List<string>();

        Assert.Null(FieldList.ParseAction("clean", "Fields[0]", errors));
        Assert.Contains("Fields[0].Action 'clean' is unknown", Assert.Single(errors), StringComparison.Ordinal);
    }
}
