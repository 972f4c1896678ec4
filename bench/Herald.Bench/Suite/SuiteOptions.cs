using System.Globalization;

namespace Herald.Bench.Suite;

/// <summary>Settings of the <c>all</c>, <c>import</c>, <c>broadcast</c> and <c>webhooks</c> commands.</summary>
internal sealed record SuiteOptions
{
    public const string Usage = """
          all        every figure below in one run (Herald and the simulator as separate processes), then the api
                     command; prints the table and writes docs/benchmarks.md
          import     (a) a CSV of N contacts streamed to POST /v1/contacts/import: rows/s, Herald's peak memory
          broadcast  (a), then (b) an N-recipient broadcast drained to the simulator beside a bare HttpClient loop
                     against the same simulator, and (c) a transactional send every 200 ms during the drain
          webhooks   (d) signed Twilio status callbacks for messages Herald sent, 64 clients: statuses/s
                     (the messages come from a broadcast under 'all', from POST /v1/messages when run alone)

        options of all / import / broadcast / webhooks:
          --recipients N           contacts imported and broadcast to (default 1000000)
          --clients N              concurrent clients of the bare loop and the webhooks (default 64)
          --bare-seconds N         length of the bare HttpClient loop (default 15)
          --webhook-messages N     messages that get status callbacks, two each: sent, delivered (default 100000)
          --webhook-seconds N      longest the webhook phase runs (default 30)
          --drain-timeout N        seconds the drain may take before the run gives up on it (default 900)
          --data-dir DIR           where the fresh SQLite folder goes (default: a new folder under the temp dir)
          --keep-data              keep the SQLite folder and the CSV afterwards
          --write-doc / --no-doc   write docs/benchmarks.md (default: only 'all' writes it)
          --api-seconds N          measured seconds per endpoint of the api figure under 'all' (default 10)
          --herald KEY=VALUE       an extra environment variable for the Herald process, e.g.
                                   --herald Herald__Dispatcher__Workers=4 (repeatable; shown in the report)
        """;

    public string Command { get; init; } = "all";

    public int Recipients { get; init; } = 1_000_000;

    public int Clients { get; init; } = 64;

    public int BareSeconds { get; init; } = 15;

    public int WebhookMessages { get; init; } = 100_000;

    public int WebhookSeconds { get; init; } = 30;

    public int DrainTimeoutSeconds { get; init; } = 900;

    public string? DataDirectory { get; init; }

    public bool KeepData { get; init; }

    public bool WriteDoc { get; init; }

    public int ApiSeconds { get; init; } = 10;

    /// <summary>Extra environment variables for the Herald process (settings under test), in the order given.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> HeraldSettings { get; init; } = [];

    public bool Import => Command is "all" or "import" or "broadcast";

    public bool Broadcast => Command is "all" or "broadcast";

    public bool Webhooks => Command is "all" or "webhooks";

    public bool Api => Command == "all";

    public static (SuiteOptions? Options, string? Error) Parse(string command, IReadOnlyList<string> args)
    {
        var o = new SuiteOptions { Command = command, WriteDoc = command == "all" };
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            switch (name)
            {
                case "--keep-data": o = o with { KeepData = true }; continue;
                case "--write-doc": o = o with { WriteDoc = true }; continue;
                case "--no-doc": o = o with { WriteDoc = false }; continue;
            }
            var value = i + 1 < args.Count ? args[++i] : null;
            if (value is null)
            {
                return (null, $"'{name}' is not an option or needs a value; see --help.");
            }
            switch (name)
            {
                case "--recipients" when Int(value, 1, 10_000_000) is { } n: o = o with { Recipients = n }; break;
                case "--clients" when Int(value, 1, 1024) is { } n: o = o with { Clients = n }; break;
                case "--bare-seconds" when Int(value, 1, 600) is { } n: o = o with { BareSeconds = n }; break;
                case "--webhook-messages" when Int(value, 1, 10_000_000) is { } n: o = o with { WebhookMessages = n }; break;
                case "--webhook-seconds" when Int(value, 1, 3600) is { } n: o = o with { WebhookSeconds = n }; break;
                case "--drain-timeout" when Int(value, 1, 86_400) is { } n: o = o with { DrainTimeoutSeconds = n }; break;
                case "--api-seconds" when Int(value, 1, 3600) is { } n: o = o with { ApiSeconds = n }; break;
                case "--data-dir": o = o with { DataDirectory = value }; break;
                case "--herald" when value.IndexOf('=', StringComparison.Ordinal) is > 0 and var eq:
                    o = o with { HeraldSettings = [.. o.HeraldSettings, new(value[..eq], value[(eq + 1)..])] };
                    break;
                default:
                    return (null, $"'{name} {value}' is not understood; see --help.");
            }
        }
        return (o, null);
    }

    private static int? Int(string s, int min, int max) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? n : null;
}
