using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Herald.Domain;
using Herald.Storage.Infrastructure;
using Herald.Storage.Rows;
using Herald.Storage.Stores;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Herald.Engine.Notifications;

/// <summary>
/// Turns captured changes (the event outbox the database triggers fill) into deliveries: one per subscribed endpoint
/// of the workspace, and one per integration sink that wants it. Taking the outbox rows and writing the deliveries
/// happen in one transaction, so a crash repeats a batch rather than losing it; on PostgreSQL several processes
/// share the work (rows one is taking are skipped by the others).
/// </summary>
public sealed class EventFanout(
    Database db, BroadcastStore broadcasts, IEnumerable<IIntegrationSink> sinks, NotificationSignal signal, TimeProvider clock,
    IOptions<HeraldOptions> options, ILogger<EventFanout> logger) : BackgroundService
{
    private const int BatchSize = 500;
    private readonly Dictionary<string, IIntegrationSink> _sinks = sinks.ToDictionary(s => s.Kind, StringComparer.Ordinal);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        WorkerLoop.RunAsync(async ct => await RunOnceAsync(ct).ConfigureAwait(false) == BatchSize,
            ct => Task.Delay(options.Value.Webhooks.PollInterval, clock, ct), logger, "Fanning out webhook events", stoppingToken);

    /// <summary>Fans out one batch; returns how many captured events it took.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var deliveries = new List<WebhookDeliveryRow>();
        int taken;
        using (await db.WriteTurnAsync(ct).ConfigureAwait(false))
        {
            await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
            await using var tx = await db.BeginWriteAsync(c, ct).ConfigureAwait(false);
            var rows = await WebhookStore.TakeOutboxAsync(c, tx, BatchSize).ConfigureAwait(false);
            taken = rows.Count;
            if (taken == 0)
            {
                await tx.CommitAsync(ct).ConfigureAwait(false);
                return 0;
            }
            var events = await BuildAsync(c, tx, rows, ct).ConfigureAwait(false);
            var endpoints = (await WebhookStore.EnabledEndpointsAsync(c, tx, events.Select(e => e.WorkspaceId).Distinct(StringComparer.Ordinal).ToList())
                .ConfigureAwait(false)).ToLookup(e => e.WorkspaceId, StringComparer.Ordinal);
            foreach (var e in events)
            {
                try
                {
                    deliveries.AddRange(DeliveriesOf(e, endpoints[e.WorkspaceId], now));
                }
                catch (Exception x) when (x is not OperationCanceledException)
                {
                    // One event that cannot be rendered (odd metadata, an origin a sink cannot read) must not hold up the rest.
                    logger.LogWarning(x, "Skipped a {Type} event of workspace {Workspace} that could not be rendered", e.Type, e.WorkspaceId);
                }
            }
            await WebhookStore.InsertDeliveriesAsync(c, tx, deliveries, ct).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
        }
        if (deliveries.Count > 0)
        {
            signal.Wake();
        }
        return taken;
    }

    private IEnumerable<WebhookDeliveryRow> DeliveriesOf(Built e, IEnumerable<WebhookEndpointRow> endpoints, DateTimeOffset now)
    {
        var list = new List<WebhookDeliveryRow>();
        if (e.Type is not null && e.Data is not null)
        {
            var payload = EventPayloads.Envelope(e.Type, e.At, e.Data);
            list.AddRange(endpoints.Where(ep => ep.Wants(e.Type)).Select(ep => NewDelivery(e.WorkspaceId, ep.Id, e.Type, payload, now)));
        }
        if (e.ForSink is { } ie && ie.Origin["kind"]?.GetValue<string>() is { } kind && _sinks.TryGetValue(kind, out var sink)
            && ie.Origin["integration_id"]?.GetValue<string>() is { } integration && sink.Prepare(ie) is { } prepared)
        {
            list.Add(NewDelivery(e.WorkspaceId, integration, ie.Type, prepared, now));
        }
        return list;
    }

    private static WebhookDeliveryRow NewDelivery(string workspaceId, string target, string type, string payload, DateTimeOffset now) => new()
    {
        Id = HeraldId.New("msg", now), WorkspaceId = workspaceId, Target = target, EventType = type, Payload = payload,
        Status = "pending", NextAttemptAt = now.ToUnixTimeMilliseconds(), CreatedAt = now.ToUnixTimeMilliseconds(),
        UpdatedAt = now.ToUnixTimeMilliseconds(),
    };

    /// <summary>One captured change, resolved: the customer event (if any) and what an integration sink sees (if any).</summary>
    private sealed record Built(string WorkspaceId, string? Type, long At, JsonObject? Data, IntegrationEvent? ForSink);

    private async Task<List<Built>> BuildAsync(DbConnection c, DbTransaction tx, IReadOnlyList<EventOutboxRow> rows, CancellationToken ct)
    {
        var built = new List<Built>();
        var eventIds = rows.Where(r => r.Kind == "message").Select(r => long.Parse(r.RefId, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var events = eventIds.Length == 0 ? [] : (await c.QueryAsync<EventRow>(
            $"SELECT id, message_id, type, at, detail FROM message_events WHERE {Sql.In(c, "id", "ids")} ORDER BY id", new { ids = eventIds }, tx)
            .ConfigureAwait(false)).AsList();
        var messages = (await MessageStore.GetManyAsync(c, tx, events.Select(e => e.MessageId).Distinct(StringComparer.Ordinal).ToList())
            .ConfigureAwait(false)).ToDictionary(m => m.Id, StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (!messages.TryGetValue(e.MessageId, out var m))
            {
                continue;
            }
            try
            {
                var type = EventPayloads.TypeOf(e.Type);
                var origin = m.Origin is null ? null : JsonNode.Parse(m.Origin) as JsonObject;
                built.Add(new Built(m.WorkspaceId, type, e.At, type is null ? null : EventPayloads.Message(m, e),
                    origin is null ? null : new IntegrationEvent(e.Type, e.At, m, origin, e.Detail)));
            }
            catch (Exception x) when (x is JsonException or ArgumentException or InvalidOperationException)
            {
                logger.LogWarning(x, "Skipped event {Event} of message {Message}: it could not be rendered", e.Id, m.Id);
            }
        }
        built.AddRange(await TemplatesAsync(c, tx, rows.Where(r => r.Kind == "template").ToList()).ConfigureAwait(false));
        foreach (var r in rows.Where(r => r.Kind == "broadcast"))
        {
            var b = await c.QuerySingleOrDefaultAsync<BroadcastRow>("SELECT * FROM broadcasts WHERE id = @id", new { id = r.RefId }, tx).ConfigureAwait(false);
            if (b is not null)
            {
                var data = EventPayloads.Broadcast(b, r.Detail ?? b.State, r.At,
                    await broadcasts.RecipientCountsAsync(b.Id, ct).ConfigureAwait(false), await broadcasts.MessageCountsAsync(b.Id, ct).ConfigureAwait(false));
                built.Add(new Built(b.WorkspaceId, EventPayloads.BroadcastCompleted, r.At, data, null));
            }
        }
        return built;
    }

    private static async Task<IEnumerable<Built>> TemplatesAsync(DbConnection c, DbTransaction tx, List<EventOutboxRow> rows)
    {
        if (rows.Count == 0)
        {
            return [];
        }
        var keys = rows.Select(r => r.RefId.Split(' ', 2)).Where(k => k.Length == 2).ToList();
        var ids = keys.Select(k => k[0]).Distinct(StringComparer.Ordinal).ToArray();
        var templates = (await c.QueryAsync<TemplateRow>($"SELECT * FROM templates WHERE {Sql.In(c, "id", "ids")}", new { ids }, tx).ConfigureAwait(false))
            .ToDictionary(t => t.Id, StringComparer.Ordinal);
        var statuses = (await TemplateStore.StatusesAsync(c, tx, ids).ConfigureAwait(false))
            .ToDictionary(s => (s.TemplateId, s.SenderId));
        var built = new List<Built>();
        foreach (var r in rows)
        {
            var k = r.RefId.Split(' ', 2);
            if (k.Length == 2 && templates.TryGetValue(k[0], out var t))
            {
                statuses.TryGetValue((k[0], k[1]), out var current);
                built.Add(new Built(t.WorkspaceId, EventPayloads.TemplateStatusChanged, r.At,
                    EventPayloads.Template(t, k[1], r.Detail ?? current?.Status ?? "", current), null));
            }
        }
        return built;
    }
}

/// <summary>Wakes the delivery worker as soon as the fan-out has written deliveries.</summary>
public sealed class NotificationSignal
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // already awake
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _wake.WaitAsync(timeout, ct);
}
