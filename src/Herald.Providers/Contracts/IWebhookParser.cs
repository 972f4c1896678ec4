namespace Herald.Providers.Contracts;

/// <summary>Capability: turn an authenticated provider webhook into neutral events; unknown statuses are ignored.</summary>
public interface IWebhookParser
{
    /// <summary>False only when the body is not in the provider's format at all; unknown items inside are skipped.</summary>
    bool TryParse(ProviderWebhookRequest request, out ProviderWebhookEvents events);
}
