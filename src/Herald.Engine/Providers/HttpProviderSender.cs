using System.Net.Http.Headers;
using Herald.Engine.Senders;
using Herald.Engine.Sending;
using Herald.Providers.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Herald.Engine.Providers;

/// <summary>How to reach one sender's provider: its wire format, base URL and credentials.</summary>
public sealed record ProviderCall(ISendWireFormat Wire, string BaseUrl, AuthenticationHeaderValue Authorization);

/// <summary>
/// Sends through a provider's HTTP API. A request that surely did not reach the provider (no connection) is retried
/// later; one whose answer was lost (timeout, connection dropped after writing) is <see cref="SendDisposition.Unknown"/>
/// and flagged in doubt, never resent. Every other answer is read by the provider's wire format and error table.
/// </summary>
public abstract class HttpProviderSender(
    IHttpClientFactory http, SenderDirectory directory, SenderService senders, IOptions<HeraldOptions> options, TimeProvider clock, ILogger logger)
    : IMessageSender
{
    public const string ClientName = "herald-providers";

    public abstract string Provider { get; }

    /// <summary>None of the three documents deduplication by a client reference, so a lost answer is never resent.</summary>
    public bool ResendIsSafe => false;

    protected ProvidersOptions Options => options.Value.Providers;

    /// <summary>The call for one message: wire format, base URL and credentials; null with a failure when the sender cannot send it.</summary>
    protected abstract ValueTask<(ProviderCall? Call, OutboundMessage Message, SendResult? Refusal)> PrepareAsync(
        OutboundMessage message, SenderKeys keys, CancellationToken ct);

    public async Task<IReadOnlyList<SendResult>> SendAsync(IReadOnlyList<OutboundMessage> batch, CancellationToken ct)
    {
        var results = new SendResult[batch.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, batch.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Options.MaxConcurrency, CancellationToken = ct },
            async (i, token) => results[i] = await SendOneAsync(batch[i], token).ConfigureAwait(false)).ConfigureAwait(false);
        return results;
    }

    private async Task<SendResult> SendOneAsync(OutboundMessage message, CancellationToken ct)
    {
        var sender = await directory.ByIdAsync(message.Sender.Id, ct).ConfigureAwait(false);
        if (sender is null)
        {
            return SendResult.Fail(Domain.Messages.ErrorClass.Permanent, "sender_unavailable", $"Sender '{message.Sender.Id}' no longer exists.");
        }
        var (call, prepared, refusal) = await PrepareAsync(message, senders.KeysOf(sender), ct).ConfigureAwait(false);
        if (call is null)
        {
            return refusal!;
        }
        ProviderHttpRequest request;
        try
        {
            request = call.Wire.BuildSend(prepared, clock.GetUtcNow());
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException)
        {
            // Nothing was sent: this message cannot be expressed in the provider's format (a sender setting or the content is wrong).
            return SendResult.Fail(Domain.Messages.ErrorClass.Permanent, "provider_request_invalid", ex.Message);
        }
        using var msg = new HttpRequestMessage(new HttpMethod(request.Method), call.BaseUrl.TrimEnd('/') + request.Path);
        msg.Content = new ReadOnlyMemoryContent(request.Body);
        msg.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType);
        msg.Headers.Authorization = call.Authorization;
        foreach (var (name, value) in request.Headers ?? [])
        {
            msg.Headers.TryAddWithoutValidation(name, value);
        }
        using var timeout = new CancellationTokenSource(Options.RequestTimeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            using var response = await http.CreateClient(ClientName).SendAsync(msg, HttpCompletionOption.ResponseContentRead, linked.Token)
                .ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(linked.Token).ConfigureAwait(false);
            var retryAfter = RetryAfterHeader.Parse(
                response.Headers.TryGetValues("Retry-After", out var values) ? values.FirstOrDefault() : null, clock.GetUtcNow());
            return call.Wire.ReadSendResponse((int)response.StatusCode, body, retryAfter);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning("{Provider} gave no answer for message {MessageId} within {Timeout}; flagged in doubt", Provider, message.MessageId, Options.RequestTimeout);
            return new SendResult(SendDisposition.Unknown, ErrorCode: "provider_timeout",
                ErrorMessage: $"{Provider} gave no answer within {Options.RequestTimeout.TotalSeconds:0.#} s; it may have the message.");
        }
        catch (HttpRequestException ex) when (NeverSent(ex))
        {
            return SendResult.Retry("provider_unreachable", $"Could not connect to {Provider}: {ex.Message}");
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning(ex, "{Provider} connection failed after message {MessageId} was written; flagged in doubt", Provider, message.MessageId);
            return new SendResult(SendDisposition.Unknown, ErrorCode: "provider_connection_lost",
                ErrorMessage: $"The connection to {Provider} broke after the request was written; it may have the message.");
        }
    }

    /// <summary>True when no byte of the request can have reached the provider: the connection never opened.</summary>
    private static bool NeverSent(HttpRequestException ex) =>
        ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError
        || ex.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused };

    /// <summary>A failure for a sender whose settings are incomplete (an operator must fix them).</summary>
    protected static SendResult Misconfigured(string what) =>
        SendResult.Fail(Domain.Messages.ErrorClass.Permanent, "sender_misconfigured", $"The sender cannot send: {what}. Fix it with PATCH /v1/senders/{{id}}.");
}
