using Herald.Domain.Templates;

namespace Herald.Server.Api.Templates;

public sealed record TemplateStatusView(string Sender, string Status, string Quality, string? Reason, DateTimeOffset UpdatedAt, string? ProviderTemplateId = null);

public sealed record ButtonView(string Type, string Text, string? Url, string? PhoneNumber, IReadOnlyList<string>? Example);

public sealed record ComponentView(
    string Type, string? Format, string? Text, IReadOnlyList<ButtonView>? Buttons, object? Example);

/// <summary>A template as the API shows it: Meta-style components plus Herald's status per sender.</summary>
public sealed record TemplateResponse(
    string Id, string Name, string Language, string Category, string ParameterFormat, IReadOnlyList<ComponentView> Components,
    IReadOnlyList<string> Placeholders, IReadOnlyList<TemplateStatusView> Statuses, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static TemplateResponse From(Engine.Templates.TemplateView v)
    {
        var d = v.Definition;
        var components = new List<ComponentView>();
        if (d.Header is { } h)
        {
            components.Add(new ComponentView("HEADER", h.Format.ToString().ToUpperInvariant(), h.Text, null,
                h.Examples is null ? null : h.Format == HeaderFormat.Text ? new { header_text = h.Examples } : new { header_url = h.Examples }));
        }
        object? bodyExample = d.Format == Herald.Domain.Templates.ParameterFormat.Named
            ? d.NamedExamples is null ? null : new { body_text_named_params = d.NamedExamples.Select(kv => new { param_name = kv.Key, example = kv.Value }) }
            : d.BodyExamples is null ? null : new { body_text = new[] { d.BodyExamples } };
        components.Add(new ComponentView("BODY", null, d.Body, null, bodyExample));
        if (d.Footer is not null)
        {
            components.Add(new ComponentView("FOOTER", null, d.Footer, null, null));
        }
        if (d.Buttons.Count > 0)
        {
            components.Add(new ComponentView("BUTTONS", null, null,
                [.. d.Buttons.Select(b => new ButtonView(TemplateMapper.ButtonName(b.Type), b.Text, b.Url, b.PhoneNumber, b.Examples))], null));
        }
        var placeholders = Herald.Domain.Templates.Placeholders.Find(d.Body).Select(p => p.Name).Distinct().ToList();
        return new TemplateResponse(v.Row.Id, d.Name, d.Language, v.Row.Category, d.Format.ToString().ToUpperInvariant(), components,
            placeholders,
            [.. v.Statuses.Select(s => new TemplateStatusView(s.SenderId, s.Status, s.Quality, s.Reason, DateTimeOffset.FromUnixTimeMilliseconds(s.UpdatedAt), s.ProviderTemplateId))],
            DateTimeOffset.FromUnixTimeMilliseconds(v.Row.CreatedAt), DateTimeOffset.FromUnixTimeMilliseconds(v.Row.UpdatedAt));
    }
}

public sealed record TemplatePage(IReadOnlyList<TemplateResponse> Data, string? NextCursor);

public sealed record LintResponse(bool Valid, IReadOnlyList<Messages.ReasonView> Errors);
