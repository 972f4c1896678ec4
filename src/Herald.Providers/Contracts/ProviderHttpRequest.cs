namespace Herald.Providers.Contracts;

/// <summary>An HTTP request to a provider, ready for a client that adds the base URL and the credentials.</summary>
/// <param name="Method">The HTTP method, e.g. <c>POST</c>.</param>
/// <param name="Path">The path below the configurable base URL, e.g. <c>/v23.0/106540352242922/messages</c>.</param>
/// <param name="ContentType">The media type of <paramref name="Body"/>.</param>
/// <param name="Body">The encoded body.</param>
/// <param name="Headers">Extra request headers beside the credentials and <c>Content-Type</c> (e.g. an idempotency key); null when none.</param>
public sealed record ProviderHttpRequest(
    string Method,
    string Path,
    string ContentType,
    ReadOnlyMemory<byte> Body,
    IReadOnlyList<KeyValuePair<string, string>>? Headers = null);
