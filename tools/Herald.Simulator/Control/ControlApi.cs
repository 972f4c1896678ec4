using Herald.Simulator.Core;

namespace Herald.Simulator.Control;

/// <summary>The simulator's own JSON API under /_sim: records, knobs, customers writing, template reviews.</summary>
internal static class ControlApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var sim = app.MapGroup("/_sim");
        sim.MapGet("/sends", ListSends);
        sim.MapDelete("/sends", Clear);
        sim.MapGet("/webhooks", (SimState state) => Results.Json(state.Webhooks));
        sim.MapGet("/config", (SimState state) => Results.Json(state.Knobs));
        sim.MapPut("/config", PutConfig);
        sim.MapGet("/stats", Stats);
        sim.MapPost("/inbound", ControlActions.Inbound);
        sim.MapPost("/templates/{name}/status", ControlActions.TemplateStatus);
    }

    /// <summary>
    /// All sends in order, or a page of them: <c>after</c> (a sequence number) and <c>limit</c> walk the records by
    /// sequence without sorting them all, so a client can read a million records in pages.
    /// </summary>
    private static IResult ListSends(SimState state, string? vendor = null, string? to = null, long? after = null, int? limit = null)
    {
        bool Match(SendRecord s) => (vendor is null || s.Vendor == vendor) && (to is null || s.To == to);
        var sends = after is null && limit is null
            ? state.UnorderedSends.Where(Match).OrderBy(s => s.Seq).ToList()
            : state.SendsAfter(after ?? 0, Math.Clamp(limit ?? 1_000, 1, 100_000), Match).ToList();
        return Results.Json(new
        {
            count = sends.Count,
            lastSeq = state.LastSeq,
            duplicateKeys = sends.Where(s => s.Attempt > 1).Select(s => s.IdempotencyKey).Distinct(StringComparer.Ordinal).Count(),
            sends,
        });
    }

    private static IResult Clear(SimState state, Twilio.TwilioLedger twilio)
    {
        state.Clear();
        twilio.Clear();
        return Results.NoContent();
    }

    private static IResult PutConfig(Knobs? knobs, SimState state)
    {
        if (knobs is null)
        {
            return Results.Problem("A JSON body with the knobs is required.", statusCode: 400);
        }

        var errors = knobs.Validate();
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["knobs"] = [.. errors] });
        }

        state.SetKnobs(knobs);
        return Results.Json(state.Knobs);
    }

    private static IResult Stats(SimState state, WebhookDispatcher dispatcher)
    {
        var numbers = state.Windows.Select(w =>
        {
            var seconds = w.Window.Snapshot();
            return new
            {
                number = w.Key,
                total = seconds.Sum(s => s.Value),
                maxPerSecond = seconds.Count == 0 ? 0 : seconds.Max(s => s.Value),
                lastSeconds = seconds.TakeLast(60).Select(s => new { second = s.Key, count = s.Value }),
            };
        }).OrderBy(n => n.number, StringComparer.Ordinal).ToList();
        return Results.Json(new
        {
            maxObservedRate = numbers.Count == 0 ? 0 : numbers.Max(n => n.maxPerSecond),
            perNumberLimit = state.Knobs.PerNumberLimit,
            pendingWebhooks = dispatcher.Pending,
            counters = state.Counters,
            numbers,
        });
    }
}
