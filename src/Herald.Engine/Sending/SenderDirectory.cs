using Herald.Domain;
using Herald.Domain.Messages;
using Herald.Providers.Contracts;
using Herald.Storage.Rows;
using Herald.Storage.Stores;

namespace Herald.Engine.Sending;

/// <summary>Senders of every workspace, cached briefly: they change rarely and every send needs one.</summary>
public sealed class SenderDirectory(WorkspaceStore store, TimeProvider clock)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Snapshot? _snapshot;

    private sealed record Snapshot(DateTimeOffset LoadedAt, IReadOnlyDictionary<string, SenderRow> ById);

    public void Invalidate() => _snapshot = null;

    public async Task<SenderRow?> ByIdAsync(string senderId, CancellationToken ct = default)
    {
        var s = await SnapshotAsync(ct).ConfigureAwait(false);
        return s.ById.GetValueOrDefault(senderId);
    }

    /// <summary>The sender a send goes through: the one named (in this workspace, on this channel) or the channel's default.</summary>
    public async Task<(SenderRow? Sender, Reason? Problem)> ResolveAsync(
        string workspaceId, Channel channel, string? senderId, CancellationToken ct = default)
    {
        var s = await SnapshotAsync(ct).ConfigureAwait(false);
        var wire = Wire.Name(channel);
        if (senderId is not null)
        {
            if (!s.ById.TryGetValue(senderId, out var named) || named.WorkspaceId != workspaceId)
            {
                return (null, new Reason("sender_not_found",
                    $"Sender '{senderId}' does not exist in this workspace; list your senders with GET /v1/senders.", "sender"));
            }
            return named.Channel == wire
                ? (named, null)
                : (null, new Reason("sender_channel_mismatch",
                    $"Sender '{senderId}' sends on {named.Channel}, not {wire}; pick a {wire} sender or change the channel.", "sender"));
        }
        var candidates = s.ById.Values.Where(x => x.WorkspaceId == workspaceId && x.Channel == wire).ToList();
        var chosen = candidates.FirstOrDefault(x => x.IsDefault == 1) ?? candidates.OrderBy(x => x.Id, StringComparer.Ordinal).FirstOrDefault();
        return chosen is not null
            ? (chosen, null)
            : (null, new Reason("no_sender_for_channel",
                $"This workspace has no {wire} sender; add one with POST /v1/senders or name one in 'sender'.", "sender"));
    }

    public static SenderAccount ToAccount(SenderRow s) =>
        new(s.Id, s.WorkspaceId, Wire.TryParseChannel(s.Channel, out var ch) ? ch : Channel.Sms, s.Provider, s.Address, s.Config);

    private async Task<Snapshot> SnapshotAsync(CancellationToken ct)
    {
        var s = _snapshot;
        if (s is not null && clock.GetUtcNow() - s.LoadedAt < Ttl)
        {
            return s;
        }
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            s = _snapshot;
            if (s is not null && clock.GetUtcNow() - s.LoadedAt < Ttl)
            {
                return s;
            }
            var rows = await store.AllSendersAsync(ct).ConfigureAwait(false);
            s = new Snapshot(clock.GetUtcNow(), rows.ToDictionary(r => r.Id, StringComparer.Ordinal));
            _snapshot = s;
            return s;
        }
        finally
        {
            _gate.Release();
        }
    }
}
