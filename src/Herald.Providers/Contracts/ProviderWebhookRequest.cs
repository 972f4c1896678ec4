namespace Herald.Providers.Contracts;

/// <summary>A provider webhook request as it arrived, before anything was decoded.</summary>
/// <param name="Url">The public URL the provider called, query included (configurable behind reverse proxies).</param>
/// <param name="Headers">The request headers; looked up case-insensitively by <see cref="Header"/>.</param>
/// <param name="Body">The raw body bytes exactly as received: signatures are checked over these, never over a re-serialisation.</param>
public sealed record ProviderWebhookRequest(string Url, IReadOnlyDictionary<string, string> Headers, ReadOnlyMemory<byte> Body)
{
    /// <summary>The value of a header, whatever the case of its name; null when absent.</summary>
    public string? Header(string name)
    {
        if (Headers.TryGetValue(name, out string? direct))
        {
            return direct;
        }

        foreach (KeyValuePair<string, string> pair in Headers)
        {
            if (string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return pair.Value;
            }
        }

        return null;
    }
}
