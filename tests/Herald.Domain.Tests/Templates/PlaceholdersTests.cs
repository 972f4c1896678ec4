using Herald.Domain.Templates;

namespace Herald.Domain.Tests.Templates;

public class PlaceholdersTests
{
    [Fact]
    public void Positional_variables_are_found_with_their_position()
    {
        IReadOnlyList<Placeholder> found = Placeholders.Find("Hi {{1}}, order {{ 2 }} of {{10}}.");

        Assert.Equal(
            [new Placeholder("1", 3, 5, true, 1), new Placeholder("2", 16, 7, true, 2), new Placeholder("10", 27, 6, true, 10)],
            found);
    }

    [Fact]
    public void Named_variables_are_found_by_name()
    {
        Placeholder found = Assert.Single(Placeholders.Find("Hello {{first_name}}!"));

        Assert.Equal(new Placeholder("first_name", 6, 14, false, null), found);
    }

    [Theory]
    [InlineData("{{First Name}}")]
    [InlineData("{{}}")]
    [InlineData("{{1a}}")]
    [InlineData("{{first-name}}")]
    [InlineData("{1}")]
    [InlineData("{{FirstName}}")]
    public void Malformed_braces_are_not_variables(string text)
    {
        Assert.Empty(Placeholders.Find(text));
    }

    [Fact]
    public void Malformed_braces_are_reported_separately()
    {
        Assert.Equal(["{{First Name}}", "{{}}"], Placeholders.FindMalformed("{{1}} {{First Name}} {{}} {{ok}}"));
    }

    [Fact]
    public void A_repeated_position_is_found_each_time()
    {
        Assert.Equal([1, 1], Placeholders.Find("{{1}} and {{1}}").Select(p => p.Position));
    }
}
