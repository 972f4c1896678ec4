using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dapper;
using Herald.Storage.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Herald.Api.Tests;

/// <summary>Helpers of the broadcast tests: drafts, CSV audiences, polling the run, the ledger and the messages it made.</summary>
public abstract partial class ApiTests
{
    private static readonly TimeSpan BroadcastDeadline = TimeSpan.FromSeconds(60);
    private static readonly string[] AreaCodes = ["212", "213", "305", "312", "617", "702", "718", "303", "404", "503"];
    private static int _broadcastPhones;

    /// <summary>A valid US number no other broadcast test uses (the fixture's own range holds only 1,000).</summary>
    protected static string BroadcastPhone()
    {
        var n = Interlocked.Increment(ref _broadcastPhones);
        Assert.True(n < AreaCodes.Length * 8_000, "the broadcast number range is exhausted");
        return $"+1{AreaCodes[n / 8_000]}555{(1_000 + (n % 8_000)).ToString("D4", CultureInfo.InvariantCulture)}";
    }

    protected async Task<Reply> CreateBroadcastAsync(object body, HttpClient? client = null)
    {
        var reply = await PostAsync("/v1/broadcasts", body, client: client);
        AssertStatus(reply, 201);
        Assert.Equal("draft", reply.Str("state"));
        return reply;
    }

    protected async Task<Reply> PutAudienceCsvAsync(string id, string csv, string contentType = "text/csv", HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"/v1/broadcasts/{id}/audience", UriKind.Relative))
        {
            Content = new StringContent(csv, new UTF8Encoding(false), new MediaTypeHeaderValue(contentType)),
        };
        using var response = await (client ?? Admin).SendAsync(request);
        var reply = new Reply(response, await response.Content.ReadAsStringAsync());
        Assert.True(reply.Status < 500, $"the audience upload must never answer 5xx: {reply}");
        return reply;
    }

    /// <summary>A CSV of the given rows under the given header (values are written as given, no quoting needed).</summary>
    protected static string Csv(string header, IEnumerable<string> rows) => header + "\n" + string.Join("\n", rows) + "\n";

    protected async Task<JsonElement> BroadcastAsync(string id, HttpClient? client = null)
    {
        var reply = await GetAsync($"/v1/broadcasts/{id}", client);
        AssertStatus(reply, 200);
        return reply.Json;
    }

    protected async Task<JsonElement> StartBroadcastAsync(string id)
    {
        var reply = await PostAsync($"/v1/broadcasts/{id}/start", null);
        AssertStatus(reply, 200);
        return reply.Json;
    }

    /// <summary>Polls the broadcast until <paramref name="done"/> holds (the runner works in the background).</summary>
    protected async Task<JsonElement> WaitForBroadcastAsync(string id, Func<JsonElement, bool> done, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var b = await BroadcastAsync(id);
            if (done(b))
            {
                return b;
            }
            Assert.True(clock.Elapsed < BroadcastDeadline, $"broadcast {id} did not get to {what} within {BroadcastDeadline.TotalSeconds} s: {b}");
            await Task.Delay(100);
        }
    }

    protected Task<JsonElement> WaitForBroadcastStateAsync(string id, string state) =>
        WaitForBroadcastAsync(id, b => b.GetProperty("state").GetString() == state, $"'{state}'");

    protected static long Progress(JsonElement broadcast, string field) => broadcast.GetProperty("progress").GetProperty(field).GetInt64();

    /// <summary>The whole ledger export, parsed (header checked), one dictionary per line.</summary>
    protected async Task<IReadOnlyList<Dictionary<string, string>>> LedgerCsvAsync(string id)
    {
        var reply = await GetAsync($"/v1/broadcasts/{id}/recipients.csv");
        AssertStatus(reply, 200);
        Assert.Equal("text/csv", reply.MediaType);
        var lines = ParseCsv(reply.Text);
        Assert.Equal(
            ["row", "input_phone", "phone", "status", "error_class", "error_code", "error_message", "in_doubt", "retries", "sender_id", "message_id", "updated_at"],
            lines[0]);
        return [.. lines.Skip(1).Select(l =>
        {
            Assert.Equal(lines[0].Count, l.Count);
            return lines[0].Zip(l).ToDictionary(x => x.First, x => x.Second, StringComparer.Ordinal);
        })];
    }

    /// <summary>The broadcast's messages per phone, read from the database (the messages API has no broadcast filter).</summary>
    protected async Task<IReadOnlyDictionary<string, long>> BroadcastMessagesPerPhoneAsync(string id)
    {
        var db = Herald.Host.Services.GetRequiredService<Database>();
        await using var c = await db.OpenAsync();
        var rows = await c.QueryAsync<(string Phone, long N)>(
            "SELECT phone, COUNT(*) FROM messages WHERE broadcast_id = @id GROUP BY phone", new { id });
        return rows.ToDictionary(r => r.Phone, r => r.N, StringComparer.Ordinal);
    }

    /// <summary>Messages of the broadcast a provider has seen (sent or later, or failed after an attempt).</summary>
    protected async Task<long> BroadcastMessagesHandedAsync(string id)
    {
        var db = Herald.Host.Services.GetRequiredService<Database>();
        await using var c = await db.OpenAsync();
        return await c.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM messages WHERE broadcast_id = @id AND status IN ('sent', 'delivered', 'read', 'failed')", new { id });
    }

    protected static void AssertMessageStatus(string? status, string context) =>
        Assert.True(status is "sent" or "delivered" or "read", $"{context}: expected a sent message, got '{status}'");

    private static List<List<string>> ParseCsv(string text)
    {
        var lines = new List<List<string>>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(ch);
                }
                continue;
            }
            switch (ch)
            {
                case '"':
                    quoted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    lines.Add(fields);
                    fields = [];
                    break;
                default:
                    field.Append(ch);
                    break;
            }
        }
        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            lines.Add(fields);
        }
        return lines;
    }
}
