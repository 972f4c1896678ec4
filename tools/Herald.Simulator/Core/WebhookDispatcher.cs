using System.Net.Http.Headers;

namespace Herald.Simulator.Core;

/// <summary>One webhook to post: the exact bytes, already signed.</summary>
internal sealed record WebhookJob(
    string Vendor,
    string Kind,
    string? ProviderId,
    string? Status,
    string Url,
    byte[] Body,
    string ContentType,
    IReadOnlyList<KeyValuePair<string, string>> Headers);

/// <summary>Posts webhooks after their delay, with the duplicate knob and retries on failure.</summary>
internal sealed partial class WebhookDispatcher(
    IHttpClientFactory clients,
    SimState state,
    IHostApplicationLifetime lifetime,
    ILogger<WebhookDispatcher> log)
{
    public const string ClientName = "webhooks";
    private int pending;

    /// <summary>Webhooks scheduled or in flight.</summary>
    public int Pending => Volatile.Read(ref pending);

    public void Post(WebhookJob job, TimeSpan delay)
    {
        if (!Uri.TryCreate(job.Url, UriKind.Absolute, out var target) || !target.IsLoopback)
        {
            // Loopback only: the simulator must never be a way to post signed traffic elsewhere.
            state.Count("webhooksRefusedNotLoopback");
            state.RecordWebhook(job.Vendor, job.Kind, job.ProviderId, job.Status, job.Url, null, duplicate: false);
            return;
        }

        var knobs = state.Knobs;
        delay += TimeSpan.FromMilliseconds(state.Random.Next(knobs.WebhookJitterMs + 1));
        Start(job, delay, duplicate: false);
        if (state.Random.Chance(knobs.DuplicateWebhookRate))
        {
            state.Count("duplicateWebhooks");
            Start(job, delay + TimeSpan.FromMilliseconds(1 + state.Random.Next(50)), duplicate: true);
        }
    }

    private void Start(WebhookJob job, TimeSpan delay, bool duplicate)
    {
        Interlocked.Increment(ref pending);
        _ = Task.Run(() => RunAsync(job, delay, duplicate));
    }

    private async Task RunAsync(WebhookJob job, TimeSpan delay, bool duplicate)
    {
        var stopping = lifetime.ApplicationStopping;
        try
        {
            await Task.Delay(delay, state.Clock, stopping);
            var retries = state.Knobs.WebhookRetries;
            for (var attempt = 0; ; attempt++)
            {
                var status = await SendOnceAsync(job, stopping);
                state.RecordWebhook(job.Vendor, job.Kind, job.ProviderId, job.Status, job.Url, status, duplicate);
                if (status is >= 200 and < 300)
                {
                    state.Count("webhooksDelivered");
                    return;
                }

                state.Count("webhookFailures");
                if (attempt >= retries)
                {
                    return;
                }

                var wait = state.Knobs.WebhookRetryDelayMs * Math.Pow(2, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(wait, 600_000)), state.Clock, stopping);
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
        finally
        {
            Interlocked.Decrement(ref pending);
        }
    }

    private async Task<int?> SendOnceAsync(WebhookJob job, CancellationToken stopping)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, job.Url);
            request.Content = new ByteArrayContent(job.Body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(job.ContentType);
            foreach (var (name, value) in job.Headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            using var response = await clients.CreateClient(ClientName).SendAsync(request, stopping);
            return (int)response.StatusCode;
        }
        catch (HttpRequestException e)
        {
            LogFailed(log, job.Kind, job.Url, e.Message);
            return null;
        }
        catch (TaskCanceledException) when (!stopping.IsCancellationRequested)
        {
            LogFailed(log, job.Kind, job.Url, "timed out");
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Kind} to {Url} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string kind, string url, string reason);
}
