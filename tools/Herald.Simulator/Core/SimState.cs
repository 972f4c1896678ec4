using System.Collections.Concurrent;

namespace Herald.Simulator.Core;

/// <summary>Everything the simulator remembers, in memory.</summary>
internal sealed class SimState(TimeProvider clock, SimRandom random)
{
    private readonly ConcurrentDictionary<long, SendRecord> sends = new();
    private readonly ConcurrentDictionary<string, int> attempts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, WebhookRecord> webhooks = new();
    private readonly ConcurrentDictionary<string, long> counters = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, NumberWindow> windows = new(StringComparer.Ordinal);
    private long sendSeq;
    private long hookSeq;
    private Knobs knobs = new();

    public ConcurrentDictionary<string, TemplateRecord> Templates { get; } = new(StringComparer.Ordinal);

    public Knobs Knobs => Volatile.Read(ref knobs);

    public TimeProvider Clock => clock;

    public SimRandom Random => random;

    public void SetKnobs(Knobs value)
    {
        Volatile.Write(ref knobs, value);
        if (value.Seed is { } seed)
        {
            random.Reseed(seed);
        }
    }

    public SendRecord Record(string vendor, string providerId, string from, string to, string? body, string? template,
        string idempotencyKey, bool timedOut, string request)
    {
        var attempt = attempts.AddOrUpdate(idempotencyKey, 1, (_, n) => n + 1);
        var record = new SendRecord(Interlocked.Increment(ref sendSeq), vendor, providerId, from, to, body, template,
            idempotencyKey, attempt, clock.GetUtcNow(), timedOut, request);
        sends[record.Seq] = record;
        Count("accepted");
        return record;
    }

    public IEnumerable<SendRecord> Sends => sends.Values.OrderBy(s => s.Seq);

    /// <summary>Every send kept, in no particular order (filter first, then sort: cheap with a million records).</summary>
    public IEnumerable<SendRecord> UnorderedSends => sends.Values;

    /// <summary>The highest sequence number given so far (a cleared simulator keeps counting).</summary>
    public long LastSeq => Interlocked.Read(ref sendSeq);

    /// <summary>Sends with a sequence number above <paramref name="after"/>, in order, at most <paramref name="limit"/> that match, without sorting them all.</summary>
    public IEnumerable<SendRecord> SendsAfter(long after, int limit, Func<SendRecord, bool> match)
    {
        var last = LastSeq;
        var taken = 0;
        for (var seq = Math.Max(after, 0) + 1; seq <= last && taken < limit; seq++)
        {
            if (sends.TryGetValue(seq, out var record) && match(record))
            {
                taken++;
                yield return record;
            }
        }
    }

    public WebhookRecord RecordWebhook(string vendor, string kind, string? providerId, string? status, string url,
        int? httpStatus, bool duplicate)
    {
        var record = new WebhookRecord(Interlocked.Increment(ref hookSeq), vendor, kind, providerId, status, url,
            httpStatus, duplicate, clock.GetUtcNow());
        webhooks[record.Seq] = record;
        return record;
    }

    public IEnumerable<WebhookRecord> Webhooks => webhooks.Values.OrderBy(w => w.Seq);

    public void Count(string name) => counters.AddOrUpdate(name, 1, (_, n) => n + 1);

    public IReadOnlyDictionary<string, long> Counters => new SortedDictionary<string, long>(counters, StringComparer.Ordinal);

    public IEnumerable<(string Key, NumberWindow Window)> Windows => windows.Select(w => (w.Key, w.Value));

    /// <summary>Counts one send for the number in the current second unless that would pass the limit (0 = none).</summary>
    public bool TryTakeSlot(string vendor, string number, int limit)
    {
        var second = clock.GetUtcNow().ToUnixTimeSeconds();
        return windows.GetOrAdd($"{vendor}:{number}", _ => new NumberWindow()).TryTake(second, limit);
    }

    public void Clear()
    {
        sends.Clear();
        attempts.Clear();
        webhooks.Clear();
        counters.Clear();
        windows.Clear();
    }
}

/// <summary>Accepted sends per one-second window for one number, kept for the last hour.</summary>
internal sealed class NumberWindow
{
    private readonly Lock gate = new();
    private readonly SortedDictionary<long, int> perSecond = [];

    public bool TryTake(long second, int limit)
    {
        lock (gate)
        {
            perSecond.TryGetValue(second, out var count);
            if (limit > 0 && count >= limit)
            {
                return false;
            }

            perSecond[second] = count + 1;
            while (perSecond.Count > 3_600)
            {
                perSecond.Remove(perSecond.Keys.First());
            }

            return true;
        }
    }

    public IReadOnlyList<KeyValuePair<long, int>> Snapshot()
    {
        lock (gate)
        {
            return [.. perSecond];
        }
    }
}
