using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Herald.Providers.Twilio;

namespace Herald.Bench.Suite;

/// <summary>
/// (d) Twilio status callbacks (sent, then delivered) for messages Herald really handed to the simulator, each signed
/// with <c>X-Twilio-Signature</c> over Herald's public URL + sorted parameters exactly as Twilio signs, posted to
/// <c>/hooks/twilio/{sender}</c> by N concurrent clients. Statuses/s = answered 2xx / wall time; a sample of the
/// messages is read back to check the statuses were applied.
/// </summary>
internal static class WebhookStage
{
    public sealed record Result(long Posted, long Ok, long Errors, TimeSpan Elapsed, string? FirstError, int Checked, int Delivered, int Messages, bool Finished)
    {
        public double PerSecond => Ok / Elapsed.TotalSeconds;
    }

    private sealed record Hook(string MessageId, string Url, byte[] Body, string Signature);

    /// <summary>The messages to report on: the simulator's Twilio records after <paramref name="afterSeq"/>, read in pages.</summary>
    public static async Task<List<SimSend>> CollectAsync(SimulatorChild sim, long afterSeq, int max)
    {
        var all = new List<SimSend>(Math.Min(max, 1_000_000));
        var after = afterSeq;
        while (all.Count < max)
        {
            var (page, _) = await sim.PageAsync(after, Math.Min(50_000, max - all.Count));
            if (page.Count == 0)
            {
                break;
            }
            all.AddRange(page.Where(s => s.Key.StartsWith("msg_", StringComparison.Ordinal)));
            after = page[^1].Seq;
        }
        return all;
    }

    public static async Task<Result> RunAsync(HeraldChild herald, string senderId, IReadOnlyList<SimSend> messages, int clients, TimeSpan limit)
    {
        var hookPath = herald.Address + $"hooks/twilio/{senderId}";
        var hooks = new List<Hook>(messages.Count * 2);
        foreach (var m in messages)
        {
            foreach (var status in new[] { "sent", "delivered" })
            {
                var url = hookPath + "?herald_message_id=" + Uri.EscapeDataString(m.Key);
                var form = new List<KeyValuePair<string, string>>
                {
                    new("AccountSid", SimulatorChild.TwilioAccount),
                    new("ApiVersion", "2010-04-01"),
                    new("From", SimulatorChild.TwilioFrom),
                    new("MessageSid", m.ProviderId),
                    new("MessageStatus", status),
                    new("SmsSid", m.ProviderId),
                    new("SmsStatus", status),
                    new("To", m.To),
                };
                var body = string.Join('&', form.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
                hooks.Add(new Hook(m.Key, url, Encoding.ASCII.GetBytes(body), TwilioProvider.Sign(url, form, SimulatorChild.TwilioToken)));
            }
        }

        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, UseProxy = false, UseCookies = false };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
        var formType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        long next = -1, ok = 0, errors = 0;
        string? firstError = null;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < limit)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= hooks.Count)
                {
                    return;
                }
                var h = hooks[(int)i];
                using var request = new HttpRequestMessage(HttpMethod.Post, h.Url) { Content = new ByteArrayContent(h.Body) { Headers = { ContentType = formType } } };
                request.Headers.TryAddWithoutValidation(TwilioProvider.SignatureHeader, h.Signature);
                request.Headers.TryAddWithoutValidation("I-Twilio-Idempotency-Token", Guid.NewGuid().ToString("N"));
                try
                {
                    using var r = await client.SendAsync(request);
                    var text = await r.Content.ReadAsStringAsync();
                    if (r.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref ok);
                    }
                    else
                    {
                        Interlocked.Increment(ref errors);
                        Interlocked.CompareExchange(ref firstError, $"{(int)r.StatusCode} {(text.Length > 300 ? text[..300] : text)}", null);
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
        var elapsed = clock.Elapsed;
        var posted = Math.Min(Interlocked.Read(ref next) + 1, hooks.Count);
        var finished = posted >= hooks.Count && clock.Elapsed < limit;

        // Read back a spread of messages whose two statuses were both posted: each must now be delivered.
        var done = (int)(posted / 2);
        var sample = Enumerable.Range(0, Math.Min(25, done)).Select(k => hooks[2 * (int)((long)k * done / Math.Max(1, Math.Min(25, done)))].MessageId).ToList();
        var delivered = 0;
        foreach (var id in sample)
        {
            var m = await herald.GetAsync($"v1/messages/{id}");
            if (m["status"]?.GetValue<string>() == "delivered")
            {
                delivered++;
            }
        }
        return new Result(posted, ok, errors, elapsed, firstError, sample.Count, delivered, messages.Count, finished);
    }

    /// <summary>Without a broadcast: N messages through POST /v1/messages to the Twilio sender, then waits until the simulator has them all.</summary>
    public static async Task SeedAsync(HeraldChild herald, SimulatorChild sim, string senderId, int count, int clients)
    {
        var numbers = new List<string>(count);
        for (long i = 0; numbers.Count < count; i++)
        {
            if (ImportStage.Number(i) is { } n)
            {
                numbers.Add(n);
            }
        }
        long next = -1;
        string? firstError = null;
        var workers = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                var to = numbers[(int)i];
                try
                {
                    await herald.PostAsync("v1/messages", new { to, channel = "sms", sender = senderId, text = "Your order has shipped", purpose = "transactional" },
                        System.Net.HttpStatusCode.Accepted);
                }
                catch (BenchStepException e)
                {
                    Interlocked.CompareExchange(ref firstError, e.Message, null);
                }
            }
        })).ToList();
        await Task.WhenAll(workers);
        if (firstError is not null)
        {
            Console.Error.WriteLine($"… some seeding sends were refused: {firstError}");
        }
        var clock = Stopwatch.StartNew();
        while (await sim.AcceptedAsync() < count && clock.Elapsed < TimeSpan.FromMinutes(10))
        {
            await Task.Delay(500);
        }
    }
}
