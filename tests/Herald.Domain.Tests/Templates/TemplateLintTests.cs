using Herald.Domain.Templates;

namespace Herald.Domain.Tests.Templates;

public class TemplateLintTests
{
    private static readonly TemplateDefinition Good = Samples.OrderShipped;

    internal static Reason Only(TemplateDefinition t, string code)
    {
        IReadOnlyList<Reason> issues = TemplateLint.Lint(t);
        Assert.Contains(code, issues.Codes());
        return issues.First(r => r.Code == code);
    }

    [Fact]
    public void A_well_formed_template_has_no_issues()
    {
        Assert.Empty(TemplateLint.Lint(Good));
        Assert.Empty(TemplateLint.Lint(Samples.Welcome));
        Assert.Empty(TemplateLint.Lint(Samples.Plain));
    }

    [Theory]
    [InlineData("Order_Shipped")]
    [InlineData("order shipped")]
    [InlineData("order-shipped")]
    [InlineData("")]
    [InlineData("order_shipped\n")]
    public void Names_must_be_lowercase_letters_digits_and_underscores(string name)
    {
        Reason issue = Only(Good with { Name = name }, "template_name_invalid");
        Assert.Equal("name", issue.Field);
    }

    [Fact]
    public void Names_are_at_most_512_characters()
    {
        Assert.Empty(TemplateLint.Lint(Good with { Name = new string('a', 512) }));
        Only(Good with { Name = new string('a', 513) }, "template_name_invalid");
    }

    [Fact]
    public void A_language_is_required()
    {
        Only(Good with { Language = " " }, "template_language_required");
    }

    [Fact]
    public void Header_text_is_at_most_60_characters()
    {
        var header = new TemplateHeader(HeaderFormat.Text, new string('h', 61));
        Reason issue = Only(Good with { Header = header }, "template_header_too_long");

        Assert.Equal("components.header", issue.Field);
        Assert.Empty(TemplateLint.Lint(Good with { Header = header with { Text = new string('h', 60) } }));
    }

    [Fact]
    public void A_header_has_at_most_one_variable()
    {
        var header = new TemplateHeader(HeaderFormat.Text, "{{1}} and {{2}}", ["a", "b"]);

        Only(Good with { Header = header }, "template_header_too_many_variables");
    }

    [Fact]
    public void A_header_variable_needs_an_example()
    {
        Reason issue = Only(Good with { Header = new TemplateHeader(HeaderFormat.Text, "Order {{1}}") }, "template_examples_missing");

        Assert.Equal("components.header.examples", issue.Field);
    }

    [Fact]
    public void A_media_header_has_no_text()
    {
        Only(Good with { Header = new TemplateHeader(HeaderFormat.Image, "Look") }, "template_header_text_not_allowed");
        Assert.Empty(TemplateLint.Lint(Good with { Header = new TemplateHeader(HeaderFormat.Video, null) }));
    }

    [Fact]
    public void A_text_header_needs_text()
    {
        Only(Good with { Header = new TemplateHeader(HeaderFormat.Text, "") }, "template_header_text_required");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_body_is_required(string body)
    {
        Reason issue = Only(Good with { Body = body, BodyExamples = null }, "template_body_required");
        Assert.Equal("components.body", issue.Field);
    }

    [Fact]
    public void The_body_is_at_most_1024_characters()
    {
        Assert.Empty(TemplateLint.Lint(Samples.Plain with { Body = new string('b', 1024) }));
        Reason issue = Only(Samples.Plain with { Body = new string('b', 1025) }, "template_body_too_long");
        Assert.Contains("1,025 characters", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_footer_is_at_most_60_characters()
    {
        Only(Good with { Footer = new string('f', 61) }, "template_footer_too_long");
    }

    [Theory]
    [InlineData("Sent to {{1}}")]
    [InlineData("Hi {{name}}")]
    [InlineData("Hi {{Name}}")]
    public void The_footer_has_no_variables(string footer)
    {
        Only(Good with { Footer = footer }, "template_footer_variables");
    }

    [Fact]
    public void A_template_has_at_most_ten_buttons()
    {
        TemplateButton reply = new(ButtonType.QuickReply, "OK");

        Assert.Empty(TemplateLint.Lint(Samples.Plain with { Buttons = [.. Enumerable.Repeat(reply, 10)] }));
        Only(Samples.Plain with { Buttons = [.. Enumerable.Repeat(reply, 11)] }, "template_too_many_buttons");
    }

    [Fact]
    public void A_url_button_needs_a_url()
    {
        Reason issue = Only(Samples.Plain with { Buttons = [new TemplateButton(ButtonType.Url, "Open")] }, "template_button_url_missing");
        Assert.Equal("components.buttons[0].url", issue.Field);
    }

    [Theory]
    [InlineData("https://example.com/{{1}}/track")]
    [InlineData("https://example.com/{{1}}/{{2}}")]
    [InlineData("https://example.com/{{2}}")]
    [InlineData("https://example.com/{{code}}")]
    public void A_url_button_has_one_variable_at_its_end(string url)
    {
        var button = new TemplateButton(ButtonType.Url, "Open", url, Examples: ["x"]);

        Only(Samples.Plain with { Buttons = [button] }, "template_button_url_variable_invalid");
    }

    [Fact]
    public void A_url_button_address_is_absolute_http()
    {
        var button = new TemplateButton(ButtonType.Url, "Open", "example.com/track");

        Only(Samples.Plain with { Buttons = [button] }, "template_button_url_invalid");
    }

    [Fact]
    public void A_url_variable_needs_an_example()
    {
        var button = new TemplateButton(ButtonType.Url, "Track", "https://example.com/t/{{1}}");

        Reason issue = Only(Samples.Plain with { Buttons = [button] }, "template_examples_missing");
        Assert.Equal("components.buttons[0].examples", issue.Field);
    }

    [Fact]
    public void A_phone_button_needs_a_valid_number()
    {
        var bad = new TemplateButton(ButtonType.PhoneNumber, "Call us", PhoneNumber: "555-0123");
        var good = bad with { PhoneNumber = "+12015550123" };

        Only(Samples.Plain with { Buttons = [bad] }, "template_button_phone_invalid");
        Assert.Empty(TemplateLint.Lint(Samples.Plain with { Buttons = [good] }));
    }

    [Fact]
    public void Button_labels_are_required_and_short()
    {
        Only(Samples.Plain with { Buttons = [new TemplateButton(ButtonType.QuickReply, "")] }, "template_button_text_required");
        Only(Samples.Plain with { Buttons = [new TemplateButton(ButtonType.QuickReply, new string('x', 26))] }, "template_button_text_too_long");
    }

    [Fact]
    public void Malformed_variables_are_reported()
    {
        Reason issue = Only(Samples.Plain with { Body = "Hi {{First Name}}, see you." }, "template_placeholder_invalid");
        Assert.Contains("{{First Name}}", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_issue_is_reported_at_once()
    {
        TemplateDefinition bad = Good with
        {
            Name = "Bad Name",
            Header = new TemplateHeader(HeaderFormat.Text, new string('h', 70)),
            Body = "{{1}} {{3}}",
            Footer = "{{1}}" + new string('f', 60),
            BodyExamples = null,
            Buttons = [.. Enumerable.Repeat(new TemplateButton(ButtonType.Url, "Go"), 11)],
        };

        Assert.Superset(
            new HashSet<string>
            {
                "template_name_invalid", "template_header_too_long", "template_variables_not_sequential",
                "template_variable_at_start", "template_variable_at_end", "template_variables_adjacent",
                "template_examples_missing", "template_footer_too_long", "template_footer_variables",
                "template_too_many_buttons", "template_button_url_missing",
            },
            TemplateLint.Lint(bad).Codes().ToHashSet());
    }

    [Fact]
    public void Every_issue_says_what_to_do()
    {
        TemplateDefinition bad = Good with { Name = "X", Body = "{{1}}{{2}}", BodyExamples = null, Footer = "{{1}}" };

        Assert.All(TemplateLint.Lint(bad), r =>
        {
            Assert.Matches("^[a-z_]+$", r.Code);
            Assert.EndsWith(".", r.Message, StringComparison.Ordinal);
            Assert.NotNull(r.Field);
        });
    }
}
