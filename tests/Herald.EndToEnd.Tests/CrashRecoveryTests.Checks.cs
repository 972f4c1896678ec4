using System.Net;
using System.Text.Json;
using Herald.Testing;

namespace Herald.EndToEnd.Tests;

/// <summary>Checks and reporting shared by the crash tests.</summary>
public sealed partial class CrashRecoveryTests
{
    private async Task AssertReadWithFullTimelineAsync(HeraldProcess herald, string id)
    {
        using var r = await herald.Client.GetAsync(new Uri($"v1/messages/{id}", UriKind.Relative), _overall.Token);
        var text = await r.Content.ReadAsStringAsync(_overall.Token);
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"GET /v1/messages/{id}: {(int)r.StatusCode} {text}");
        using var doc = JsonDocument.Parse(text);
        Assert.Equal("read", doc.RootElement.GetProperty("status").GetString());
        var steps = doc.RootElement.GetProperty("timeline").EnumerateArray().Select(s => s.GetProperty("type").GetString()!).ToList();
        foreach (var expected in new[] { "accepted", "sending", "sent", "delivered", "read" })
        {
            Assert.True(steps.Count(s => s == expected) == 1, $"{id}: timeline {string.Join(" > ", steps)} should hold '{expected}' once.");
        }
    }

    private void Report(StorageKind kind, IEnumerable<(string Name, string Value)> figures)
    {
        output.WriteLine($"== {kind}");
        foreach (var (name, value) in figures)
        {
            output.WriteLine($"{name,-66} {value}");
        }
    }
}
