using Herald.Domain;
using Herald.Domain.Keys;
using Herald.Domain.Templates;
using Herald.Engine.Templates;
using Herald.Server.Api.Messages;
using Herald.Server.Auth;
using Herald.Server.Infrastructure;

namespace Herald.Server.Api.Templates;

/// <summary>The body of POST /v1/templates/{id}/submit and /sync: one sender, or every WhatsApp/Viber sender when left out.</summary>
public sealed record TemplateSubmitRequest(string? Sender);

/// <summary>The body of PUT /v1/templates/{id}/senders/{sender_id}: a status given by hand.</summary>
/// <param name="Status">PENDING, APPROVED, REJECTED, PAUSED or DISABLED.</param>
/// <param name="ProviderTemplateId">The provider's id: Twilio ContentSid (HX…), the Viber template id on Infobip.</param>
/// <param name="Reason">Why, for REJECTED or PAUSED.</param>
public sealed record TemplateRegisterRequest(string? Status, string? ProviderTemplateId, string? Reason);

/// <summary>What submission or sync did on one sender.</summary>
public sealed record TemplateSenderResultView(string Sender, string Provider, string? Status, string? ProviderTemplateId, ReasonView? Problem);

/// <summary>The template after submission or sync, with what happened per sender.</summary>
public sealed record TemplateApprovalResponse(TemplateResponse Template, IReadOnlyList<TemplateSenderResultView> Results);

/// <summary>POST /v1/templates/{id}/submit · POST /v1/templates/{id}/sync · PUT /v1/templates/{id}/senders/{sender_id}</summary>
public static class TemplateApprovalApi
{
    public static void MapTemplateApproval(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/v1/templates").WithTags("Templates");
        g.MapPost("/{id}/submit", SubmitAsync).RequireScope(Scopes.TemplatesWrite)
            .Accepts<TemplateSubmitRequest>("application/json").Produces<TemplateApprovalResponse>(200).ProducesProblem(404).ProducesProblem(502)
            .WithSummary("Submit a template for approval: to Meta (message_templates) for Meta senders, approved at once on sandbox senders")
            .WithDescription("The status becomes PENDING; Meta's message_template_status_update webhook (or /sync, or the periodic reconcile) brings APPROVED, REJECTED, PAUSED or DISABLED. " +
                "Twilio Content and Viber templates are created in the provider's console: register them with PUT /v1/templates/{id}/senders/{sender_id}. The body is optional.");
        g.MapPost("/{id}/sync", SyncAsync).RequireScope(Scopes.TemplatesWrite)
            .Accepts<TemplateSubmitRequest>("application/json").Produces<TemplateApprovalResponse>(200).ProducesProblem(404)
            .WithSummary("Read the template's status and quality from Meta now");
        g.MapPut("/{id}/senders/{senderId}", RegisterAsync).RequireScope(Scopes.TemplatesWrite)
            .Accepts<TemplateRegisterRequest>("application/json").Produces<TemplateResponse>(200).ProducesProblem(400).ProducesProblem(404)
            .WithSummary("Register a template's status and provider id on one sender by hand (Twilio ContentSid, Viber template id)");
    }

    private static async Task<IResult> SubmitAsync(string id, HttpContext http, TemplateSubmission submission, TemplateService templates) =>
        await RunAsync(id, http, templates, (ws, sender) => submission.SubmitAsync(ws, id, sender, http.RequestAborted));

    private static async Task<IResult> SyncAsync(string id, HttpContext http, TemplateSubmission submission, TemplateService templates) =>
        await RunAsync(id, http, templates, (ws, sender) => submission.SyncAsync(ws, id, sender, http.RequestAborted));

    private static async Task<IResult> RunAsync(string id, HttpContext http, TemplateService templates,
        Func<string, string?, Task<IReadOnlyList<TemplateSenderResult>?>> run)
    {
        TemplateSubmitRequest? body = null;
        if (http.Request.ContentLength is > 0 || http.Request.Headers.TransferEncoding.Count > 0)
        {
            (body, var problem) = await Body.ReadAsync<TemplateSubmitRequest>(http);
            if (problem is not null)
            {
                return problem;
            }
        }
        var workspaceId = Caller.Of(http).WorkspaceId;
        var results = await run(workspaceId, body?.Sender);
        if (results is null)
        {
            return Problems.NotFound("template", id);
        }
        var view = await templates.GetAsync(workspaceId, id, http.RequestAborted);
        return TypedResults.Ok(new TemplateApprovalResponse(TemplateResponse.From(view!),
            [.. results.Select(r => new TemplateSenderResultView(r.SenderId, r.Provider, r.Status, r.ProviderTemplateId,
                r.Problem is null ? null : new ReasonView(r.Problem.Code, r.Problem.Message, r.Problem.Field)))]));
    }

    private static async Task<IResult> RegisterAsync(string id, string senderId, HttpContext http, TemplateSubmission submission, TemplateService templates)
    {
        var (body, problem) = await Body.ReadAsync<TemplateRegisterRequest>(http);
        if (problem is not null)
        {
            return problem;
        }
        if (!Enum.TryParse<TemplateStatus>(body!.Status, true, out var status) || int.TryParse(body.Status, out _))
        {
            return Problems.Validation([new Reason("status_invalid", "'status' must be PENDING, APPROVED, REJECTED, PAUSED or DISABLED.", "status")]);
        }
        var workspaceId = Caller.Of(http).WorkspaceId;
        var (row, reason) = await submission.RegisterAsync(workspaceId, id, senderId, status, body.ProviderTemplateId, body.Reason, http.RequestAborted);
        if (reason is not null)
        {
            return Problems.Validation([reason]);
        }
        if (row is null)
        {
            return Problems.NotFound("template or sender", $"{id} / {senderId}");
        }
        return TypedResults.Ok(TemplateResponse.From((await templates.GetAsync(workspaceId, id, http.RequestAborted))!));
    }
}
