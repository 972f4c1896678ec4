using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Herald.Domain;
using Herald.Domain.Phones;

namespace Herald.Engine.Contacts;

public sealed partial class CsvContactReader
{
    /// <summary>Batches validated ahead of the consumer; with the one being read this bounds memory to a few batches.</summary>
    private const int Ahead = 3;

    private const int MaxCachedZones = 10_000;

    private static readonly ConcurrentDictionary<string, bool> Zones = new(StringComparer.Ordinal);

    /// <summary>
    /// The data rows in file order, <paramref name="batchSize"/> at a time (the last batch may be smaller). Rows that
    /// cannot be imported come with an <see cref="CsvRow.Error"/>; they never stop the reading. Enumerate once.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<CsvRow>> ReadBatchesAsync(int batchSize, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("The rows of a CSV file can be read only once.");
        }
        var pending = Channel.CreateBounded<Task<IReadOnlyList<CsvRow>>>(
            new BoundedChannelOptions(Ahead) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var producer = Task.Run(() => ProduceAsync(pending.Writer, batchSize, stop.Token), CancellationToken.None);
        try
        {
            await foreach (var batch in pending.Reader.ReadAllAsync(ct).ConfigureAwait(false))
            {
                yield return await batch.ConfigureAwait(false);
            }
            await producer.ConfigureAwait(false); // rethrows a read error (a broken upload, a body too large)
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await producer.ConfigureAwait(false);
            }
            catch (Exception) when (!producer.IsCompletedSuccessfully)
            {
                // already thrown above, or the consumer stopped early and the producer was cancelled
            }
        }
    }

    private async Task ProduceAsync(ChannelWriter<Task<IReadOnlyList<CsvRow>>> writer, int batchSize, CancellationToken ct)
    {
        try
        {
            var raw = new List<(long Row, string[] Fields)>(batchSize);
            while (await _parser.ReadAsync().ConfigureAwait(false))
            {
                raw.Add((_parser.Row, _parser.Record ?? []));
                if (raw.Count == batchSize)
                {
                    var full = raw;
                    await writer.WriteAsync(Task.Run(() => Validate(full), ct), ct).ConfigureAwait(false);
                    raw = new List<(long Row, string[] Fields)>(batchSize);
                }
            }
            if (raw.Count > 0)
            {
                var last = raw;
                await writer.WriteAsync(Task.Run(() => Validate(last), ct), ct).ConfigureAwait(false);
            }
        }
        finally
        {
            writer.TryComplete();
        }
    }

    private IReadOnlyList<CsvRow> Validate(List<(long Row, string[] Fields)> raw)
    {
        var rows = new CsvRow[raw.Count];
        for (var i = 0; i < raw.Count; i++)
        {
            rows[i] = Validate(raw[i].Row, raw[i].Fields);
        }
        return rows;
    }

    private CsvRow Validate(long row, string[] fields)
    {
        var layout = Layout;
        var rawPhone = layout.PhoneIndex < fields.Length ? fields[layout.PhoneIndex].Trim() : "";
        if (fields.Length != layout.Headers.Count)
        {
            return new CsvRow(row, rawPhone, null, new Reason("csv_row_malformed",
                $"Row {row.ToString(CultureInfo.InvariantCulture)} has {fields.Length.ToString(CultureInfo.InvariantCulture)} fields but the header has " +
                $"{layout.Headers.Count.ToString(CultureInfo.InvariantCulture)}: check for a missing or extra comma, or quote values that contain commas.",
                "row"), null, null, []);
        }
        var name = Value(fields, layout.NameIndex);
        var timeZone = Value(fields, layout.TimeZoneIndex);
        var attributes = new List<KeyValuePair<string, string>>(fields.Length);
        for (var i = 0; i < fields.Length; i++)
        {
            if (i != layout.PhoneIndex && i != layout.NameIndex && i != layout.TimeZoneIndex && Value(fields, i) is { } v)
            {
                var header = layout.Headers[i];
                attributes.Add(new(header.Length > 0 ? header : "column_" + (i + 1).ToString(CultureInfo.InvariantCulture), v));
            }
        }
        Reason? error = null;
        string? phone = null;
        if (rawPhone.Length == 0)
        {
            error = new Reason("phone_missing", $"Row {row.ToString(CultureInfo.InvariantCulture)} has no phone number: " +
                "fill it in international E.164 form with the country code, e.g. +14155550123.", "phone");
        }
        else if (PhoneNumber.TryParse(rawPhone, out var parsed, out var invalid))
        {
            phone = parsed.E164;
        }
        else
        {
            error = new Reason("phone_invalid", invalid!.Message, "phone");
        }
        if (error is null && timeZone is not null && !KnownZone(timeZone))
        {
            error = new Reason("time_zone_invalid",
                $"'{timeZone}' is not a known IANA time zone such as Europe/Paris or America/New_York; fix it or leave it empty.", "time_zone");
        }
        return new CsvRow(row, rawPhone, error is null ? phone : null, error, name, timeZone, attributes);
    }

    private static string? Value(string[] fields, int? index)
    {
        if (index is not { } i)
        {
            return null;
        }
        var v = fields[i];
        if (v.Length == 0)
        {
            return null;
        }
        v = v.Trim();
        return v.Length == 0 ? null : v;
    }

    private static bool KnownZone(string id)
    {
        if (Zones.TryGetValue(id, out var known))
        {
            return known;
        }
        known = TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);
        if (Zones.Count < MaxCachedZones)
        {
            Zones.TryAdd(id, known);
        }
        return known;
    }
}
