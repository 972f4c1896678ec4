using Microsoft.Extensions.Logging;

namespace Herald.Engine.Notifications;

/// <summary>The loop of the notification workers: work while there is work, rest when there is none, and never stop the host.</summary>
internal static class WorkerLoop
{
    /// <param name="once">One round; true when it found a full round of work (so the next starts at once).</param>
    /// <param name="rest">What to wait for before the next round when the last was not full.</param>
    /// <param name="logger">Where a failed round is reported.</param>
    /// <param name="what">The round's name in that report.</param>
    /// <param name="ct">Stops the loop.</param>
    public static async Task RunAsync(Func<CancellationToken, Task<bool>> once, Func<CancellationToken, Task> rest, ILogger logger, string what, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            bool busy;
            try
            {
                busy = await once(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                // A database hiccup or one bad row must not stop the host: what was taken is rolled back or its lease runs out.
                logger.LogWarning(e, "{What} failed; trying again", what);
                busy = false;
            }
            if (!busy)
            {
                await rest(ct).ConfigureAwait(false);
            }
        }
    }
}
