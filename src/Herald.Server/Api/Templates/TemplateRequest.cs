namespace Herald.Server.Api.Templates;

/// <summary>A template in Meta's own shape (name, language, category, components), so existing definitions paste in unchanged.</summary>
public sealed record TemplateRequest(
    string? Name, string? Language, string? Category, string? ParameterFormat, IReadOnlyList<ComponentRequest>? Components);

public sealed record ComponentRequest(
    string? Type, string? Format, string? Text, ExampleRequest? Example, IReadOnlyList<ButtonRequest>? Buttons);

public sealed record ExampleRequest(
    IReadOnlyList<string>? HeaderText,
    IReadOnlyList<IReadOnlyList<string>>? BodyText,
    IReadOnlyList<NamedExample>? HeaderTextNamedParams,
    IReadOnlyList<NamedExample>? BodyTextNamedParams,
    IReadOnlyList<string>? HeaderHandle,
    IReadOnlyList<string>? HeaderUrl);

public sealed record NamedExample(string? ParamName, string? Example);

public sealed record ButtonRequest(string? Type, string? Text, string? Url, string? PhoneNumber, IReadOnlyList<string>? Example);

/// <summary>The body of POST /v1/sandbox/templates/{id}/status.</summary>
public sealed record SandboxTemplateStatusRequest(string? Status, string? Sender, string? Reason);
