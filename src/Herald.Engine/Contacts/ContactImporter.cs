using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Herald.Domain;
using Herald.Storage.Infrastructure;
using Herald.Storage.Stores;
using Microsoft.Extensions.Options;

namespace Herald.Engine.Contacts;

/// <summary>
/// Imports contacts from a CSV stream with flat memory: batches are validated ahead on the thread pool, merged by
/// E.164 (a later row's non-empty values win, attributes merge key by key) and written one transaction per batch,
/// creating new contacts and merging into existing ones. Nothing is written when the header cannot be read.
/// </summary>
public sealed class ContactImporter(Database db, TimeProvider clock, IOptions<ImportOptions> options)
{
    /// <summary>Most row errors listed in a result; the counts stay exact beyond it.</summary>
    public const int MaxErrors = 1_000;

    /// <exception cref="CsvFormatException">The header is missing or unusable; nothing was written.</exception>
    public async Task<ContactImportResult> ImportAsync(string workspaceId, Stream csv, CsvReadOptions read, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workspaceId);
        await using var reader = await CsvContactReader.OpenAsync(csv, read, ct).ConfigureAwait(false);
        var tally = new Tally();
        var seen = new HashSet<long>();
        var json = new ArrayBufferWriter<byte>(4096);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await foreach (var batch in reader.ReadBatchesAsync(options.Value.BatchSize, ct).ConfigureAwait(false))
        {
            var merged = new Dictionary<string, Pending>(batch.Count, StringComparer.Ordinal);
            var firstSeen = new List<string>();
            foreach (var row in batch)
            {
                tally.Rows++;
                if (row.Phone is not { } phone)
                {
                    tally.Invalid(row);
                    continue;
                }
                if (seen.Add(long.Parse(phone.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture)))
                {
                    firstSeen.Add(phone);
                }
                else
                {
                    tally.Duplicates++;
                }
                if (merged.TryGetValue(phone, out var pending))
                {
                    pending.Merge(row);
                }
                else
                {
                    merged[phone] = new Pending(row);
                }
            }
            if (merged.Count == 0)
            {
                continue;
            }
            var now = clock.GetUtcNow();
            var upserts = new List<ContactUpsert>(merged.Count);
            foreach (var (phone, p) in merged)
            {
                p.Id = HeraldId.New("ct", now);
                upserts.Add(new ContactUpsert(p.Id, phone, p.Name, p.AttributesJson(json), p.TimeZone));
            }
            IReadOnlySet<string> created;
            using (await db.WriteTurnAsync(ct).ConfigureAwait(false))
            {
                await using var tx = await db.BeginWriteAsync(c, ct).ConfigureAwait(false);
                created = await ContactImportStore.UpsertAsync(c, tx, workspaceId, upserts, now.ToUnixTimeMilliseconds(), ct).ConfigureAwait(false);
                await tx.CommitAsync(ct).ConfigureAwait(false);
            }
            foreach (var phone in firstSeen)
            {
                if (created.Contains(merged[phone].Id))
                {
                    tally.Created++;
                }
                else
                {
                    tally.Updated++;
                }
            }
        }
        return tally.Result();
    }

    private sealed class Tally
    {
        private readonly List<ContactImportError> _errors = [];
        private long _invalid;
        private bool _truncated;

        public long Rows { get; set; }

        public long Created { get; set; }

        public long Updated { get; set; }

        public long Duplicates { get; set; }

        public void Invalid(CsvRow row)
        {
            _invalid++;
            if (_errors.Count < MaxErrors)
            {
                var e = row.Error ?? new Reason("phone_invalid", "The row has no valid phone number.", "phone");
                _errors.Add(new ContactImportError(row.Row, e.Code, e.Message, row.RawPhone));
            }
            else
            {
                _truncated = true;
            }
        }

        public ContactImportResult Result() => new(Rows, Created, Updated, Duplicates, _invalid, _errors, _truncated);
    }

    /// <summary>The contact a batch will write for one phone, merged from every row of the batch with that phone.</summary>
    private sealed class Pending(CsvRow first)
    {
        private List<KeyValuePair<string, string>>? _merged;

        public string Id { get; set; } = "";

        public string? Name { get; private set; } = first.Name;

        public string? TimeZone { get; private set; } = first.TimeZone;

        private IReadOnlyList<KeyValuePair<string, string>> Attributes => _merged ?? first.Attributes;

        public void Merge(CsvRow later)
        {
            Name = later.Name ?? Name;
            TimeZone = later.TimeZone ?? TimeZone;
            _merged ??= [.. first.Attributes];
            foreach (var kv in later.Attributes)
            {
                var i = _merged.FindIndex(x => string.Equals(x.Key, kv.Key, StringComparison.Ordinal));
                if (i >= 0)
                {
                    _merged[i] = kv;
                }
                else
                {
                    _merged.Add(kv);
                }
            }
        }

        public string AttributesJson(ArrayBufferWriter<byte> buffer)
        {
            if (Attributes.Count == 0)
            {
                return "{}";
            }
            buffer.ResetWrittenCount();
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                foreach (var (k, v) in Attributes)
                {
                    w.WriteString(k, v);
                }
                w.WriteEndObject();
            }
            return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
    }
}
