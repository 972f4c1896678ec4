using System.Collections.Concurrent;

namespace Herald.Engine.Broadcasts;

/// <summary>
/// Which broadcasts must not send right now (paused or cancelled). Workers ask it just before handing a broadcast's
/// message to a provider, so a pause stops new sends within a refresh even for messages already claimed; this process's
/// own pauses count at once, other processes' within the runner's refresh interval.
/// </summary>
public sealed class BroadcastGate
{
    private volatile IReadOnlyDictionary<string, string> _stopped = new Dictionary<string, string>(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string State, long Version)> _local = new(StringComparer.Ordinal);
    private long _version;

    /// <summary>"paused", "cancelled" or "failed" when the broadcast's messages must not go out; null to send.</summary>
    public string? Stopped(string? broadcastId)
    {
        if (broadcastId is null)
        {
            return null;
        }
        if (_local.TryGetValue(broadcastId, out var local))
        {
            return local.State is "paused" or "cancelled" or "failed" ? local.State : null;
        }
        return _stopped.GetValueOrDefault(broadcastId);
    }

    /// <summary>A state change made by this process, effective at once.</summary>
    public void Set(string broadcastId, string state) => _local[broadcastId] = (state, Interlocked.Increment(ref _version));

    /// <summary>Call before reading the database; pass the result to <see cref="Refresh"/>.</summary>
    public long BeginRefresh() => Interlocked.Read(ref _version);

    /// <summary>Replaces the view with the database's (every process's changes); local changes the read already saw are dropped.</summary>
    public void Refresh(IEnumerable<(string Id, string State)> stopped, long version)
    {
        _stopped = stopped.ToDictionary(s => s.Id, s => s.State, StringComparer.Ordinal);
        foreach (var (id, local) in _local)
        {
            if (local.Version <= version)
            {
                _local.TryRemove(new KeyValuePair<string, (string, long)>(id, local));
            }
        }
    }
}
