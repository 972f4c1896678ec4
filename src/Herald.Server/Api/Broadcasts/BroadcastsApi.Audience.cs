using System.Globalization;
using System.Text;
using System.Text.Json;
using Herald.Domain;
using Herald.Domain.Keys;
using Herald.Engine.Broadcasts;
using Herald.Engine.Contacts;
using Herald.Engine.Sending;
using Herald.Server.Api.Contacts;
using Herald.Server.Auth;
using Herald.Server.Infrastructure;
using Herald.Storage.Stores;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Herald.Server.Api.Broadcasts;

public static partial class BroadcastsApi
{
    private static void MapAudience(RouteGroupBuilder g)
    {
        g.MapPut("/{id}/audience", SetAudienceAsync).RequireScope(Scopes.BroadcastsWrite).WithMetadata(new ContactImportApi.StreamedBody())
            .Accepts<string>(ContactImportApi.CsvMediaType, "application/json").Produces<AudienceView>(200)
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409).ProducesProblem(415)
            .WithSummary("Set a draft's audience: a CSV (text/csv: header row, a phone column, other columns are variables, optional time_zone) or {\"contacts\": {match, conditions}}");
        g.MapGet("/{id}/preview", PreviewAsync).RequireScope(Scopes.BroadcastsRead).Produces<PreviewView>(200).ProducesProblem(404)
            .WithSummary("Counts of valid, invalid, duplicate and opted-out recipients, rendered samples, SMS segments and the forecast finish time");
        g.MapGet("/{id}/recipients", RecipientsAsync).RequireScope(Scopes.BroadcastsRead).Produces<RecipientPage>(200).ProducesProblem(404)
            .WithSummary("The per-recipient ledger in audience order (filter with ?status=)");
        g.MapGet("/{id}/recipients.csv", ExportAsync).RequireScope(Scopes.BroadcastsRead).Produces<string>(200, "text/csv").ProducesProblem(404)
            .WithSummary("The whole ledger as CSV: one line per audience row");
    }

    private static async Task<IResult> SetAudienceAsync(
        string id, HttpContext http, BroadcastStore store, BroadcastService service, IOptions<ImportOptions> imports)
    {
        var (b, notFound) = await LoadAsync(id, http, store);
        if (b is null)
        {
            return notFound!;
        }
        if (b.State != "draft")
        {
            return Conflict(BroadcastService.NotDraft(b));
        }
        MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type);
        var media = type?.MediaType.Value?.ToLowerInvariant();
        if (media == ContactImportApi.CsvMediaType)
        {
            var read = ContactImportApi.CsvUpload(http, imports.Value);
            try
            {
                var c = await service.SetCsvAudienceAsync(b, http.Request.Body, read, http.RequestAborted);
                return TypedResults.Ok(new AudienceView(c.Rows, c.Recipients, c.Invalid, c.Duplicates));
            }
            catch (CsvFormatException ex)
            {
                return Problems.Validation([ex.Reason]);
            }
        }
        if (media == "application/json")
        {
            var (body, problem) = await Body.ReadAsync<AudienceRequest>(http);
            if (problem is not null)
            {
                return problem;
            }
            var errors = new List<Reason>();
            var match = body!.Contacts is { } contacts ? BroadcastRequestParser.ParseContacts(contacts, errors) : null;
            if (match is null || errors.Count > 0)
            {
                return Problems.Validation(errors.Count > 0 ? errors
                    : [new Reason("audience_required", "Give {\"contacts\": {\"match\": \"all\", \"conditions\": [...]}} or upload a CSV as text/csv.", "contacts")]);
            }
            var c = await service.SetContactsAudienceAsync(b, match, http.RequestAborted);
            return TypedResults.Ok(new AudienceView(c.Rows, c.Recipients, c.Invalid, c.Duplicates));
        }
        return Problems.Create(415, "unsupported_media_type",
            "Send the audience as a CSV file with 'Content-Type: text/csv', or contact conditions as application/json.");
    }

    private static async Task<IResult> PreviewAsync(string id, HttpContext http, BroadcastStore store, BroadcastService service)
    {
        var (b, notFound) = await LoadAsync(id, http, store);
        if (b is null)
        {
            return notFound!;
        }
        var samples = 5;
        if (http.Request.Query.TryGetValue("samples", out var s)
            && (!int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out samples) || samples > 100))
        {
            return Problems.Validation([new Reason("invalid_query", "'samples' must be a whole number from 0 to 100.", "samples")]);
        }
        var p = await service.PreviewAsync(b, samples, http.RequestAborted);
        var views = p.Samples.Select(x => new SampleView(x.Row, x.Phone, x.SenderId, x.Text,
            x.Parameters is null ? null : JsonDocument.Parse(TemplateCodec.SerializeParameters(x.Parameters)!).RootElement.Clone(),
            x.Segments, x.Encoding)).ToList();
        var sms = p.Encodings is null ? null
            : new SmsView(p.Encodings, p.Segments!.ToDictionary(kv => kv.Key.ToString(CultureInfo.InvariantCulture), kv => kv.Value));
        return TypedResults.Ok(new PreviewView(new PreviewCounts(p.Total, p.Valid, p.Invalid, p.Duplicates, p.OptedOut), views, sms, p.Forecast, p.Problems));
    }

    private static async Task<IResult> RecipientsAsync(string id, HttpContext http, BroadcastStore store)
    {
        var (b, notFound) = await LoadAsync(id, http, store);
        if (b is null)
        {
            return notFound!;
        }
        var (after, limit, errors) = Templates.Paging.Parse(http.Request.Query);
        long afterSeq = 0;
        if (after is not null && !long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out afterSeq))
        {
            errors = [.. errors, new Reason("invalid_cursor", "'cursor' is not one Herald gave out; pass next_cursor unchanged.", "cursor")];
        }
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var status = ContactImportApi.Param(http.Request.Query, "status");
        var rows = await store.LedgerPageAsync(b.Id, afterSeq, status, limit + 1, http.RequestAborted);
        var page = rows.Take(limit).Select(RecipientView.From).ToList();
        return TypedResults.Ok(new RecipientPage(page,
            rows.Count > limit ? Cursor.Encode(page[^1].Row.ToString(CultureInfo.InvariantCulture)) : null));
    }

    private static async Task<IResult> ExportAsync(string id, HttpContext http, BroadcastStore store)
    {
        var (b, notFound) = await LoadAsync(id, http, store);
        if (b is null)
        {
            return notFound!;
        }
        return Results.Stream(async output =>
        {
            await using var w = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024);
            await w.WriteLineAsync("row,input_phone,phone,status,error_class,error_code,error_message,in_doubt,retries,sender_id,message_id,updated_at");
            await foreach (var r in store.LedgerAsync(b.Id, http.RequestAborted))
            {
                var v = RecipientView.From(r);
                await w.WriteLineAsync(string.Join(',',
                    v.Row.ToString(CultureInfo.InvariantCulture), Csv(v.InputPhone), Csv(v.Phone), v.Status, Csv(v.ErrorClass), Csv(v.ErrorCode),
                    Csv(v.ErrorMessage), v.InDoubt ? "true" : "false", v.Retries.ToString(CultureInfo.InvariantCulture), Csv(v.Sender),
                    Csv(v.MessageId), v.UpdatedAt?.ToString("O", CultureInfo.InvariantCulture) ?? ""));
            }
        }, "text/csv; charset=utf-8", $"{b.Id}-recipients.csv");
    }

    /// <summary>RFC 4180 quoting; a leading =, +, - or @ is prefixed with ' so spreadsheets do not run it as a formula.</summary>
    private static string Csv(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        if (value[0] is '=' or '+' or '-' or '@' && !(value[0] == '+' && value.Skip(1).All(char.IsAsciiDigit)))
        {
            value = "'" + value;
        }
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
