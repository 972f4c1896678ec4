namespace Herald.Providers.Contracts;

/// <summary>An HTTP request to a provider, ready for a client that adds the base URL and the credentials.</summary>
/// <param name="Method">The HTTP method, e.g. <c>POST</c>.</param>
/// <param name="Path">The path below the configurable base URL, e.g. <c>/v23.0/106540352242922/messages</c>.</param>
/// <param name="ContentType">The media type of <paramref name="Body"/>.</param>
/// <param name="Body">The encoded body.</param>
public sealed record ProviderHttpRequest(string Method, string Path, string ContentType, ReadOnlyMemory<byte> Body);
