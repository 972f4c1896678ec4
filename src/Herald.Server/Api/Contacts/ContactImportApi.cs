using Herald.Domain.Keys;
using Herald.Engine.Contacts;
using Herald.Server.Auth;
using Herald.Server.Infrastructure;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Herald.Server.Api.Contacts;

/// <summary>POST /v1/contacts/import: a CSV file streamed into contacts, created or merged by phone.</summary>
public static class ContactImportApi
{
    public const string CsvMediaType = "text/csv";

    public static void MapContactImport(this RouteGroupBuilder contacts)
    {
        contacts.MapPost("/import", ImportAsync).RequireScope(Scopes.ContactsWrite)
            .WithMetadata(new StreamedBody())
            .Accepts<string>(CsvMediaType).Produces<ContactImportResult>(200)
            .ProducesProblem(400).ProducesProblem(413).ProducesProblem(415)
            .WithSummary("Import contacts from a CSV file (header row, a phone column; other columns become attributes)")
            .WithDescription("Rows are created or merged by E.164 phone; query phone_column, time_zone_column and name_column " +
                "choose columns by header. Invalid rows are reported per row and skipped. See docs/contacts-import.md.");
    }

    private static async Task<IResult> ImportAsync(HttpContext http, ContactImporter importer, IOptions<ImportOptions> options)
    {
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type)
            || !type.MediaType.Equals(CsvMediaType, StringComparison.OrdinalIgnoreCase))
        {
            return Problems.Create(415, "unsupported_media_type",
                "Send the file as the request body with 'Content-Type: text/csv' (UTF-8, header row first).");
        }
        var read = CsvUpload(http, options.Value);
        try
        {
            var result = await importer.ImportAsync(Caller.Of(http).WorkspaceId, http.Request.Body, read, http.RequestAborted);
            return TypedResults.Ok(result);
        }
        catch (CsvFormatException ex)
        {
            return Problems.Validation([ex.Reason]);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == 413)
        {
            return Problems.Create(413, "body_too_large",
                $"The file is larger than {options.Value.MaxBytes} bytes (Herald:Imports:MaxBytes); rows read before the limit were imported. Split the file.");
        }
    }

    /// <summary>
    /// For an endpoint taking a CSV body: lifts the body limit to <c>Herald:Imports:MaxBytes</c> and reads the column
    /// choices (<c>phone_column</c>, <c>time_zone_column</c>, <c>name_column</c>) from the query.
    /// </summary>
    internal static CsvReadOptions CsvUpload(HttpContext http, ImportOptions options)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = options.MaxBytes;
        }
        var query = http.Request.Query;
        return new CsvReadOptions(Param(query, "phone_column"), Param(query, "time_zone_column"), Param(query, "name_column"));
    }

    internal static string? Param(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v.ToString()) ? v.ToString().Trim() : null;

    /// <summary>Marks an endpoint that streams its body and sets its own size limit (no 256 KiB JSON cap).</summary>
    public sealed class StreamedBody : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize => null;
    }
}
