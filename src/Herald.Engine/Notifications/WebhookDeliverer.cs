using System.Diagnostics;
using System.Text;
using Herald.Domain.Webhooks;
using Herald.Engine.Senders;
using Herald.Storage.Rows;
using Herald.Storage.Stores;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Herald.Engine.Notifications;

/// <summary>
/// Sends due deliveries: to customer endpoints as signed Standard Webhooks requests, to integrations through their sink.
/// A 2xx answer delivers; 410 Gone disables the endpoint; anything else is tried again on the retry schedule (with
/// jitter) until it runs out. Deliveries are leased, so a killed process's work is picked up after the lease.
/// </summary>
public sealed class WebhookDeliverer(
    WebhookStore store, IntegrationStore integrations, IEnumerable<IIntegrationSink> sinks, CredentialVault vault, IHttpClientFactory http,
    NotificationSignal signal, TimeProvider clock, IOptions<HeraldOptions> options, ILogger<WebhookDeliverer> logger) : BackgroundService
{
    public const string ClientName = "herald-webhooks";
    private const int ResponseChars = 1024;
    private readonly WebhookOptions _o = options.Value.Webhooks;
    private readonly WebhookRetrySchedule _schedule = new(options.Value.Webhooks.RetrySchedule);
    private readonly Dictionary<string, IIntegrationSink> _sinks = sinks.ToDictionary(s => s.Kind, StringComparer.Ordinal);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        WorkerLoop.RunAsync(async ct => await RunOnceAsync(ct).ConfigureAwait(false) > 0,
            ct => signal.WaitAsync(_o.PollInterval, ct), logger, "Delivering webhooks", stoppingToken);

    /// <summary>Attempts one batch of due deliveries; returns how many.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        // One attempt each, all at once: the lease covers the slowest (a sink may make three vendor calls).
        var lease = now + (long)(_o.Timeout.TotalMilliseconds * 4) + 10_000;
        var due = await store.ClaimDueAsync(now, lease, _o.Concurrency, ct).ConfigureAwait(false);
        if (due.Count == 0)
        {
            return 0;
        }
        // Each result is recorded as soon as its attempt ends, so a slow receiver never holds back another's record.
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = _o.Concurrency, CancellationToken = ct },
            async (d, token) => await store.RecordAsync([await AttemptAsync(d, token).ConfigureAwait(false)], lease, token).ConfigureAwait(false))
            .ConfigureAwait(false);
        return due.Count;
    }

    private async Task<WebhookAttemptResult> AttemptAsync(WebhookDeliveryRow d, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        Outcome o;
        try
        {
            o = await OutcomeAsync(d, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // A receiver that breaks off its answer (HttpIOException), a vendor answer that cannot be read…: a failed attempt.
            o = new Outcome(null, "The attempt failed: " + e.Message, null);
        }
        var at = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var duration = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var attempts = d.Attempts + 1;
        if (o.Delivered)
        {
            return new WebhookAttemptResult(d.Id, at, o.StatusCode, null, duration, o.Response, "delivered", attempts, null);
        }
        var wait = o.Final ? null : _schedule.After((int)attempts, Random.Shared.NextDouble());
        return new WebhookAttemptResult(d.Id, at, o.StatusCode, o.Error, duration, o.Response, wait is null ? "failed" : "pending", attempts,
            wait is null ? null : at + (long)wait.Value.TotalMilliseconds);
    }

    private async Task<Outcome> OutcomeAsync(WebhookDeliveryRow d, CancellationToken ct)
    {
        Outcome o;
        if (d.Target.StartsWith("ep_", StringComparison.Ordinal))
        {
            var endpoint = await store.GetEndpointAsync(d.Target, ct).ConfigureAwait(false);
            o = endpoint is null ? new Outcome(null, "The endpoint was deleted.", null, Final: true)
                : endpoint.DisabledAt is not null ? new Outcome(null, "The endpoint is disabled: " + endpoint.DisabledReason, null, Final: true)
                : await PostAsync(endpoint, d, ct).ConfigureAwait(false);
            if (o.StatusCode == 410 && endpoint is not null)
            {
                await store.DisableEndpointAsync(endpoint.Id, "it answered 410 Gone", clock.GetUtcNow().ToUnixTimeMilliseconds(), ct).ConfigureAwait(false);
                logger.LogWarning("Webhook endpoint {Endpoint} answered 410 Gone and is now disabled", endpoint.Id);
            }
        }
        else
        {
            o = await SinkAsync(d, ct).ConfigureAwait(false);
        }
        return o;
    }

    private sealed record Outcome(int? StatusCode, string? Error, string? Response, bool Final = false)
    {
        public bool Delivered => Error is null && StatusCode is >= 200 and < 300;
    }

    private async Task<Outcome> PostAsync(WebhookEndpointRow endpoint, WebhookDeliveryRow d, CancellationToken ct)
    {
        var nowSeconds = clock.GetUtcNow().ToUnixTimeSeconds();
        var body = Encoding.UTF8.GetBytes(d.Payload);
        var secrets = EndpointSecrets.Signing(endpoint, vault, clock.GetUtcNow().ToUnixTimeMilliseconds());
        if (secrets.Count == 0)
        {
            return new Outcome(null, "The endpoint's secret cannot be read with this installation's Herald:Secrets:Key; rotate the secret.", null);
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("webhook-id", d.Id);
        request.Headers.Add("webhook-timestamp", nowSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Header(secrets, d.Id, nowSeconds, body));
        request.Headers.UserAgent.ParseAdd("Herald-Webhooks/1.0");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_o.Timeout);
        try
        {
            using var response = await http.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token)
                .ConfigureAwait(false);
            var text = await ReadSomeAsync(response, timeout.Token).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            return code is >= 200 and < 300
                ? new Outcome(code, null, text)
                : new Outcome(code, $"The endpoint answered HTTP {code}.", text, Final: code == 410);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new Outcome(null, $"No answer within {_o.Timeout.TotalSeconds:0.#} s.", null);
        }
        catch (HttpRequestException e)
        {
            return new Outcome(null, e.InnerException is WebhookTargetRefusedException r ? r.Message : "Could not connect: " + e.Message, null);
        }
        catch (IOException e)
        {
            return new Outcome(null, "The answer broke off: " + e.Message, null);
        }
    }

    private async Task<Outcome> SinkAsync(WebhookDeliveryRow d, CancellationToken ct)
    {
        var integration = await integrations.GetAsync(d.Target, ct).ConfigureAwait(false);
        if (integration is null || !_sinks.TryGetValue(integration.Kind, out var sink))
        {
            return new Outcome(null, "The integration was removed.", null, Final: true);
        }
        SinkResult r;
        try
        {
            r = await sink.DeliverAsync(integration, d.Payload, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            r = SinkResult.Transient(null, e.Message);
        }
        return r.Delivered ? new Outcome(r.StatusCode ?? 200, null, null) : new Outcome(r.StatusCode, r.Error ?? "not delivered", null, Final: !r.Retry);
    }

    private static async Task<string?> ReadSomeAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new char[ResponseChars];
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var n = await reader.ReadBlockAsync(buffer.AsMemory(), ct).ConfigureAwait(false);
            return n == 0 ? null : new string(buffer, 0, n);
        }
    }
}
