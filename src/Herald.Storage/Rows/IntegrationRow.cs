namespace Herald.Storage.Rows;

/// <summary>
/// An Intercom inbox app or a HubSpot app connected to a workspace. <see cref="ClientSecret"/> checks the signatures of
/// the app's requests; <see cref="AccessToken"/> calls the vendor's REST API; <see cref="Settings"/> is the kind's JSON.
/// </summary>
public sealed class IntegrationRow
{
    public string Id { get; set; } = "";
    public string WorkspaceId { get; set; } = "";

    /// <summary><c>intercom</c> or <c>hubspot</c>.</summary>
    public string Kind { get; set; } = "";
    public string Name { get; set; } = "";
    public string ClientSecret { get; set; } = "";
    public string? AccessToken { get; set; }
    public string Settings { get; set; } = "{}";
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }
}
