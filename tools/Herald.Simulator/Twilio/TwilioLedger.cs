using System.Collections.Concurrent;
using Herald.Simulator.Core;

namespace Herald.Simulator.Twilio;

/// <summary>Accepted Twilio messages and their status plans, so a client can fetch a message after a timeout.</summary>
internal sealed class TwilioLedger(SimState state)
{
    private readonly ConcurrentDictionary<string, Entry> messages = new(StringComparer.Ordinal);

    public void Add(TwilioSend send, IReadOnlyList<(string Status, TimeSpan Delay)> plan) =>
        messages[send.Sid] = new Entry(send, state.Clock.GetUtcNow(), plan);

    /// <summary>The message and its status now: the furthest planned status already due, else the initial one.</summary>
    public (TwilioSend Send, DateTimeOffset At, string Status)? Find(string sid)
    {
        if (!messages.TryGetValue(sid, out var entry))
        {
            return null;
        }

        var now = state.Clock.GetUtcNow();
        var status = entry.Send.From is null ? "accepted" : "queued";
        foreach (var (planned, delay) in entry.Plan)
        {
            if (entry.At + delay <= now)
            {
                status = planned;
            }
        }

        return (entry.Send, entry.At, status);
    }

    public void Clear() => messages.Clear();

    private sealed record Entry(TwilioSend Send, DateTimeOffset At, IReadOnlyList<(string Status, TimeSpan Delay)> Plan);
}
