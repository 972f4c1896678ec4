namespace Herald.Domain.Broadcasts;

/// <summary>draft → scheduled → running ⇄ paused → completed / cancelled / failed.</summary>
public enum BroadcastState
{
    Draft,
    Scheduled,
    Running,
    Paused,
    Completed,
    Cancelled,
    Failed,
}

/// <summary>The broadcast state names as stored and shown.</summary>
public static class BroadcastStates
{
    public static string Name(BroadcastState s) => s.ToString().ToLowerInvariant();

    /// <summary>True once nothing more will be sent.</summary>
    public static bool IsFinal(string state) => state is "completed" or "cancelled" or "failed";
}
