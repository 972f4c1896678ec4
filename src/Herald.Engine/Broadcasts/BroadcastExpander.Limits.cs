using System.Data.Common;
using Herald.Domain.Messages;
using Herald.Engine.Senders;
using Herald.Engine.Sending;
using Herald.Storage.Stores;

namespace Herald.Engine.Broadcasts;

public sealed partial class BroadcastExpander
{
    /// <summary>
    /// WhatsApp's messaging limit: a sender may reach only its tier's number of unique users outside the customer-service
    /// window per moving 24 h. Returns how many of the batch fit (in order) and, when the budget ran out, when it grows again.
    /// </summary>
    private async Task<(int Take, DateTimeOffset? WaitUntil)> WithinMessagingLimitAsync(
        DbConnection c, DbTransaction tx, BroadcastPlan plan, IReadOnlyList<Evaluated> evaluated, long nowMs)
    {
        if (plan.Channel != Channel.WhatsApp || plan.Content.Template is null)
        {
            return (evaluated.Count, null);
        }
        var since = nowMs - (long)ReachWindow.TotalMilliseconds;
        var budgets = new Dictionary<string, (long Tier, long Used, HashSet<string> Reached)>(StringComparer.Ordinal);
        foreach (var group in evaluated.Where(Counts).GroupBy(e => e.Sender!.Id, StringComparer.Ordinal))
        {
            var sender = group.First().Sender!;
            if (TierOf(sender.MessagingTier) is not { } tier)
            {
                continue;
            }
            var phones = group.Select(e => e.Command.Phone.E164).ToList();
            var reached = await BroadcastStore.ReachedAsync(c, tx, sender.Id, since, phones).ConfigureAwait(false);
            var used = await BroadcastStore.ReachSinceAsync(c, tx, sender.Id, since).ConfigureAwait(false);
            budgets[sender.Id] = (tier, used, reached);
        }
        for (var i = 0; i < evaluated.Count; i++)
        {
            var e = evaluated[i];
            if (!Counts(e) || !budgets.TryGetValue(e.Sender!.Id, out var budget) || !budget.Reached.Add(e.Command.Phone.E164))
            {
                continue;
            }
            if (budget.Used >= budget.Tier)
            {
                var oldest = await BroadcastStore.OldestReachAsync(c, tx, e.Sender.Id, since).ConfigureAwait(false) ?? nowMs;
                return (i, DateTimeOffset.FromUnixTimeMilliseconds(oldest) + ReachWindow);
            }
            budgets[e.Sender.Id] = budget with { Used = budget.Used + 1 };
        }
        return (evaluated.Count, null);
    }

    private static async Task RecordReachAsync(
        DbConnection c, DbTransaction tx, BroadcastPlan plan, IReadOnlyList<NewMessage> created, IReadOnlyList<Evaluated> evaluated, long nowMs)
    {
        if (plan.Channel != Channel.WhatsApp || plan.Content.Template is null || created.Count == 0)
        {
            return;
        }
        var sent = created.Select(x => (x.Message.SenderId, x.Message.Phone)).ToHashSet();
        var counted = evaluated.Where(e => Counts(e) && TierOf(e.Sender!.MessagingTier) is not null && sent.Contains((e.Sender.Id, e.Command.Phone.E164)));
        foreach (var group in counted.GroupBy(e => e.Sender!.Id, StringComparer.Ordinal))
        {
            var phones = group.Select(e => e.Command.Phone.E164).Distinct(StringComparer.Ordinal).ToList();
            await BroadcastStore.AddReachAsync(c, tx, group.Key, phones, nowMs).ConfigureAwait(false);
        }
    }

    /// <summary>Only business-initiated sends count: allowed, and outside an open customer-service window.</summary>
    private static bool Counts(Evaluated e) => e.Decision.Allowed && e.Sender is not null && e.Decision.Window is not { IsOpen: true };

    private static long? TierOf(string? tier) =>
        tier is null ? null : SenderProfiles.MessagingTiers.TryGetValue(tier, out var n) ? n : null;
}
