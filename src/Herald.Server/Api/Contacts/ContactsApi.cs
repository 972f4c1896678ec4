using System.Text.Json;
using Herald.Domain;
using Herald.Domain.Keys;
using Herald.Domain.Phones;
using Herald.Domain.Policy;
using Herald.Server.Api.Messages;
using Herald.Server.Api.Templates;
using Herald.Server.Auth;
using Herald.Server.Infrastructure;
using Herald.Storage.Rows;
using Herald.Storage.Stores;

namespace Herald.Server.Api.Contacts;

public sealed record ContactRequest(string? Phone, string? Name, JsonElement? Attributes, string? TimeZone);

public sealed record ConsentView(string Channel, bool OptedOut, DateTimeOffset ChangedAt, string Source);

public sealed record ConversationView(string Sender, DateTimeOffset? LastInboundAt, WindowView Window);

public sealed record ContactView(
    string Id, string Phone, string? Name, JsonElement Attributes, string? TimeZone, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    IReadOnlyList<ConsentView>? Consent = null, IReadOnlyList<ConversationView>? Conversations = null)
{
    public static ContactView From(ContactRow c) => new(c.Id, c.Phone, c.Name, JsonDocument.Parse(c.Attributes).RootElement.Clone(),
        c.TimeZone, DateTimeOffset.FromUnixTimeMilliseconds(c.CreatedAt), DateTimeOffset.FromUnixTimeMilliseconds(c.UpdatedAt));
}

public sealed record ContactPage(IReadOnlyList<ContactView> Data, string? NextCursor);

/// <summary>POST /v1/contacts · GET /v1/contacts · GET|PATCH|DELETE /v1/contacts/{id} (with consent and conversation state)</summary>
public static class ContactsApi
{
    public static void MapContacts(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/v1/contacts").WithTags("Contacts");
        g.MapPost("/", CreateAsync).RequireScope(Scopes.ContactsWrite).WithMetadata(new IdempotentAttribute())
            .Accepts<ContactRequest>("application/json").Produces<ContactView>(201).ProducesProblem(400).ProducesProblem(409).WithSummary("Create a contact");
        g.MapGet("/", ListAsync).RequireScope(Scopes.ContactsRead).Produces<ContactPage>(200).WithSummary("List contacts (filter by phone, or search names and numbers with q)");
        g.MapGet("/{id}", GetAsync).RequireScope(Scopes.ContactsRead).Produces<ContactView>(200).ProducesProblem(404)
            .WithSummary("Get a contact with its consent per channel and its conversation state per sender");
        g.MapPatch("/{id}", UpdateAsync).RequireScope(Scopes.ContactsWrite).Accepts<ContactRequest>("application/json")
            .Produces<ContactView>(200).ProducesProblem(404).WithSummary("Change a contact's fields");
        g.MapDelete("/{id}", DeleteAsync).RequireScope(Scopes.ContactsWrite).Produces(204).ProducesProblem(404).WithSummary("Delete a contact");
        g.MapContactImport();
    }

    private static List<Reason> Validate(ContactRequest r, bool phoneRequired, out string? phone, out string? attributes)
    {
        var errors = new List<Reason>();
        phone = null;
        attributes = null;
        if (r.Phone is null && phoneRequired)
        {
            errors.Add(new Reason("phone_required", "Give the contact's 'phone' as an E.164 number like +14155550123.", "phone"));
        }
        else if (r.Phone is not null)
        {
            if (PhoneNumber.TryParse(r.Phone, out var p, out var e))
            {
                phone = p.E164;
            }
            else
            {
                errors.Add(e! with { Field = "phone" });
            }
        }
        if (r.Attributes is { } a && a.ValueKind != JsonValueKind.Null)
        {
            if (a.ValueKind != JsonValueKind.Object || a.GetRawText().Length > 16_384)
            {
                errors.Add(new Reason("attributes_invalid", "'attributes' must be a JSON object of at most 16 KiB.", "attributes"));
            }
            else
            {
                attributes = a.GetRawText();
            }
        }
        if (r.TimeZone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(r.TimeZone, out _))
        {
            errors.Add(new Reason("time_zone_invalid", $"'{r.TimeZone}' is not a known IANA time zone such as Europe/Paris.", "time_zone"));
        }
        return errors;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, ContactStore store, TimeProvider clock)
    {
        var (body, problem) = await Body.ReadAsync<ContactRequest>(http);
        if (problem is not null)
        {
            return problem;
        }
        var errors = Validate(body!, true, out var phone, out var attributes);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var now = clock.GetUtcNow();
        var row = new ContactRow
        {
            Id = HeraldId.New("ct", now), WorkspaceId = Caller.Of(http).WorkspaceId, Phone = phone!, Name = body!.Name,
            Attributes = attributes ?? "{}", TimeZone = body.TimeZone, CreatedAt = now.ToUnixTimeMilliseconds(), UpdatedAt = now.ToUnixTimeMilliseconds(),
        };
        if (!await store.InsertAsync(row, http.RequestAborted))
        {
            var existing = await store.ByPhoneAsync(row.WorkspaceId, row.Phone, http.RequestAborted);
            return Problems.Create(409, "contact_exists", $"A contact with phone {row.Phone} already exists ({existing?.Id}); change it with PATCH.",
                new Dictionary<string, object?> { ["contact_id"] = existing?.Id });
        }
        return TypedResults.Created($"/v1/contacts/{row.Id}", ContactView.From(row));
    }

    private static async Task<IResult> UpdateAsync(string id, HttpContext http, ContactStore store, TimeProvider clock)
    {
        var caller = Caller.Of(http);
        var (body, problem) = await Body.ReadAsync<ContactRequest>(http);
        if (problem is not null)
        {
            return problem;
        }
        var existing = await store.GetAsync(caller.WorkspaceId, id, http.RequestAborted);
        if (existing is null)
        {
            return Problems.NotFound("contact", id);
        }
        var errors = Validate(body!, false, out var phone, out var attributes);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        existing.Phone = phone ?? existing.Phone;
        existing.Name = body!.Name ?? existing.Name;
        existing.Attributes = attributes ?? existing.Attributes;
        existing.TimeZone = body.TimeZone ?? existing.TimeZone;
        existing.UpdatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds();
        try
        {
            await store.UpdateAsync(existing, http.RequestAborted);
        }
        catch (System.Data.Common.DbException)
        {
            return Problems.Create(409, "contact_exists", $"Another contact already has phone {existing.Phone}.");
        }
        return TypedResults.Ok(ContactView.From(existing));
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, ContactStore store, StateStore state, TimeProvider clock)
    {
        var caller = Caller.Of(http);
        var c = await store.GetAsync(caller.WorkspaceId, id, http.RequestAborted);
        if (c is null)
        {
            return Problems.NotFound("contact", id);
        }
        var now = clock.GetUtcNow();
        var consents = await state.ConsentsAsync(caller.WorkspaceId, c.Phone, http.RequestAborted);
        var conversations = await state.ConversationsAsync(caller.WorkspaceId, c.Phone, http.RequestAborted);
        return TypedResults.Ok(ContactView.From(c) with
        {
            Consent = [.. consents.Select(x => new ConsentView(x.Channel, x.OptedOut == 1, DateTimeOffset.FromUnixTimeMilliseconds(x.ChangedAt), x.Source))],
            Conversations = [.. conversations.Select(x =>
            {
                var last = MessageView.Time(x.LastInboundAt);
                return new ConversationView(x.SenderId, last, CheckView.WindowOf(WhatsAppWindow.Evaluate(last, now), now)!);
            })],
        });
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext http, ContactStore store) =>
        await store.DeleteAsync(Caller.Of(http).WorkspaceId, id, http.RequestAborted) ? TypedResults.NoContent() : Problems.NotFound("contact", id);

    private static async Task<IResult> ListAsync(HttpContext http, ContactStore store)
    {
        var (after, limit, errors) = Paging.Parse(http.Request.Query);
        string? phone = null;
        if (http.Request.Query.TryGetValue("phone", out var raw) && QueryPhone.Restore(raw) is { } p)
        {
            if (PhoneNumber.TryParse(p, out var parsed, out _))
            {
                phone = parsed.E164;
            }
            else
            {
                errors = [.. errors, new Reason("invalid_query", $"'{p}' is not an E.164 phone number.", "phone")];
            }
        }
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var search = http.Request.Query["q"].ToString();
        if (search.Length > 100)
        {
            return Problems.Validation([new Reason("invalid_query", "'q' searches names and numbers; keep it under 100 characters.", "q")]);
        }
        var rows = await store.ListAsync(Caller.Of(http).WorkspaceId, after, phone, limit + 1, http.RequestAborted, search);
        var page = rows.Take(limit).Select(ContactView.From).ToList();
        return TypedResults.Ok(new ContactPage(page, rows.Count > limit ? Cursor.Encode(page[^1].Id) : null));
    }
}
