namespace Herald.Providers.Contracts;

/// <summary>Capability: speak a provider's send wire format (the request to send, the answer read back as a value).</summary>
public interface ISendWireFormat
{
    /// <summary>The provider name stored on senders.</summary>
    string Provider { get; }

    /// <summary>Builds the send request for one message; <paramref name="now"/> is used for relative fields such as a validity period.</summary>
    ProviderHttpRequest BuildSend(OutboundMessage message, DateTimeOffset now);

    /// <summary>Reads the provider's answer; <paramref name="retryAfter"/> is the parsed <c>Retry-After</c> header, if any.</summary>
    SendResult ReadSendResponse(int httpStatus, ReadOnlySpan<byte> body, TimeSpan? retryAfter);
}
