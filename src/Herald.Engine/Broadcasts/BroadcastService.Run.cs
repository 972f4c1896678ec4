using Herald.Domain;
using Herald.Storage.Rows;

namespace Herald.Engine.Broadcasts;

/// <summary>Where a broadcast stands: audience rows and messages per status, the hand-over rate so far and the time left.</summary>
public sealed record Progress(IReadOnlyDictionary<string, long> Counts, long Total, long Handed, double RatePerSecond, DateTimeOffset? Eta);

public sealed partial class BroadcastService
{
    /// <summary>draft → running (or scheduled when <paramref name="sendAt"/> or the draft's send_at is ahead).</summary>
    public async Task<(BroadcastRow? Broadcast, Reason? Error)> StartAsync(BroadcastRow b, DateTimeOffset? sendAt, CancellationToken ct)
    {
        if (b.State != "draft")
        {
            return (null, new Reason("broadcast_not_draft", $"Broadcast {b.Id} is already {b.State}; it can be started once."));
        }
        if (b.Audience is null)
        {
            return (null, new Reason("audience_missing",
                "The broadcast has no audience: upload a CSV with PUT /v1/broadcasts/{id}/audience or give 'audience.contacts'.", "audience"));
        }
        var counts = await store.RecipientCountsAsync(b.Id, ct).ConfigureAwait(false);
        if (counts.GetValueOrDefault("pending") == 0)
        {
            return (null, new Reason("audience_empty", "No row of the audience has a valid, new phone number; check the preview's counts.", "audience"));
        }
        if (await monitor.TemplateProblemAsync(new BroadcastPlan(b), ct).ConfigureAwait(false) is { } problem)
        {
            return (null, new Reason("template_not_approved", problem, "content.template"));
        }
        var now = clock.GetUtcNow();
        if (sendAt is { } s && s > now + TimeSpan.FromDays(35))
        {
            return (null, new Reason("send_at_too_far", "'send_at' may be at most 35 days ahead.", "send_at"));
        }
        var at = sendAt?.ToUnixTimeMilliseconds() ?? b.SendAt;
        var state = at is { } t && t > now.ToUnixTimeMilliseconds() ? "scheduled" : "running";
        if (!await store.StartAsync(b.Id, state, at, now.ToUnixTimeMilliseconds(), ct).ConfigureAwait(false))
        {
            return (null, new Reason("broadcast_not_draft", $"Broadcast {b.Id} was started by another request."));
        }
        gate.Set(b.Id, "running");
        return (await store.GetAsync(b.WorkspaceId, b.Id, ct).ConfigureAwait(false), null);
    }

    public async Task<(BroadcastRow? Broadcast, Reason? Error)> PauseAsync(BroadcastRow b, CancellationToken ct)
    {
        // The gate first: a worker about to send this broadcast's next message sees the pause before the database does.
        gate.Set(b.Id, "paused");
        if (!await store.PauseAsync(b.Id, "user", "Paused by a user.", clock.GetUtcNow().ToUnixTimeMilliseconds(), ct).ConfigureAwait(false))
        {
            var now = await store.GetAsync(b.WorkspaceId, b.Id, ct).ConfigureAwait(false);
            gate.Set(b.Id, now?.State ?? b.State);
            return now?.State == "paused"
                ? (now, null)
                : (null, new Reason("broadcast_not_running", $"Broadcast {b.Id} is {now?.State ?? b.State}; only a running or scheduled broadcast can be paused."));
        }
        return (await store.GetAsync(b.WorkspaceId, b.Id, ct).ConfigureAwait(false), null);
    }

    public async Task<(BroadcastRow? Broadcast, Reason? Error)> ResumeAsync(BroadcastRow b, CancellationToken ct)
    {
        if (b.State != "paused")
        {
            return (null, new Reason("broadcast_not_paused", $"Broadcast {b.Id} is {b.State}; only a paused broadcast can be resumed."));
        }
        if (await monitor.TemplateProblemAsync(new BroadcastPlan(b), ct).ConfigureAwait(false) is { } problem)
        {
            return (null, new Reason("template_not_approved", problem, "content.template"));
        }
        var (done, failed) = await store.OutcomeCountsAsync(b.Id, ct).ConfigureAwait(false);
        if (!await store.ResumeAsync(b.Id, null, done, failed, clock.GetUtcNow().ToUnixTimeMilliseconds(), ct).ConfigureAwait(false))
        {
            return (null, new Reason("broadcast_not_paused", $"Broadcast {b.Id} is no longer paused."));
        }
        gate.Set(b.Id, "running");
        return (await store.GetAsync(b.WorkspaceId, b.Id, ct).ConfigureAwait(false), null);
    }

    /// <summary>Cancels what has not been handed over; messages already with a provider keep their course.</summary>
    public async Task<(BroadcastRow? Broadcast, Reason? Error)> CancelAsync(BroadcastRow b, CancellationToken ct)
    {
        gate.Set(b.Id, "cancelled");
        if (await store.CancelAsync(b.Id, "cancelled", clock.GetUtcNow().ToUnixTimeMilliseconds(), ct).ConfigureAwait(false) is null)
        {
            var now = await store.GetAsync(b.WorkspaceId, b.Id, ct).ConfigureAwait(false);
            gate.Set(b.Id, now?.State ?? b.State);
            return (null, new Reason("broadcast_finished", $"Broadcast {b.Id} is {now?.State ?? b.State}; there is nothing left to cancel."));
        }
        return (await store.GetAsync(b.WorkspaceId, b.Id, ct).ConfigureAwait(false), null);
    }

    /// <summary>Sends again to the recipients whose message failed for a transient reason or expired; others are final.</summary>
    public async Task<(long Retried, Reason? Error)> RetryAsync(BroadcastRow b, CancellationToken ct)
    {
        if (b.State is not ("running" or "paused" or "completed"))
        {
            return (0, new Reason("broadcast_not_retryable", $"Broadcast {b.Id} is {b.State}; only a started broadcast that was not cancelled can retry its failures."));
        }
        var n = await store.RetryFailedAsync(b.Id, clock.GetUtcNow().ToUnixTimeMilliseconds(), ct).ConfigureAwait(false);
        if (n > 0)
        {
            gate.Set(b.Id, b.State == "paused" ? "paused" : "running");
        }
        return (n, null);
    }

    public async Task<Progress> ProgressAsync(BroadcastRow b, CancellationToken ct)
    {
        var recipients = await store.RecipientCountsAsync(b.Id, ct).ConfigureAwait(false);
        var messages = await store.MessageCountsAsync(b.Id, ct).ConfigureAwait(false);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            ["pending"] = recipients.GetValueOrDefault("pending"),
            ["invalid"] = recipients.GetValueOrDefault("invalid"),
            ["duplicate"] = recipients.GetValueOrDefault("duplicate"),
            ["skipped"] = recipients.GetValueOrDefault("skipped"),
        };
        foreach (var s in new[] { "queued", "scheduled", "deferred", "sending", "sent", "delivered", "read", "failed", "expired", "cancelled" })
        {
            counts[s] = messages.GetValueOrDefault(s);
        }
        counts["cancelled"] += recipients.GetValueOrDefault("cancelled");
        var total = recipients.Values.Sum();
        var waiting = counts["pending"] + counts["queued"] + counts["scheduled"] + counts["deferred"];
        var handed = messages.Values.Sum() - counts["queued"] - counts["scheduled"] - counts["deferred"] - messages.GetValueOrDefault("cancelled")
            - messages.GetValueOrDefault("accepted");
        var now = clock.GetUtcNow();
        var end = b.CompletedAt is { } c ? DateTimeOffset.FromUnixTimeMilliseconds(c) : now;
        var elapsed = b.StartedAt is { } s0 ? (end - DateTimeOffset.FromUnixTimeMilliseconds(s0)).TotalSeconds : 0;
        var rate = elapsed > 0 ? handed / elapsed : 0;
        DateTimeOffset? eta = b.State == "running" && rate > 0 ? now + TimeSpan.FromSeconds(waiting / rate) : null;
        return new Progress(counts, total, handed, Math.Round(rate, 1), eta);
    }
}
