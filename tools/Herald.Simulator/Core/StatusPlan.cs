namespace Herald.Simulator.Core;

/// <summary>When each status webhook of one message goes out, after the knobs' delays and reordering.</summary>
internal static class StatusPlan
{
    /// <summary>Statuses in their natural order, each paired with its delay from acceptance.</summary>
    public static IReadOnlyList<(string Status, TimeSpan Delay)> For(SimState state, IReadOnlyList<string> statuses, int firstStep = 0)
    {
        var knobs = state.Knobs;
        int[] steps = [knobs.SentDelayMs, knobs.DeliveredDelayMs, knobs.ReadDelayMs];
        var offsets = new List<int>();
        var total = 0;
        for (var i = 0; i < statuses.Count; i++)
        {
            total += steps[Math.Min(i + firstStep, steps.Length - 1)];
            offsets.Add(total);
        }

        if (statuses.Count > 1 && state.Random.Chance(knobs.ReorderWebhookRate))
        {
            // The last status goes out first: a reordering no client may assume away.
            offsets.Reverse();
            state.Count("reorderedMessages");
        }

        return [.. statuses.Select((s, i) => (s, TimeSpan.FromMilliseconds(offsets[i])))];
    }

    /// <summary>Whether this message ends failed (a designated number or the failure rate).</summary>
    public static bool Fails(SimState state, string to)
    {
        var bare = to.Replace("whatsapp:", "", StringComparison.Ordinal).TrimStart('+');
        return state.Knobs.FailNumbers.Any(n => n.TrimStart('+') == bare) || state.Random.Chance(state.Knobs.DeliveryFailureRate);
    }
}
