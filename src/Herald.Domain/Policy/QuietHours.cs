namespace Herald.Domain.Policy;

/// <summary>
/// A local-time window (e.g. 21:00–08:00) during which marketing messages wait. Start is inclusive, End exclusive;
/// a window may cross midnight; Start equal to End means no quiet hours.
/// </summary>
/// <param name="Start">Local time the quiet window begins.</param>
/// <param name="End">Local time the quiet window ends.</param>
public sealed record QuietHours(TimeOnly Start, TimeOnly End)
{
    /// <summary>Null when <paramref name="at"/> is outside the window in <paramref name="zone"/>; else the instant it ends.</summary>
    public DateTimeOffset? DeferUntil(DateTimeOffset at, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (Start == End)
        {
            return null;
        }

        DateTime local = TimeZoneInfo.ConvertTime(at, zone).DateTime;
        var time = TimeOnly.FromDateTime(local);
        bool crossesMidnight = Start > End;
        bool quiet = crossesMidnight ? time >= Start || time < End : time >= Start && time < End;
        if (!quiet)
        {
            return null;
        }

        DateOnly endDate = DateOnly.FromDateTime(local).AddDays(crossesMidnight && time >= Start ? 1 : 0);
        return FirstInstantAt(endDate.ToDateTime(End), zone, at);
    }

    // Turns a local clock time into an instant after 'after', minding DST gaps and repeated hours.
    private static DateTimeOffset FirstInstantAt(DateTime local, TimeZoneInfo zone, DateTimeOffset after)
    {
        // In a spring-forward gap the clock never shows End; the window ends when the clock jumps past it.
        for (int guard = 0; zone.IsInvalidTime(local) && guard < 24 * 60; guard++)
        {
            local = local.AddMinutes(1);
        }

        if (zone.IsAmbiguousTime(local))
        {
            // In a fall-back hour the clock shows End twice; the first occurrence still after 'at' ends the window.
            foreach (TimeSpan offset in zone.GetAmbiguousTimeOffsets(local).OrderDescending())
            {
                var candidate = new DateTimeOffset(local, offset);
                if (candidate > after)
                {
                    return candidate;
                }
            }
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
