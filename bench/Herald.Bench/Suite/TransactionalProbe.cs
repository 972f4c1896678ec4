using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Herald.Domain.Phones;

namespace Herald.Bench.Suite;

/// <summary>
/// (c) While the broadcast drains: one transactional SMS through <c>POST /v1/messages</c> every 200 ms, through the same
/// sender, each to a number of its own. Its time to the provider runs from the moment the POST starts to the moment the
/// simulator recorded the send (<c>at</c> of its record; both processes read the same machine clock).
/// </summary>
internal sealed class TransactionalProbe
{
    private readonly HeraldChild _herald;
    private readonly string _senderId;
    private readonly ConcurrentBag<Probe> _probes = [];
    private readonly List<Task> _inFlight = [];
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public TransactionalProbe(HeraldChild herald, string senderId)
    {
        _herald = herald;
        _senderId = senderId;
    }

    public sealed record Probe(string To, DateTimeOffset Started, int Status, string? Error);

    public sealed record Result(int Sent, int Accepted, int Reached, double P50Ms, double P99Ms, double MaxMs, string? FirstError);

    public TimeSpan Interval { get; init; } = TimeSpan.FromMilliseconds(200);

    public void Start() => _loop = RunAsync();

    /// <summary>Stops sending and waits for the POSTs still in flight.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }
        Task[] pending;
        lock (_inFlight)
        {
            pending = [.. _inFlight];
        }
        await Task.WhenAll(pending);
        _stop.Dispose();
    }

    /// <summary>Looks every accepted probe up at the simulator and takes the quantiles of its time to the provider.</summary>
    public async Task<Result> MeasureAsync(SimulatorChild sim)
    {
        var probes = _probes.ToList();
        var accepted = probes.Where(p => p.Status == (int)HttpStatusCode.Accepted).ToList();
        var latencies = new ConcurrentBag<double>();
        await Parallel.ForEachAsync(accepted, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (p, _) =>
        {
            var sends = await sim.ToAsync(p.To);
            if (sends.Count > 0)
            {
                latencies.Add((sends.Min(s => s.At) - p.Started).TotalMilliseconds);
            }
        });
        var sorted = latencies.Order().ToArray();
        double Q(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        var firstError = probes.FirstOrDefault(p => p.Status != (int)HttpStatusCode.Accepted)?.Error;
        return new Result(probes.Count, accepted.Count, sorted.Length, Q(0.50), Q(0.99), sorted.Length == 0 ? double.NaN : sorted[^1], firstError);
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        var n = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                var to = Number(n++);
                var task = SendAsync(to);
                lock (_inFlight)
                {
                    _inFlight.Add(task);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
    }

    private async Task SendAsync(string to)
    {
        var started = TimeProvider.System.GetUtcNow();
        try
        {
            using var r = await _herald.Client.PostAsJsonAsync(new Uri("v1/messages", UriKind.Relative), new
            {
                to,
                channel = "sms",
                sender = _senderId,
                text = "Your verification code is 123456",
                purpose = "transactional",
            });
            var body = await r.Content.ReadAsStringAsync();
            _probes.Add(new Probe(to, started, (int)r.StatusCode, r.StatusCode == HttpStatusCode.Accepted ? null : $"{(int)r.StatusCode} {body}"));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            _probes.Add(new Probe(to, started, 0, e.Message));
        }
    }

    /// <summary>Whether a recipient is one of the probes' numbers.</summary>
    public static bool IsProbe(string to) => to.StartsWith("+1650", StringComparison.Ordinal);

    /// <summary>+1 650 … numbers: an area code the imported contacts do not use, so each probe's record is its own.</summary>
    private static string Number(int n)
    {
        for (var i = n; ; i += 100_000)
        {
            var candidate = string.Create(CultureInfo.InvariantCulture, $"+1650{253_0000 + i:D7}");
            if (PhoneNumber.TryParse(candidate, out var phone, out _))
            {
                return phone.E164;
            }
        }
    }
}
