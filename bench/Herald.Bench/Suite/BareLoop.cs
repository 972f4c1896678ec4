using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Herald.Bench.Suite;

/// <summary>
/// The baseline of the drain: a plain HttpClient loop (N clients, one request in flight each, keep-alive) POSTing the
/// same Twilio form Herald sends (To, From, Body, StatusCallback with a per-message reference) to the same simulator,
/// for a fixed time. It does nothing else: no database, no rules, no accounting.
/// </summary>
internal static class BareLoop
{
    public sealed record Result(long Sent, long Errors, TimeSpan Elapsed, string? FirstError)
    {
        public double PerSecond => Sent / Elapsed.TotalSeconds;
    }

    public static async Task<Result> RunAsync(SimulatorChild sim, int clients, TimeSpan duration, string callbackBase)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = clients,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
            UseCookies = false,
        };
        using var client = new HttpClient(handler) { BaseAddress = sim.Address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{SimulatorChild.TwilioAccount}:{SimulatorChild.TwilioToken}")));
        var path = new Uri($"2010-04-01/Accounts/{SimulatorChild.TwilioAccount}/Messages.json", UriKind.Relative);
        var form = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        long sequence = 0, sent = 0, errors = 0;
        string? firstError = null;
        var clock = Stopwatch.StartNew();
        var until = clock.Elapsed + duration;
        var workers = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < until)
            {
                var n = Interlocked.Increment(ref sequence);
                var body = Body(n, callbackBase);
                using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) { Headers = { ContentType = form } } };
                try
                {
                    using var r = await client.SendAsync(request);
                    await r.Content.ReadAsByteArrayAsync();
                    if (r.StatusCode == HttpStatusCode.Created)
                    {
                        Interlocked.Increment(ref sent);
                    }
                    else
                    {
                        Interlocked.Increment(ref errors);
                        Interlocked.CompareExchange(ref firstError, $"{(int)r.StatusCode}", null);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, e.Message, null);
                }
            }
        })).ToList();
        await Task.WhenAll(workers);
        return new Result(sent, errors, clock.Elapsed, firstError);
    }

    /// <summary>The form Herald's Twilio adapter sends for a text SMS (same fields, same sizes), to a distinct number each time.</summary>
    private static byte[] Body(long n, string callbackBase)
    {
        var to = string.Create(CultureInfo.InvariantCulture, $"+1312{2_000_000 + n % 7_000_000:D7}");
        var id = string.Create(CultureInfo.InvariantCulture, $"msg_bare{n:D18}");
        var text = "Hi Ann, your Herald benchmark broadcast message is here.";
        var s = "To=" + Uri.EscapeDataString(to) + "&From=" + Uri.EscapeDataString(SimulatorChild.TwilioFrom) + "&Body=" + Uri.EscapeDataString(text)
            + "&StatusCallback=" + Uri.EscapeDataString(callbackBase + "?herald_message_id=" + id) + "&ValidityPeriod=36000";
        return Encoding.ASCII.GetBytes(s);
    }
}
