using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Herald.Bench.Suite;
using Herald.Domain;
using Microsoft.Data.Sqlite;

namespace Herald.Bench;

/// <summary>
/// <c>bench console</c>: the web console's pages, and the API reads their scripts make, timed against a database
/// holding a million messages (plus their timelines and conversations). Herald runs as its own process; the rows
/// are written straight into its SQLite file while it is stopped, then Herald is started again and a signed-in
/// session requests each page many times.
/// </summary>
internal static partial class ConsoleBenchmark
{
    private const string Password = "bench-console-password";
    private const int Rounds = 30;

    public static async Task<int> RunAsync(string[] args)
    {
        var messages = 1_000_000;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--messages" && i + 1 < args.Length && int.TryParse(args[++i], CultureInfo.InvariantCulture, out var n) && n > 0)
            {
                messages = n;
            }
            else
            {
                Console.Error.WriteLine($"Unknown option '{args[i]}'; console takes --messages N (default 1000000).");
                return 2;
            }
        }
        var data = Path.Combine(Path.GetTempPath(), "herald-bench-console-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(data);
        var env = new Dictionary<string, string>(StringComparer.Ordinal) { ["HERALD_ADMIN_PASSWORD"] = Password };
        var noSimulator = new Uri("http://127.0.0.1:9/");
        string workspace, sender;
        using (var first = await HeraldChild.StartAsync(data, noSimulator, env))
        {
            workspace = (await first.GetAsync("v1/ping"))["workspace"]!.GetValue<string>();
            sender = (await first.GetAsync("v1/senders")).AsArray()
                .First(s => s!["channel"]!.GetValue<string>() == "sms")!["id"]!.GetValue<string>();
        }
        Console.WriteLine($"Seeding {messages:N0} messages with timelines into {data} ...");
        var seed = Stopwatch.StartNew();
        var (sampleId, samplePhone) = Seed(Path.Combine(data, "herald.db"), workspace, sender, messages);
        Console.WriteLine($"Seeded in {seed.Elapsed.TotalSeconds:F0} s.");

        using var herald = await HeraldChild.StartAsync(data, noSimulator, env);
        using var session = await SignInAsync(herald.Address);
        var pages = new (string Label, string Path)[]
        {
            ("console home", "console"),
            ("messages log (page)", "console/messages"),
            ("messages: newest 50", "v1/messages?limit=50"),
            ("messages: failed, 50", "v1/messages?status=failed&limit=50"),
            ("messages: one number", $"v1/messages?to={Uri.EscapeDataString(samplePhone)}&limit=50"),
            ("message detail (page)", $"console/messages/{sampleId}"),
            ("message + timeline", $"v1/messages/{sampleId}"),
            ("conversations (page)", "console/conversations"),
            ("conversation (page)", $"console/conversations/{Uri.EscapeDataString(samplePhone)}"),
            ("send (page)", "console/send"),
            ("templates (page)", "console/templates"),
            ("broadcasts (page)", "console/broadcasts"),
            ("sandbox phone (page)", "console/sandbox"),
        };
        Console.WriteLine();
        Console.WriteLine($"{"request",-24} {"status",6} {"p50 ms",8} {"p95 ms",8} {"max ms",8} {"bytes",9}");
        var worst = 0.0;
        foreach (var (label, path) in pages)
        {
            var (status, times, bytes) = await TimeAsync(session, path);
            times.Sort();
            var p50 = times[times.Count / 2];
            var p95 = times[(int)Math.Ceiling(times.Count * 0.95) - 1];
            worst = status == 200 ? Math.Max(worst, times[^1]) : worst;
            Console.WriteLine($"{label,-24} {status,6} {p50,8:F1} {p95,8:F1} {times[^1],8:F1} {bytes,9:N0}");
        }
        Console.WriteLine();
        Console.WriteLine($"{messages:N0} messages stored; slowest single response {worst:F0} ms (target: well under 1,000 ms).");
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
        }
        return worst < 1000 ? 0 : 1;
    }

    private static async Task<(int Status, List<double> Times, long Bytes)> TimeAsync(HttpClient session, string path)
    {
        var times = new List<double>(Rounds);
        var status = 0;
        long bytes = 0;
        for (var i = 0; i <= Rounds; i++)
        {
            var sw = Stopwatch.StartNew();
            using var r = await session.GetAsync(new Uri(path, UriKind.Relative));
            var body = await r.Content.ReadAsByteArrayAsync();
            sw.Stop();
            status = (int)r.StatusCode;
            bytes = body.Length;
            if (i == 0 && status != 200)
            {
                Console.WriteLine($"  {path} answered {status}: {System.Text.Encoding.UTF8.GetString(body)}");
            }
            if (i > 0)
            {
                times.Add(sw.Elapsed.TotalMilliseconds); // the first request warms the page's compilation and caches
            }
        }
        return (status, times, bytes);
    }

    /// <summary>Signs in through the sign-in form (anti-forgery token and all), as a browser does.</summary>
    private static async Task<HttpClient> SignInAsync(Uri address)
    {
        var handler = new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false, UseProxy = false };
        var client = new HttpClient(handler) { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };
        var form = await client.GetStringAsync(new Uri("console/signin", UriKind.Relative));
        var token = TokenField().Match(form).Groups[1].Value;
        using var post = await client.PostAsync(new Uri("console/signin", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = "admin@herald.local",
            ["Password"] = Password,
            ["__RequestVerificationToken"] = token,
        }));
        if (post.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Signing in answered {(int)post.StatusCode}, not a redirect.");
        }
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    /// <summary>
    /// Writes <paramref name="count"/> messages over the last 30 days to 50,000 numbers (5 % inbound replies; 70 % read,
    /// 15 % delivered, 10 % sent, 5 % failed), three timeline steps each, and a conversation per number.
    /// Returns the newest outbound message and its number.
    /// </summary>
    private static (string Id, string Phone) Seed(string file, string workspace, string sender, int count)
    {
        const int Phones = 50_000;
        using var c = new SqliteConnection($"Data Source={file};Pooling=False");
        c.Open();
        using (var pragma = c.CreateCommand())
        {
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;";
            pragma.ExecuteNonQuery();
        }
        var end = TimeProvider.System.GetUtcNow();
        var start = end.AddDays(-30);
        var step = (end - start).TotalMilliseconds / count;
        string[] statuses = ["read", "read", "read", "read", "read", "read", "read", "read", "read", "read", "read", "read", "read", "read",
            "delivered", "delivered", "delivered", "sent", "sent", "failed"];
        string[] channels = ["sms", "sms", "whatsapp", "viber"];
        var last = ("", "");
        const int Batch = 20_000;
        for (var done = 0; done < count; done += Batch)
        {
            using var tx = c.BeginTransaction();
            using var m = c.CreateCommand();
            m.Transaction = tx;
            m.CommandText = """
                INSERT INTO messages (id, workspace_id, direction, channel, sender_id, phone, purpose, kind, body, status, error_class, error_code,
                  error_message, in_doubt, late_failure, attempts, created_at, updated_at)
                VALUES ($id, $ws, $dir, $ch, $snd, $phone, 'transactional', 'text', $body, $status, $ec, $code, $emsg, 0, 0, 1, $at, $at)
                """;
            var p = new Dictionary<string, SqliteParameter>(StringComparer.Ordinal);
            foreach (var name in new[] { "$id", "$ws", "$dir", "$ch", "$snd", "$phone", "$body", "$status", "$ec", "$code", "$emsg", "$at" })
            {
                p[name] = m.Parameters.Add(new SqliteParameter { ParameterName = name });
            }
            using var e = c.CreateCommand();
            e.Transaction = tx;
            e.CommandText = "INSERT INTO message_events (message_id, type, at, detail) VALUES ($m, $t, $a, NULL)";
            var em = e.Parameters.Add(new SqliteParameter { ParameterName = "$m" });
            var et = e.Parameters.Add(new SqliteParameter { ParameterName = "$t" });
            var ea = e.Parameters.Add(new SqliteParameter { ParameterName = "$a" });
            for (var i = done; i < Math.Min(count, done + Batch); i++)
            {
                var at = start.AddMilliseconds(i * step);
                var inbound = i % 20 == 7;
                var status = inbound ? "received" : statuses[i % statuses.Length];
                var id = HeraldId.New("msg", at);
                var phone = "+336" + (10_000_000 + (i * 7919L % Phones)).ToString(CultureInfo.InvariantCulture);
                p["$id"].Value = id;
                p["$ws"].Value = workspace;
                p["$dir"].Value = inbound ? "inbound" : "outbound";
                p["$ch"].Value = channels[i % channels.Length];
                p["$snd"].Value = sender;
                p["$phone"].Value = phone;
                p["$body"].Value = inbound ? "Thanks, see you then" : "Your order " + i.ToString(CultureInfo.InvariantCulture) + " has shipped";
                p["$status"].Value = status;
                p["$ec"].Value = status == "failed" ? "permanent" : DBNull.Value;
                p["$code"].Value = status == "failed" ? "30006" : DBNull.Value;
                p["$emsg"].Value = status == "failed" ? "Landline or unreachable carrier" : DBNull.Value;
                p["$at"].Value = at.ToUnixTimeMilliseconds();
                m.ExecuteNonQuery();
                foreach (var (type, offset) in inbound ? [("received", 0)] : new[] { ("queued", 0), ("sending", 40), (status, 900) })
                {
                    em.Value = id;
                    et.Value = type;
                    ea.Value = at.ToUnixTimeMilliseconds() + offset;
                    e.ExecuteNonQuery();
                }
                if (!inbound)
                {
                    last = (id, phone);
                }
            }
            tx.Commit();
        }
        using (var conv = c.CreateCommand())
        {
            conv.CommandText = """
                INSERT OR IGNORE INTO conversations (sender_id, phone, workspace_id, last_inbound_at, since_inbound, in_a_row)
                SELECT sender_id, phone, workspace_id, MAX(created_at), 0, 0 FROM messages WHERE direction = 'inbound' GROUP BY sender_id, phone, workspace_id
                """;
            conv.ExecuteNonQuery();
        }
        return last;
    }
}
