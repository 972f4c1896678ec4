using Herald.Domain;
using Herald.Storage.Infrastructure;
using Herald.Storage.Stores;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Herald.Engine.Broadcasts;

/// <summary>
/// Watches running broadcasts: a template that is not APPROVED on every sender of the pool pauses the broadcast (and its
/// approval resumes it); an error rate above the broadcast's threshold pauses it for a person to look.
/// </summary>
public sealed partial class BroadcastMonitor(
    Database db, BroadcastStore store, BroadcastGate gate, TimeProvider clock, IOptions<HeraldOptions> options,
    ILogger<BroadcastMonitor> logger)
{
    private static readonly TimeSpan ErrorCheckInterval = TimeSpan.FromSeconds(2);
    private readonly BroadcastOptions _o = options.Value.Broadcasts;
    private readonly Dictionary<string, DateTimeOffset> _errorCheckedAt = new(StringComparer.Ordinal);

    /// <summary>Why the broadcast's template cannot be sent on some sender of its pool right now; null when it can.</summary>
    public async Task<string?> TemplateProblemAsync(BroadcastPlan plan, CancellationToken ct)
    {
        if (plan.Content.Template is not { } t)
        {
            return null;
        }
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = (await TemplateStore.ByNamesAsync(c, null, plan.Row.WorkspaceId, [t.Name]).ConfigureAwait(false))
            .Where(r => t.Language is null || TemplateStore.SameLanguage(r.Language, t.Language))
            .ToList();
        if (rows.Count != 1)
        {
            return null; // gone or ambiguous: expansion refuses it with the precise reason
        }
        var statuses = (await TemplateStore.StatusesAsync(c, null, [rows[0].Id]).ConfigureAwait(false))
            .ToDictionary(s => s.SenderId, StringComparer.Ordinal);
        foreach (var senderId in plan.SenderIds)
        {
            var status = statuses.GetValueOrDefault(senderId)?.Status ?? "NOT SUBMITTED";
            if (!string.Equals(status, "APPROVED", StringComparison.OrdinalIgnoreCase))
            {
                return $"Template '{t.Name}' ({rows[0].Language}) is {status.ToUpperInvariant()} on sender {senderId}; the broadcast resumes by itself when it is APPROVED again.";
            }
        }
        return null;
    }

    /// <summary>Pauses a running broadcast whose template stopped being sendable or whose error rate is too high.</summary>
    public async Task<bool> PausedForHealthAsync(BroadcastPlan plan, CancellationToken ct)
    {
        if (await TemplateProblemAsync(plan, ct).ConfigureAwait(false) is { } problem)
        {
            await PauseAsync(plan, "template", problem, ct).ConfigureAwait(false);
            return true;
        }
        var b = plan.Row;
        var now = clock.GetUtcNow();
        if (b.ErrorThreshold >= 1 || (_errorCheckedAt.TryGetValue(b.Id, out var at) && now - at < ErrorCheckInterval))
        {
            return false;
        }
        _errorCheckedAt[b.Id] = now;
        var (done, failed) = await store.OutcomeCountsAsync(b.Id, ct).ConfigureAwait(false);
        var d = done - b.BaselineDone;
        var f = failed - b.BaselineFailed;
        if (d < _o.ErrorMinSample || (double)f / d <= b.ErrorThreshold)
        {
            return false;
        }
        await PauseAsync(plan, "error_rate",
            $"{f} of the {d} messages finished since it started or last resumed failed ({100.0 * f / d:0.#} %, above its threshold of {100 * b.ErrorThreshold:0.#} %); look at the failures, then resume or cancel it.",
            ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>Resumes a broadcast this monitor paused for its template once the template is APPROVED on every sender again.</summary>
    public async Task ResumeIfTemplateApprovedAsync(BroadcastPlan plan, CancellationToken ct)
    {
        if (plan.Row.PausedBy != "template" || await TemplateProblemAsync(plan, ct).ConfigureAwait(false) is not null)
        {
            return;
        }
        var (done, failed) = await store.OutcomeCountsAsync(plan.Row.Id, ct).ConfigureAwait(false);
        if (await store.ResumeAsync(plan.Row.Id, "template", done, failed, clock.GetUtcNow().ToUnixTimeMilliseconds(), ct).ConfigureAwait(false))
        {
            gate.Set(plan.Row.Id, "running");
            LogResumed(logger, plan.Row.Id);
        }
    }

    /// <summary>A refusal about the broadcast itself: an unapproved template pauses it (until approval), anything else fails it.</summary>
    public async Task BlockedAsync(BroadcastPlan plan, Reason reason, CancellationToken ct)
    {
        if (reason.Code == "template_not_approved")
        {
            await PauseAsync(plan, "template", reason.Message, ct).ConfigureAwait(false);
            return;
        }
        await store.FailAsync(plan.Row.Id, $"{reason.Code}: {reason.Message}", clock.GetUtcNow().ToUnixTimeMilliseconds(), ct).ConfigureAwait(false);
        gate.Set(plan.Row.Id, "failed");
        LogFailed(logger, plan.Row.Id, reason.Code);
    }

    private async Task PauseAsync(BroadcastPlan plan, string by, string reason, CancellationToken ct)
    {
        if (await store.PauseAsync(plan.Row.Id, by, reason, clock.GetUtcNow().ToUnixTimeMilliseconds(), ct).ConfigureAwait(false))
        {
            gate.Set(plan.Row.Id, "paused");
            LogPaused(logger, plan.Row.Id, by, reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Broadcast {BroadcastId} paused by {PausedBy}: {Reason}")]
    private static partial void LogPaused(ILogger logger, string broadcastId, string pausedBy, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Broadcast {BroadcastId} resumed: its template is approved again")]
    private static partial void LogResumed(ILogger logger, string broadcastId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Broadcast {BroadcastId} failed: {Code}")]
    private static partial void LogFailed(ILogger logger, string broadcastId, string code);
}
