using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Herald.Domain;

namespace Herald.Engine.Contacts;

/// <summary>Which columns hold the phone number, the time zone and the name; null = found by header name.</summary>
public sealed record CsvReadOptions(string? PhoneColumn = null, string? TimeZoneColumn = null, string? NameColumn = null);

/// <summary>
/// One data record. <see cref="Row"/> is the record number as a spreadsheet shows it: the header is row 1, the first
/// data row is row 2. <see cref="Phone"/> is the E.164 number, or null with <see cref="Error"/> saying why the row is
/// not imported.
/// </summary>
public sealed record CsvRow(long Row, string RawPhone, string? Phone, Reason? Error, string? Name, string? TimeZone,
    IReadOnlyList<KeyValuePair<string, string>> Attributes);

/// <summary>The header as read and the columns chosen for the phone, the name and the time zone.</summary>
public sealed record CsvLayout(IReadOnlyList<string> Headers, int PhoneIndex, int? NameIndex, int? TimeZoneIndex);

/// <summary>The file cannot be read as contacts at all (no header, no phone column…); nothing was imported.</summary>
public sealed class CsvFormatException(Reason reason) : Exception(reason.Message)
{
    public Reason Reason { get; } = reason;
}

/// <summary>
/// Reads contacts from a CSV stream in batches, with flat memory whatever the file's size: one task parses records,
/// a bounded queue hands raw batches to validation on the thread pool (phone parsing is the costly part), and batches
/// come out in file order.
/// </summary>
public sealed partial class CsvContactReader : IAsyncDisposable
{
    private static readonly string[] PhoneNames = ["phone", "phone_number", "mobile", "msisdn", "number", "whatsapp", "to"];
    private static readonly string[] TimeZoneNames = ["time_zone", "timezone", "tz"];
    private static readonly string[] NameNames = ["name"];

    private readonly StreamReader _text;
    private readonly CsvParser _parser;
    private int _started;

    private CsvContactReader(StreamReader text, CsvParser parser, CsvLayout layout)
    {
        _text = text;
        _parser = parser;
        Layout = layout;
    }

    public CsvLayout Layout { get; }

    /// <summary>Reads the header and chooses the columns.</summary>
    /// <exception cref="CsvFormatException">No header, a duplicate header, or no phone column (or a named column missing).</exception>
    public static async Task<CsvContactReader> OpenAsync(Stream csv, CsvReadOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(options);
        var text = new StreamReader(csv, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = true,
            DetectColumnCountChanges = false,
            BadDataFound = null,
            MissingFieldFound = null,
            IgnoreBlankLines = true,
            BufferSize = 64 * 1024,
            CacheFields = true,
        };
        var parser = new CsvParser(text, config, leaveOpen: true);
        try
        {
            ct.ThrowIfCancellationRequested();
            if (!await parser.ReadAsync().ConfigureAwait(false) || parser.Record is not { Length: > 0 } header
                || header.All(string.IsNullOrWhiteSpace))
            {
                throw new CsvFormatException(new Reason("csv_empty",
                    "The file has no header row: the first line must name the columns, e.g. phone,name,time_zone.", "file"));
            }
            var layout = LayoutOf([.. header.Select(h => h.Trim())], options);
            return new CsvContactReader(text, parser, layout);
        }
        catch
        {
            parser.Dispose();
            text.Dispose();
            throw;
        }
    }

    private static CsvLayout LayoutOf(string[] headers, CsvReadOptions options)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var h in headers)
        {
            if (h.Length > 0 && !seen.Add(h))
            {
                throw new CsvFormatException(new Reason("csv_header_duplicate",
                    $"The header names the column '{h}' twice; give every column its own name.", "header"));
            }
        }
        var phone = Find(headers, options.PhoneColumn, PhoneNames)
            ?? throw new CsvFormatException(new Reason("csv_phone_column_missing", options.PhoneColumn is { } named
                ? $"The header has no column '{named}' (phone_column); it has: {string.Join(", ", headers)}."
                : $"The header has no phone column: name it phone (or phone_number, mobile, msisdn, number, whatsapp, to), or pass phone_column. It has: {string.Join(", ", headers)}.",
                "phone_column"));
        var timeZone = Find(headers, options.TimeZoneColumn, TimeZoneNames);
        if (options.TimeZoneColumn is { } tz && timeZone is null)
        {
            throw new CsvFormatException(new Reason("csv_column_missing",
                $"The header has no column '{tz}' (time_zone_column); it has: {string.Join(", ", headers)}.", "time_zone_column"));
        }
        var name = Find(headers, options.NameColumn, NameNames);
        if (options.NameColumn is { } n && name is null)
        {
            throw new CsvFormatException(new Reason("csv_column_missing",
                $"The header has no column '{n}' (name_column); it has: {string.Join(", ", headers)}.", "name_column"));
        }
        if (timeZone == phone || name == phone || (name is not null && name == timeZone))
        {
            throw new CsvFormatException(new Reason("csv_column_conflict",
                "The phone, name and time zone columns must be different columns.", "header"));
        }
        return new CsvLayout(headers, phone, name, timeZone);
    }

    private static int? Find(string[] headers, string? named, string[] defaults)
    {
        if (named is not null)
        {
            var i = Array.FindIndex(headers, h => string.Equals(h, named.Trim(), StringComparison.OrdinalIgnoreCase));
            return i < 0 ? null : i;
        }
        foreach (var d in defaults)
        {
            var i = Array.FindIndex(headers, h => string.Equals(h, d, StringComparison.OrdinalIgnoreCase));
            if (i >= 0)
            {
                return i;
            }
        }
        return null;
    }

    public ValueTask DisposeAsync()
    {
        _parser.Dispose();
        _text.Dispose();
        return ValueTask.CompletedTask;
    }
}
