using System.Text.Json;
using Herald.Storage.Rows;

namespace Herald.Server.Integrations;

/// <summary>POST /v1/integrations and PATCH /v1/integrations/{id}; secrets are write-only.</summary>
public sealed record IntegrationRequest(
    string? Kind, string? Name, string? ClientSecret, string? AccessToken, JsonElement? Settings);

/// <summary>An integration as the API shows it: never its client secret or access token, only whether a token is set.</summary>
public sealed record IntegrationView(
    string Id, string Kind, string Name, JsonElement Settings, bool HasAccessToken,
    IReadOnlyDictionary<string, string> Urls, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static IntegrationView From(IntegrationRow r, string publicBase) => new(
        r.Id, r.Kind, r.Name, JsonDocument.Parse(r.Settings).RootElement.Clone(), !string.IsNullOrEmpty(r.AccessToken),
        IntegrationUrls.For(r, publicBase),
        DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt), DateTimeOffset.FromUnixTimeMilliseconds(r.UpdatedAt));
}

/// <summary>The URLs to paste into the vendor's developer console.</summary>
public static class IntegrationUrls
{
    public static IReadOnlyDictionary<string, string> For(IntegrationRow r, string publicBase) => r.Kind == IntegrationKinds.Intercom
        ? new Dictionary<string, string>
        {
            ["initialize"] = $"{publicBase}/integrations/intercom/{r.Id}/initialize",
            ["submit"] = $"{publicBase}/integrations/intercom/{r.Id}/submit",
        }
        : new Dictionary<string, string> { ["action"] = $"{publicBase}/integrations/hubspot/{r.Id}/actions/send" };
}

public static class IntegrationKinds
{
    public const string Intercom = "intercom";
    public const string HubSpot = "hubspot";
}
