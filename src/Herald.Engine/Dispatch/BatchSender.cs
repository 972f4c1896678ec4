using System.Security.Cryptography;
using Herald.Domain.Messages;
using Herald.Domain.Policy;
using Herald.Engine.Broadcasts;
using Herald.Engine.Sending;
using Herald.Engine.Templates;
using Herald.Providers.Contracts;
using Herald.Storage.Rows;
using Herald.Storage.Stores;

namespace Herald.Engine.Dispatch;

/// <summary>Turns one claimed batch into outcomes: expires what is too old, flags what is in doubt, sends the rest per sender.</summary>
public sealed class BatchSender(
    SenderDirectory senders, ProviderRegistry providers, SenderRateLimits limits, TemplateSyncQueue templateSync, BroadcastGate gate,
    QueueStore queue, TimeProvider clock)
{
    public async Task<IReadOnlyList<DispatchOutcome>> ProcessAsync(IReadOnlyList<ClaimedMessage> claimed, string owner, CancellationToken ct)
    {
        var outcomes = new List<DispatchOutcome>(claimed.Count);
        var groups = new Dictionary<string, (SenderRow Sender, IMessageSender Provider, List<MessageRow> Messages)>(StringComparer.Ordinal);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var (m, recovered) in claimed)
        {
            if (m.ExpiresAt is { } exp && exp <= now)
            {
                outcomes.Add(Outcomes.Expired(m, now));
                continue;
            }
            var sender = await senders.ByIdAsync(m.SenderId, ct).ConfigureAwait(false);
            var provider = sender is null ? null : providers.Find(sender.Provider);
            if (sender is null || provider is null)
            {
                outcomes.Add(Outcomes.Failed(m, now, ErrorClass.Permanent, "sender_unavailable",
                    $"Sender '{m.SenderId}' or its provider adapter is no longer configured."));
                continue;
            }
            if (recovered && !provider.ResendIsSafe)
            {
                outcomes.Add(Outcomes.InDoubt(m, now));
                continue;
            }
            if (Stop(m, now) is { } stopped)
            {
                outcomes.Add(stopped);
                continue;
            }
            if (!groups.TryGetValue(sender.Id, out var g))
            {
                groups[sender.Id] = g = (sender, provider, []);
            }
            g.Messages.Add(m);
        }
        var sent = await Task.WhenAll(groups.Values.Select(g => SendGroupAsync(g.Sender, g.Provider, g.Messages, owner, ct))).ConfigureAwait(false);
        foreach (var list in sent)
        {
            outcomes.AddRange(list);
        }
        return outcomes;
    }

    /// <summary>Sends one sender's messages as fast as its rate allows, in chunks of whatever the window holds at once.</summary>
    private async Task<List<DispatchOutcome>> SendGroupAsync(
        SenderRow sender, IMessageSender provider, List<MessageRow> messages, string owner, CancellationToken ct)
    {
        var perSegment = sender.PerSegment == 1;
        var account = SenderDirectory.ToAccount(sender);
        var outcomes = new List<DispatchOutcome>(messages.Count);
        var chunk = new List<MessageRow>();
        foreach (var m in messages)
        {
            var permits = perSegment ? (int)Math.Max(1, m.Segments ?? 1) : 1;
            if (!limits.TryAcquire(sender, permits))
            {
                if (chunk.Count > 0)
                {
                    outcomes.AddRange(await SendChunkAsync(sender, provider, account, chunk, owner, ct).ConfigureAwait(false));
                    chunk.Clear();
                }
                await limits.AcquireAsync(sender, permits, ct).ConfigureAwait(false);
            }
            // Checked again right before sending: a broadcast paused while this batch waited for its rate stops here.
            if (Stop(m, clock.GetUtcNow().ToUnixTimeMilliseconds()) is { } stopped)
            {
                outcomes.Add(stopped);
                continue;
            }
            chunk.Add(m);
        }
        if (chunk.Count > 0)
        {
            outcomes.AddRange(await SendChunkAsync(sender, provider, account, chunk, owner, ct).ConfigureAwait(false));
        }
        return outcomes;
    }

    private async Task<IEnumerable<DispatchOutcome>> SendChunkAsync(
        SenderRow sender, IMessageSender provider, SenderAccount account, List<MessageRow> chunk, string owner, CancellationToken ct)
    {
        var batch = chunk.Select(m => ToOutbound(m, account)).ToList();
        // From here a crash leaves these in doubt; before it, whoever claims them next simply sends them.
        await queue.MarkStartedAsync(owner, chunk.Select(m => m.Id).ToList(), ct).ConfigureAwait(false);
        IReadOnlyList<SendResult> results;
        try
        {
            results = await provider.SendAsync(batch, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // An adapter that throws cannot say whether the provider took the message: only a provider that
            // deduplicates by message id is asked again; any other is flagged in doubt, never resent blindly.
            var failed = provider.ResendIsSafe
                ? SendResult.Retry("adapter_error", ex.Message)
                : new SendResult(SendDisposition.Unknown, ErrorMessage: ex.Message);
            var at = clock.GetUtcNow();
            return chunk.Select(m => Outcomes.From(m, failed, at, RandomNumberGenerator.GetInt32(1_000_000) / 1_000_000.0));
        }
        var now = clock.GetUtcNow();
        // "Too fast" (HTTP 429, Meta 130429): the whole sender waits out Retry-After and slows down, not just this message.
        var slow = results.Where(r => (r.Action & ProviderErrorAction.SlowSender) != 0).Select(r => r.RetryAfter ?? TimeSpan.FromSeconds(1)).ToList();
        if (slow.Count > 0)
        {
            limits.Slow(sender.Id, slow.Max());
        }
        if (results.Any(r => (r.Action & ProviderErrorAction.SyncTemplate) != 0))
        {
            templateSync.Request(sender.Id); // the provider's view of a template differs from ours: read it back
        }
        return chunk.Select((m, i) =>
        {
            var outcome = Outcomes.From(m, results[i], now, RandomNumberGenerator.GetInt32(1_000_000) / 1_000_000.0);
            return (results[i].Action & ProviderErrorAction.RecordOptOut) != 0
                ? outcome with
                {
                    OptOut = new ConsentRow
                    {
                        WorkspaceId = m.WorkspaceId, Phone = m.Phone, Channel = m.Channel, OptedOut = 1, ChangedAt = now.ToUnixTimeMilliseconds(),
                        Source = $"provider:{provider.Provider}:{results[i].ErrorCode}",
                    },
                }
                : outcome;
        });
    }

    private DispatchOutcome? Stop(MessageRow m, long now) => gate.Stopped(m.BroadcastId) switch
    {
        null => null,
        "paused" => Outcomes.Held(m, now),
        _ => Outcomes.Cancelled(m, now),
    };

    private static OutboundMessage ToOutbound(MessageRow m, SenderAccount account) => new(
        m.Id, account, m.Phone, m.Kind == "template" ? ContentKind.Template : ContentKind.Text, m.Body, m.TemplateName,
        m.TemplateLanguage, m.Kind == "template" ? TemplateCodec.DeserializeParameters(m.Parameters) : null,
        (int)(m.Segments ?? 1), (int)m.Attempts + 1,
        m.ExpiresAt is { } e ? DateTimeOffset.FromUnixTimeMilliseconds(e) : null);
}
