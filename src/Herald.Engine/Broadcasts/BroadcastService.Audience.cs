using System.Text.Json;
using Herald.Engine.Contacts;
using Herald.Storage.Rows;
using Herald.Storage.Stores;

namespace Herald.Engine.Broadcasts;

/// <summary>What an uploaded audience held: every row is one of pending (will be sent), invalid or duplicate.</summary>
public sealed record AudienceCounts(long Rows, long Recipients, long Invalid, long Duplicates);

public sealed partial class BroadcastService
{
    private const int AudienceBatch = 5_000;

    /// <summary>
    /// Streams a CSV into the draft's audience: each row keeps its number, its values (every column) and its time zone;
    /// invalid numbers and repeats of an earlier row's number are kept too, marked, so the ledger accounts for every row.
    /// On any failure the partial audience is removed again.
    /// </summary>
    public async Task<AudienceCounts> SetCsvAudienceAsync(BroadcastRow b, Stream csv, CsvReadOptions csvOptions, CancellationToken ct)
    {
        await store.ClearAudienceAsync(b.Id, ct).ConfigureAwait(false);
        try
        {
            await using var reader = await CsvContactReader.OpenAsync(csv, csvOptions, ct).ConfigureAwait(false);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            long rows = 0, invalid = 0, duplicates = 0;
            await foreach (var batch in reader.ReadBatchesAsync(AudienceBatch, ct).ConfigureAwait(false))
            {
                var recipients = new List<RecipientRow>(batch.Count);
                foreach (var r in batch)
                {
                    rows++;
                    var state = r.Phone is null || r.Error is not null ? "invalid" : seen.Add(r.Phone) ? "pending" : "duplicate";
                    invalid += state == "invalid" ? 1 : 0;
                    duplicates += state == "duplicate" ? 1 : 0;
                    recipients.Add(new RecipientRow
                    {
                        BroadcastId = b.Id, Seq = r.Row, RawPhone = r.RawPhone, Phone = r.Phone, State = state,
                        Variables = state == "pending" ? VariablesOf(r) : null, TimeZone = r.TimeZone,
                        ErrorClass = state == "pending" ? null : "permanent",
                        ErrorCode = state == "invalid" ? r.Error?.Code ?? "phone_invalid" : state == "duplicate" ? "duplicate" : null,
                        ErrorMessage = state == "invalid" ? r.Error?.Message
                            : state == "duplicate" ? $"The same number ({r.Phone}) is in an earlier row; it gets one message." : null,
                    });
                }
                await store.AddRecipientsAsync(recipients, ct).ConfigureAwait(false);
            }
            var counts = new AudienceCounts(rows, rows - invalid - duplicates, invalid, duplicates);
            var audience = new BroadcastAudience("csv", rows, reader.Layout.Headers);
            await store.SetAudienceAsync(b.Id, audience.Serialize(), clock.GetUtcNow().ToUnixTimeMilliseconds(), ct).ConfigureAwait(false);
            return counts;
        }
        catch
        {
            await store.ClearAudienceAsync(b.Id, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Snapshots the saved contacts that match as the audience (set again to refresh it).</summary>
    public async Task<AudienceCounts> SetContactsAudienceAsync(BroadcastRow b, ContactMatch match, CancellationToken ct)
    {
        await store.ClearAudienceAsync(b.Id, ct).ConfigureAwait(false);
        var terms = match.Conditions.Select(c => new ContactFilterTerm(c.Attribute, c.Op, ValuesOf(c.Value))).ToList();
        var filter = ContactFilters.Compile(store.Db.IsSqlite, terms, match.Match == "any");
        var n = await store.AddContactRecipientsAsync(b.WorkspaceId, b.Id, filter, ct).ConfigureAwait(false);
        var audience = new BroadcastAudience("contacts", n, null, match);
        await store.SetAudienceAsync(b.Id, audience.Serialize(), clock.GetUtcNow().ToUnixTimeMilliseconds(), ct).ConfigureAwait(false);
        return new AudienceCounts(n, n, 0, 0);
    }

    private static IReadOnlyList<string> ValuesOf(JsonElement? value) => value switch
    {
        null => [],
        { ValueKind: JsonValueKind.Array } a => a.EnumerateArray().Select(Text).ToList(),
        { ValueKind: JsonValueKind.Null } => [],
        { } v => [Text(v)],
    };

    private static string Text(JsonElement e) => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText();

    /// <summary>Every column of the row by its header, plus name and phone, as one JSON object.</summary>
    private static string VariablesOf(CsvRow r)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in r.Attributes)
        {
            values[k] = v;
        }
        if (r.Name is not null)
        {
            values["name"] = r.Name;
        }
        values["phone"] = r.Phone!;
        return JsonSerializer.Serialize(values);
    }
}
