using Herald.Domain.Keys;
using Herald.Engine.Providers;
using Herald.Engine.Senders;
using Herald.Server.Auth;
using Herald.Server.Infrastructure;
using Herald.Storage.Rows;
using Herald.Storage.Stores;

namespace Herald.Server.Api.Senders;

/// <summary>The body of POST /v1/senders and PATCH /v1/senders/{id}.</summary>
/// <param name="Name">A name people recognise.</param>
/// <param name="Channel">sms, whatsapp or viber (may be left out when the provider has one channel).</param>
/// <param name="Provider">meta, twilio, infobip or sandbox; cannot change.</param>
/// <param name="Address">The business number in E.164 (the Viber sender name on Viber; a Twilio Messaging Service may stand in).</param>
/// <param name="Default">Whether it is the channel's default sender.</param>
/// <param name="RatePerSecond">The most messages per second Herald hands the provider for this sender.</param>
/// <param name="RatePerSegment">SMS: count the rate per segment instead of per message.</param>
/// <param name="MessagingTier">WhatsApp: the messaging tier (TIER_250, TIER_1K, TIER_2K, TIER_10K, TIER_100K, TIER_UNLIMITED).</param>
/// <param name="PairRateSeconds">The least seconds between two messages to the same person (0 = none).</param>
/// <param name="Settings">Provider settings (not secret), e.g. phone_number_id and waba_id on Meta.</param>
/// <param name="Credentials">Provider secrets, e.g. access_token and app_secret on Meta; stored encrypted, never returned.</param>
public sealed record SenderRequest(
    string? Name, string? Channel, string? Provider, string? Address, bool? Default, double? RatePerSecond, bool? RatePerSegment,
    string? MessagingTier, double? PairRateSeconds, Dictionary<string, string?>? Settings, Dictionary<string, string?>? Credentials)
{
    public SenderInput ToInput() => new(Name, Channel, Provider, Address, Default, RatePerSecond, RatePerSegment, MessagingTier, PairRateSeconds,
        Settings, Credentials);
}

/// <summary>A sender as the API shows it: credentials only by name.</summary>
public sealed record SenderView(
    string Id, string Channel, string Provider, string Name, string Address, bool IsDefault, double RatePerSecond, bool RatePerSegment,
    string? MessagingTier, double? PairRateSeconds, IReadOnlyDictionary<string, string> Settings, IReadOnlyList<string> CredentialsSet,
    string? WebhookUrl, DateTimeOffset CreatedAt, DateTimeOffset? UpdatedAt)
{
    public static SenderView From(SenderRow s, SenderKeys keys, string? webhookUrl) => new(
        s.Id, s.Channel, s.Provider, s.Name, s.Address, s.IsDefault == 1, s.RatePerSecond, s.PerSegment == 1, s.MessagingTier, s.PairRateSeconds,
        keys.Settings, [.. keys.Credentials.Keys.Order(StringComparer.Ordinal)], webhookUrl,
        DateTimeOffset.FromUnixTimeMilliseconds(s.CreatedAt), s.UpdatedAt is { } u ? DateTimeOffset.FromUnixTimeMilliseconds(u) : null);
}

/// <summary>/v1/senders: configure senders with their credentials (encrypted, never returned), limits and webhook URL.</summary>
public static class SendersApi
{
    public static void MapSenders(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/v1/senders").WithTags("Senders");
        g.MapGet("/", async (HttpContext http, WorkspaceStore store, SenderService senders, PublicUrls urls) =>
                TypedResults.Ok((await store.SendersAsync(Caller.Of(http).WorkspaceId, http.RequestAborted)).Select(s => View(http, s, senders, urls)).ToList()))
            .RequireScope(Scopes.SendersRead).Produces<List<SenderView>>(200).WithSummary("List the workspace's senders");
        g.MapGet("/{id}", async (string id, HttpContext http, WorkspaceStore store, SenderService senders, PublicUrls urls) =>
                await store.SenderAsync(id, http.RequestAborted) is { } s && s.WorkspaceId == Caller.Of(http).WorkspaceId
                    ? (IResult)TypedResults.Ok(View(http, s, senders, urls))
                    : Problems.NotFound("sender", id))
            .RequireScope(Scopes.SendersRead).Produces<SenderView>(200).ProducesProblem(404).WithSummary("Get a sender with its webhook URL");
        g.MapPost("/", CreateAsync).RequireScope(Scopes.SendersWrite).WithMetadata(new IdempotentAttribute())
            .Accepts<SenderRequest>("application/json").Produces<SenderView>(201).ProducesProblem(400)
            .WithSummary("Add a sender")
            .WithDescription("Providers and what they need: meta (whatsapp) settings phone_number_id, waba_id [, api_version], credentials access_token, app_secret, verify_token; " +
                "twilio (sms, whatsapp) settings account_sid [, messaging_service_sid], credentials auth_token; infobip (viber) [settings base_url], credentials api_key, webhook_secret; " +
                "sandbox: nothing. Point the provider's webhook at the answer's webhook_url.");
        g.MapMethods("/{id}", ["PATCH"], UpdateAsync).RequireScope(Scopes.SendersWrite)
            .Accepts<SenderRequest>("application/json").Produces<SenderView>(200).ProducesProblem(400).ProducesProblem(404)
            .WithSummary("Change a sender: absent fields keep their value; given settings and credentials replace those names (empty removes an optional one)");
        g.MapDelete("/{id}", async (string id, HttpContext http, SenderService senders) =>
                await senders.DeleteAsync(Caller.Of(http).WorkspaceId, id, http.RequestAborted) ? (IResult)TypedResults.NoContent() : Problems.NotFound("sender", id))
            .RequireScope(Scopes.SendersWrite).Produces(204).ProducesProblem(404)
            .WithSummary("Remove a sender (queued messages through it fail with sender_unavailable)");
    }

    private static async Task<IResult> CreateAsync(HttpContext http, SenderService senders, PublicUrls urls)
    {
        var (body, problem) = await Body.ReadAsync<SenderRequest>(http);
        if (problem is not null)
        {
            return problem;
        }
        var (row, problems) = await senders.CreateAsync(Caller.Of(http).WorkspaceId, body!.ToInput(), http.RequestAborted);
        return row is null ? Problems.Validation(problems) : TypedResults.Created($"/v1/senders/{row.Id}", View(http, row, senders, urls));
    }

    private static async Task<IResult> UpdateAsync(string id, HttpContext http, SenderService senders, PublicUrls urls)
    {
        var (body, problem) = await Body.ReadAsync<SenderRequest>(http);
        if (problem is not null)
        {
            return problem;
        }
        var (row, problems) = await senders.UpdateAsync(Caller.Of(http).WorkspaceId, id, body!.ToInput(), http.RequestAborted);
        return row is not null ? TypedResults.Ok(View(http, row, senders, urls))
            : problems.Count > 0 ? Problems.Validation(problems)
            : Problems.NotFound("sender", id);
    }

    private static SenderView View(HttpContext http, SenderRow s, SenderService senders, PublicUrls urls) =>
        SenderView.From(s, senders.KeysOf(s), urls.WebhookUrl(s, RequestBase(http)));

    /// <summary>The address this request reached Herald at, for webhook URLs when <c>Herald:PublicUrl</c> is not set.</summary>
    public static string RequestBase(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
}
