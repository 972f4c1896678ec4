using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Herald.Domain.Phones;

namespace Herald.Bench.Suite;

/// <summary>
/// (a) A CSV of N distinct valid US mobile-shaped numbers (phone, first_name, city, time_zone) written to a temporary
/// file, then streamed as one <c>POST /v1/contacts/import</c> (<c>text/csv</c>). Rows/s = rows / wall time of the request.
/// </summary>
internal static class ImportStage
{
    private static readonly string[] AreaCodes = ["212", "312", "415", "617", "646", "206", "305", "512", "702", "818"];
    private static readonly string[] Names = ["Ann", "Bob", "Chloé", "Dan", "Eve", "Femi", "Gus", "Hana", "Ivan", "Jo", "Kai", "Lena"];
    private static readonly (string City, string Zone)[] Cities =
    [
        ("New York", "America/New_York"), ("Chicago", "America/Chicago"), ("San Francisco", "America/Los_Angeles"),
        ("Boston", "America/New_York"), ("Seattle", "America/Los_Angeles"), ("Miami", "America/New_York"),
        ("Austin", "America/Chicago"), ("Las Vegas", "America/Los_Angeles"), ("Denver", "America/Denver"),
    ];

    public sealed record Result(long Rows, long Created, long Invalid, long Duplicates, TimeSpan Elapsed, long CsvBytes, string Answer);

    /// <summary>Writes the CSV; returns its size. Every number is checked with Herald's own parser, so none is invalid.</summary>
    public static long WriteCsv(string path, int rows)
    {
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        using var w = new StreamWriter(file, new UTF8Encoding(false), 1 << 20);
        w.Write("phone,first_name,city,time_zone\n");
        var written = 0;
        for (long i = 0; written < rows; i++)
        {
            var phone = Number(i);
            if (phone is null)
            {
                continue;
            }
            var (city, zone) = Cities[written % Cities.Length];
            w.Write(phone);
            w.Write(',');
            w.Write(Names[written % Names.Length]);
            w.Write(',');
            w.Write(city);
            w.Write(',');
            w.Write(zone);
            w.Write('\n');
            written++;
        }
        w.Flush();
        return file.Length;
    }

    /// <summary>The i-th candidate number (+1 NPA NXX XXXX over ten area codes) when Herald accepts it, else null.</summary>
    public static string? Number(long i)
    {
        var area = AreaCodes[i % AreaCodes.Length];
        var rest = i / AreaCodes.Length;
        var exchange = 200 + (rest / 10_000 % 800);
        var line = rest % 10_000;
        var candidate = string.Create(CultureInfo.InvariantCulture, $"+1{area}{exchange}{line:D4}");
        return PhoneNumber.TryParse(candidate, out var phone, out _) ? phone.E164 : null;
    }

    /// <summary>Streams the file to Herald in one request (never read into memory on this side either).</summary>
    public static async Task<Result> RunAsync(HeraldChild herald, string csv)
    {
        await using var file = new FileStream(csv, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var size = file.Length;
        using var content = new StreamContent(file, 1 << 16);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
        var clock = Stopwatch.StartNew();
        using var r = await herald.Client.PostAsync(new Uri("v1/contacts/import", UriKind.Relative), content);
        var text = await r.Content.ReadAsStringAsync();
        clock.Stop();
        if (!r.IsSuccessStatusCode)
        {
            throw new BenchStepException((int)r.StatusCode,
                $"POST /v1/contacts/import: {(int)r.StatusCode} {(text.Length > 600 ? text[..600] : text)}{Environment.NewLine}{herald.Process.Tail(10)}");
        }
        var json = JsonNode.Parse(text)!;
        long N(string name) => json[name]?.GetValue<long>() ?? 0;
        return new Result(N("rows"), N("created"), N("invalid"), N("duplicates"), clock.Elapsed, size, text.Length > 300 ? text[..300] + " …" : text);
    }
}
