namespace Herald.Providers.Contracts;

/// <summary>Capability: decide whether a webhook request really comes from the provider, over its raw bytes.</summary>
public interface IWebhookAuthenticator
{
    /// <summary>True only when the request carries a valid signature made with <paramref name="secret"/>; a missing signature is false.</summary>
    bool IsAuthentic(ProviderWebhookRequest request, string secret);
}
