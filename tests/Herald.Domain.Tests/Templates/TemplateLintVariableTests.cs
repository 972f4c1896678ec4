using Herald.Domain.Templates;

namespace Herald.Domain.Tests.Templates;

/// <summary>The lint rules about body variables: numbering, placement, style and examples.</summary>
public class TemplateLintVariableTests
{
    private static readonly TemplateDefinition Good = Samples.OrderShipped;

    private static Reason Only(TemplateDefinition t, string code) => TemplateLintTests.Only(t, code);

    [Theory]
    [InlineData("Hi {{1}}, order {{3}} is ready.")]
    [InlineData("Hi {{2}}, order {{3}} is ready.")]
    [InlineData("Hi {{0}}, order {{1}} is ready.")]
    public void Positional_variables_count_from_one_without_gaps(string body)
    {
        Reason issue = Only(Good with { Body = body }, "template_variables_not_sequential");
        Assert.Equal("components.body", issue.Field);
    }

    [Fact]
    public void A_repeated_positional_variable_is_fine()
    {
        Assert.Empty(TemplateLint.Lint(Good with { Body = "Hi {{1}}, order {{2}} for {{1}} has shipped." }));
    }

    [Fact]
    public void Mixing_positional_and_named_variables_is_an_error()
    {
        Only(Good with { Body = "Hi {{1}}, your code is {{code}}.", NamedExamples = new Dictionary<string, string> { ["code"] = "X" } },
            "template_mixed_placeholders");
    }

    [Fact]
    public void The_declared_format_must_match_the_variables()
    {
        Only(Good with { Format = ParameterFormat.Named }, "template_format_mismatch");
        Only(Samples.Welcome with { Format = ParameterFormat.Positional }, "template_format_mismatch");
    }

    [Theory]
    [InlineData("{{1}} your order {{2}} shipped.")]
    [InlineData("  {{1}} your order {{2}} shipped.")]
    public void The_body_cannot_start_with_a_variable(string body)
    {
        Only(Good with { Body = body }, "template_variable_at_start");
    }

    [Theory]
    [InlineData("Hi {{1}}, your order is {{2}}")]
    [InlineData("Hi {{1}}, your order is {{2}}  \n")]
    public void The_body_cannot_end_with_a_variable(string body)
    {
        Only(Good with { Body = body }, "template_variable_at_end");
    }

    [Fact]
    public void Trailing_punctuation_after_the_last_variable_is_enough()
    {
        Assert.Empty(TemplateLint.Lint(Good with { Body = "Hi {{1}}, your order is {{2}}." }));
    }

    [Theory]
    [InlineData("Hi {{1}}{{2}} thanks.")]
    [InlineData("Hi {{1}} {{2}} thanks.")]
    [InlineData("Hi {{1}} \n {{2}} thanks.")]
    public void Two_variables_cannot_be_side_by_side(string body)
    {
        Only(Good with { Body = body }, "template_variables_adjacent");
    }

    [Fact]
    public void Variables_separated_by_a_comma_are_not_side_by_side()
    {
        Assert.Empty(TemplateLint.Lint(Good with { Body = "Hi {{1}}, {{2}} thanks." }));
    }

    [Fact]
    public void Body_variables_need_one_example_each()
    {
        Reason missing = Only(Good with { BodyExamples = null }, "template_examples_missing");
        Assert.Equal("components.body.examples", missing.Field);
        Only(Good with { BodyExamples = ["Ada"] }, "template_examples_missing");
        Only(Good with { BodyExamples = ["Ada", " "] }, "template_examples_missing");
    }

    [Fact]
    public void Named_variables_need_an_example_by_name()
    {
        Reason issue = Only(Samples.Welcome with { NamedExamples = new Dictionary<string, string> { ["first_name"] = "Ada" } },
            "template_examples_missing");
        Assert.Contains("{{code}}", issue.Message, StringComparison.Ordinal);
    }
}
