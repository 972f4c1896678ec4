using System.Globalization;
using System.Text;

namespace Herald.Bench.Suite;

/// <summary>Writes docs/benchmarks.md: the machine, the date, the table, how each figure is measured, and why a target was missed.</summary>
internal static class BenchmarkDoc
{
    /// <summary>How each figure is measured (one paragraph per figure key).</summary>
    private static readonly (string Key, string Text)[] Methods =
    [
        ("import", "**(a) CSV import.** The bench writes N rows (`phone,first_name,city,time_zone`; distinct valid US numbers " +
            "over ten area codes; every row valid) to a temporary file, then streams it as one `POST /v1/contacts/import` " +
            "(`Content-Type: text/csv`, a `StreamContent` over the file). Rows/s = the `rows` of the answer / the wall time " +
            "from sending the request to reading the whole answer."),
        ("drain", "**(b) Broadcast drain.** One Twilio SMS sender points at the simulator with its limits off " +
            "(`rate_per_second` 100,000, not per segment); the simulator adds no latency, errors or limits and sends no status " +
            "webhooks during the drain (knob `statusWebhooks: false`). A broadcast (`purpose: transactional`, so quiet hours " +
            "never defer it) to every imported contact is created and started; the bench polls it until it is `completed`. " +
            "msg/s = the sends the simulator recorded from the broadcast's first to its completion / the time between the " +
            "first and the last of those records (the simulator's own receipt timestamps). The steady figure (in the notes) " +
            "is the rate between 10 % and 90 % of them."),
        ("bare", "**(b) Bare loop.** In the same run, just before the drain, against the same simulator: 64 `HttpClient` " +
            "clients (keep-alive, one request in flight each) POST the same Twilio form Herald sends (To, From, Body, " +
            "StatusCallback with a per-message reference, ValidityPeriod) for a fixed 15 s. The ratio is drain msg/s / bare msg/s."),
        ("transactional", "**(c) Transactional during the drain.** Every 200 ms while the broadcast drains, one " +
            "`POST /v1/messages` (`channel: sms`, the same sender, `purpose: transactional`) to a number of its own. Its time " +
            "to the provider runs from the start of the POST to the simulator's receipt timestamp of that send (both " +
            "processes read the same clock). p50, p99 and max over every probe that reached the simulator."),
        ("webhooks", "**(d) Status webhooks.** After the drain, Twilio status callbacks `sent` then `delivered` for " +
            "100,000 of the messages Herald sent (their real `MessageSid` and `herald_message_id` read back from the " +
            "simulator), each signed with `X-Twilio-Signature` over Herald's public URL and the sorted parameters as Twilio " +
            "signs, with its own `I-Twilio-Idempotency-Token`, posted by 64 concurrent clients to `/hooks/twilio/{sender}`. " +
            "Statuses/s = callbacks answered 2xx / wall time. 25 messages spread over those posted are read back and must be " +
            "`delivered`."),
        ("memory", "**Peak memory.** Herald runs as its own process (`dotnet Herald.Server.dll`, Release, production " +
            "`appsettings.json`, configured by environment variables); its peak resident set is `VmHWM` from " +
            "`/proc/<pid>/status`, read after each stage, so the table's figure is the peak over the whole run (import, " +
            "drain, webhooks). The simulator and the bench's clients are other processes and not counted."),
        ("api", "**(e) API.** The `api` command as before (Herald in-process, a fresh database, 64 clients, 3 s warm-up + " +
            "10 s each): durable `POST /v1/messages` beside `GET /v1/ping` on the same server stack, with the dispatcher " +
            "draining through the sandbox. See [bench/README.md](../bench/README.md)."),
    ];

    public static void Write(string path, SuiteOptions o, IReadOnlyList<string> machine, Figures figures)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        void L(string s = "") => sb.Append(s).Append('\n');
        L("# Benchmarks");
        L();
        L("Written by `dotnet run -c Release --project bench/Herald.Bench -- all` (see [bench/README.md](../bench/README.md));");
        L("every figure below comes from one run of that command on the machine described here.");
        L();
        L($"- date: {TimeProvider.System.GetUtcNow().ToString("yyyy-MM-dd HH:mm 'UTC'", inv)}");
        foreach (var m in machine)
        {
            var colon = m.IndexOf(':', StringComparison.Ordinal);
            L($"- {m[..colon]}: {m[(colon + 1)..].Trim()}");
        }
        L($"- run: {o.Recipients:N0} recipients; Herald on SQLite (WAL, synchronous=FULL) in a fresh temporary folder; " +
            "Herald, the simulator and the bench's clients as three processes on the same cores, loopback only");
        L();
        L("## Results");
        L();
        foreach (var line in figures.MarkdownTable())
        {
            L(line);
        }
        L();
        L("Details of this run:");
        L();
        foreach (var note in figures.Notes)
        {
            L("- " + note);
        }
        L();
        L("## How each figure is measured");
        L();
        foreach (var (key, text) in Methods)
        {
            if (figures.Items.Any(f => f.Key == key || f.Key.StartsWith(key + "-", StringComparison.Ordinal)))
            {
                L(text);
                L();
            }
        }
        var missed = figures.Items.Where(f => f.Met == false || f.Value == "not measured").ToList();
        L("## Where a target is missed, and why");
        L();
        if (missed.Count == 0)
        {
            L("Every target was met in this run.");
        }
        else
        {
            L("Missed or not measured in this run: " + string.Join("; ", missed.Select(m => $"{m.Name} ({m.Value}, target {m.Target})")) + ".");
            L();
            L(WhyMissed.Text);
        }
        File.WriteAllText(path, sb.ToString());
    }
}
