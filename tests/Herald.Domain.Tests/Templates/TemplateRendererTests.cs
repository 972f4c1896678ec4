using Herald.Domain.Templates;

namespace Herald.Domain.Tests.Templates;

public class TemplateRendererTests
{
    private static readonly TemplateDefinition Shipped = Samples.OrderShipped;

    private static TemplateParameters Full() => new(
        ParameterSet.Of("Ada", "A-1001"),
        ParameterSet.Of("A-1001"),
        new Dictionary<int, ParameterSet> { [0] = ParameterSet.Of("A-1001") },
        null);

    private static IReadOnlyList<Reason> Problems(TemplateDefinition t, TemplateParameters p)
    {
        (RenderedTemplate? rendered, IReadOnlyList<Reason> problems) = TemplateRenderer.Render(t, p);
        Assert.Null(rendered);
        Assert.NotEmpty(problems);
        return problems;
    }

    [Fact]
    public void Positional_parameters_fill_every_component()
    {
        (RenderedTemplate? rendered, IReadOnlyList<Reason> problems) = TemplateRenderer.Render(Shipped, Full());

        Assert.Empty(problems);
        Assert.Equal("Order A-1001", rendered!.HeaderText);
        Assert.Equal("Hi Ada, your order A-1001 has shipped.", rendered.Body);
        Assert.Equal("Reply STOP to opt out", rendered.Footer);
        Assert.Equal(["https://example.com/track/A-1001"], rendered.ButtonUrls);
        Assert.Equal("Order A-1001\n\nHi Ada, your order A-1001 has shipped.\n\nReply STOP to opt out", rendered.PreviewText);
    }

    [Fact]
    public void Named_parameters_fill_by_name()
    {
        var values = new Dictionary<string, string> { ["first_name"] = "Ada", ["code"] = "SAVE10" };

        (RenderedTemplate? rendered, _) = TemplateRenderer.Render(Samples.Welcome, TemplateParameters.ForBody(ParameterSet.OfNamed(values)));

        Assert.Equal("Hello Ada, use code SAVE10 today.", rendered!.Body);
        Assert.Equal(rendered.Body, rendered.PreviewText);
        Assert.Null(rendered.HeaderText);
    }

    [Fact]
    public void A_template_without_variables_needs_no_parameters()
    {
        (RenderedTemplate? rendered, IReadOnlyList<Reason> problems) = TemplateRenderer.Render(Samples.Plain, TemplateParameters.None);

        Assert.Empty(problems);
        Assert.Equal("Your appointment is tomorrow.", rendered!.PreviewText);
    }

    [Fact]
    public void A_repeated_position_takes_one_value()
    {
        TemplateDefinition t = Samples.Plain with { Body = "Hi {{1}}, yes {{1}}, order {{2}}." };

        (RenderedTemplate? rendered, _) = TemplateRenderer.Render(t, TemplateParameters.ForBody(ParameterSet.Of("Ada", "7")));

        Assert.Equal("Hi Ada, yes Ada, order 7.", rendered!.Body);
    }

    [Fact]
    public void The_wrong_number_of_positional_parameters_is_refused()
    {
        Reason problem = Assert.Single(Problems(Shipped, Full() with { Body = ParameterSet.Of("Ada", "A-1", "extra") }));

        Assert.Equal("template_parameter_count", problem.Code);
        Assert.Equal("Template 'order_shipped' body expects 2 parameters but 3 were given.", problem.Message);
        Assert.Equal("parameters.body", problem.Field);
    }

    [Fact]
    public void Parameters_for_a_component_without_variables_are_refused()
    {
        Reason problem = Assert.Single(Problems(Samples.Plain, TemplateParameters.ForBody(ParameterSet.Of("x"))));

        Assert.Equal("template_parameter_count", problem.Code);
        Assert.Contains("takes no parameters", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Empty_parameters_are_refused(string value)
    {
        Reason problem = Assert.Single(Problems(Shipped, Full() with { Body = ParameterSet.Of("Ada", value) }));

        Assert.Equal("template_parameter_empty", problem.Code);
        Assert.Equal("parameters.body[1]", problem.Field);
        Assert.Contains("{{2}}", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_named_parameter_is_refused()
    {
        var values = new Dictionary<string, string> { ["first_name"] = "Ada" };

        Reason problem = Assert.Single(Problems(Samples.Welcome, TemplateParameters.ForBody(ParameterSet.OfNamed(values))));

        Assert.Equal("template_parameter_missing", problem.Code);
        Assert.Equal("parameters.body.code", problem.Field);
    }

    [Fact]
    public void An_unknown_named_parameter_is_refused()
    {
        var values = new Dictionary<string, string> { ["first_name"] = "Ada", ["code"] = "X", ["last_name"] = "L" };

        Reason problem = Assert.Single(Problems(Samples.Welcome, TemplateParameters.ForBody(ParameterSet.OfNamed(values))));

        Assert.Equal("template_parameter_unknown", problem.Code);
        Assert.Contains("{{last_name}}", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_named_parameter_is_refused()
    {
        var values = new Dictionary<string, string> { ["first_name"] = "Ada", ["code"] = "" };

        Assert.Equal(["template_parameter_empty"], Problems(Samples.Welcome, TemplateParameters.ForBody(ParameterSet.OfNamed(values))).Codes());
    }

    [Fact]
    public void Positional_values_for_a_named_template_are_refused()
    {
        Assert.Equal(["template_parameter_format"], Problems(Samples.Welcome, TemplateParameters.ForBody(ParameterSet.Of("Ada", "X"))).Codes());
    }

    [Fact]
    public void Named_values_for_a_positional_template_are_refused()
    {
        var values = new Dictionary<string, string> { ["1"] = "Ada", ["2"] = "A-1" };

        Assert.Contains("template_parameter_format", Problems(Shipped, Full() with { Body = ParameterSet.OfNamed(values) }).Codes());
    }

    [Fact]
    public void A_media_header_needs_a_url()
    {
        TemplateDefinition t = Samples.Plain with { Header = new TemplateHeader(HeaderFormat.Image, null) };

        Reason problem = Assert.Single(Problems(t, TemplateParameters.None));
        Assert.Equal("template_media_url_required", problem.Code);
        Assert.Contains("IMAGE", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/images/a.jpg")]
    [InlineData("ftp://example.com/a.jpg")]
    [InlineData("not a url")]
    public void A_media_header_url_must_be_absolute_http(string url)
    {
        TemplateDefinition t = Samples.Plain with { Header = new TemplateHeader(HeaderFormat.Document, null) };

        Assert.Equal(["template_media_url_invalid"], Problems(t, TemplateParameters.None with { HeaderMediaUrl = url }).Codes());
    }

    [Fact]
    public void A_media_header_with_a_url_renders_without_header_text()
    {
        TemplateDefinition t = Samples.Plain with { Header = new TemplateHeader(HeaderFormat.Image, null) };

        (RenderedTemplate? rendered, _) = TemplateRenderer.Render(t, TemplateParameters.None with { HeaderMediaUrl = "https://cdn.example.com/a.jpg" });

        Assert.Null(rendered!.HeaderText);
        Assert.Equal("Your appointment is tomorrow.", rendered.PreviewText);
    }

    [Fact]
    public void A_url_button_variable_needs_its_parameter()
    {
        Reason problem = Assert.Single(Problems(Shipped, Full() with { Buttons = new Dictionary<int, ParameterSet>() }));

        Assert.Equal("template_parameter_count", problem.Code);
        Assert.Equal("parameters.buttons[0]", problem.Field);
    }

    [Fact]
    public void A_copy_code_button_needs_the_code()
    {
        TemplateDefinition t = Samples.Plain with { Buttons = [new TemplateButton(ButtonType.CopyCode, "Copy code")] };

        Assert.Equal(["template_parameter_count"], Problems(t, TemplateParameters.None).Codes());

        var withCode = TemplateParameters.None with { Buttons = new Dictionary<int, ParameterSet> { [0] = ParameterSet.Of("SAVE10") } };
        (RenderedTemplate? rendered, _) = TemplateRenderer.Render(t, withCode);
        Assert.Equal([null], rendered!.ButtonUrls);
    }

    [Fact]
    public void Parameters_for_a_button_that_does_not_exist_are_refused()
    {
        var p = Full() with { Buttons = new Dictionary<int, ParameterSet> { [0] = ParameterSet.Of("A-1"), [3] = ParameterSet.Of("x") } };

        Reason problem = Assert.Single(Problems(Shipped, p));
        Assert.Equal("template_parameter_unknown", problem.Code);
        Assert.Equal("parameters.buttons[3]", problem.Field);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var p = new TemplateParameters(ParameterSet.Of("Ada"), ParameterSet.Of(""), new Dictionary<int, ParameterSet>(), null);

        Assert.Equal(
            ["template_parameter_empty", "template_parameter_count", "template_parameter_count"],
            Problems(Shipped, p).Codes());
    }
}
