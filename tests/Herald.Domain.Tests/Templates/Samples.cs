using Herald.Domain.Templates;

namespace Herald.Domain.Tests.Templates;

/// <summary>Templates the tests start from and vary with <c>with</c>.</summary>
internal static class Samples
{
    public static TemplateDefinition OrderShipped { get; } = new(
        Name: "order_shipped",
        Language: "en",
        Category: TemplateCategory.Utility,
        Format: ParameterFormat.Positional,
        Header: new TemplateHeader(HeaderFormat.Text, "Order {{1}}", ["A-1001"]),
        Body: "Hi {{1}}, your order {{2}} has shipped.",
        Footer: "Reply STOP to opt out",
        Buttons: [new TemplateButton(ButtonType.Url, "Track", Url: "https://example.com/track/{{1}}", Examples: ["A-1001"])],
        BodyExamples: ["Ada", "A-1001"]);

    public static TemplateDefinition Welcome { get; } = new(
        Name: "welcome_back",
        Language: "en_US",
        Category: TemplateCategory.Marketing,
        Format: ParameterFormat.Named,
        Header: null,
        Body: "Hello {{first_name}}, use code {{code}} today.",
        Footer: null,
        Buttons: [],
        NamedExamples: new Dictionary<string, string> { ["first_name"] = "Ada", ["code"] = "SAVE10" });

    public static TemplateDefinition Plain { get; } = new(
        "appointment_reminder", "en", TemplateCategory.Utility, ParameterFormat.Positional,
        null, "Your appointment is tomorrow.", null, []);

    public static IEnumerable<string> Codes(this IEnumerable<Reason> reasons) => reasons.Select(r => r.Code);
}
