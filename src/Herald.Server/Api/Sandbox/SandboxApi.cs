using Herald.Domain;
using Herald.Domain.Keys;
using Herald.Domain.Messages;
using Herald.Domain.Phones;
using Herald.Domain.Templates;
using Herald.Engine.Inbound;
using Herald.Engine.Sandbox;
using Herald.Engine.Sending;
using Herald.Engine.Templates;
using Herald.Server.Api.Messages;
using Herald.Server.Api.Templates;
using Herald.Server.Auth;
using Herald.Server.Infrastructure;

namespace Herald.Server.Api.Sandbox;

/// <summary>The body of POST /v1/sandbox/inbound: a person acting as the customer.</summary>
public sealed record SandboxInboundRequest(string? From, string? Text, string? Channel, string? Sender, DateTimeOffset? ReceivedAt);

public sealed record SandboxInboundResponse(MessageView Message, string Keyword, MessageView? Reply, WindowView Window);

/// <summary>POST /v1/sandbox/inbound · POST /v1/sandbox/templates/{id}/status</summary>
public static class SandboxApi
{
    public static void MapSandbox(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/v1/sandbox").WithTags("Sandbox");
        g.MapPost("/inbound", InboundAsync).RequireScope(Scopes.Sandbox).WithMetadata(new IdempotentAttribute())
            .Accepts<SandboxInboundRequest>("application/json").Produces<SandboxInboundResponse>(201).ProducesProblem(400)
            .WithSummary("Act as the customer: a reply to a sandbox sender")
            .WithDescription("Opens or resets the WhatsApp window and the Viber session; STOP opts out, START opts back in, HELP gets the help text. " +
                "'received_at' dates the message (e.g. 25 hours ago) and becomes the contact's latest inbound time, to try the window's expiry without waiting.");
        g.MapPost("/templates/{id}/status", TemplateStatusAsync).RequireScope(Scopes.TemplatesWrite)
            .Accepts<SandboxTemplateStatusRequest>("application/json").Produces<TemplateResponse>(200).ProducesProblem(404)
            .WithSummary("Set the status a sandbox sender reports for a template (PENDING, APPROVED, REJECTED, PAUSED, DISABLED)");
    }

    private static async Task<IResult> InboundAsync(HttpContext http, SenderDirectory senders, InboundService inbound, TimeProvider clock)
    {
        var (body, problem) = await Body.ReadAsync<SandboxInboundRequest>(http);
        if (problem is not null)
        {
            return problem;
        }
        var caller = Caller.Of(http);
        var errors = new List<Reason>();
        PhoneNumber? from = null;
        if (string.IsNullOrWhiteSpace(body!.From))
        {
            errors.Add(new Reason("from_required", "Say who writes in 'from', as an E.164 number.", "from"));
        }
        else if (!PhoneNumber.TryParse(body.From, out from, out var e))
        {
            errors.Add(e! with { Field = "from" });
        }
        var channel = Channel.WhatsApp;
        if (body.Channel is not null && !Wire.TryParseChannel(body.Channel, out channel))
        {
            errors.Add(new Reason("channel_invalid", $"'{body.Channel}' is not a channel; use sms, whatsapp or viber.", "channel"));
        }
        var now = clock.GetUtcNow();
        if (body.ReceivedAt is { } at && at > now + TimeSpan.FromMinutes(5))
        {
            errors.Add(new Reason("received_at_in_future", "'received_at' cannot be in the future.", "received_at"));
        }
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        if (body.Channel is null && body.Sender is not null && await senders.ByIdAsync(body.Sender) is { } named
            && Wire.TryParseChannel(named.Channel, out var senderChannel))
        {
            channel = senderChannel;
        }
        var (sender, reason) = await senders.ResolveAsync(caller.WorkspaceId, channel, body.Sender, http.RequestAborted);
        if (sender is null)
        {
            return Problems.Validation([reason!]);
        }
        if (sender.Provider != SandboxSender.Name)
        {
            return Problems.Validation([new Reason("sender_not_sandbox",
                $"Sender '{sender.Id}' is a real {sender.Provider} sender; the sandbox can only act as the customer of sandbox senders.", "sender")]);
        }
        var result = await inbound.ReceiveAsync(new InboundCommand(sender, from!.E164, body.Text, body.ReceivedAt ?? now, true, "sandbox"),
            http.RequestAborted);
        return TypedResults.Created($"/v1/messages/{result.Message.Id}", new SandboxInboundResponse(
            MessageView.From(result.Message), result.Keyword.ToString().ToLowerInvariant(),
            result.Reply is null ? null : MessageView.From(result.Reply), CheckView.WindowOf(result.Window, now)!));
    }

    private static async Task<IResult> TemplateStatusAsync(string id, HttpContext http, TemplateService templates, SenderDirectory senders)
    {
        var (body, problem) = await Body.ReadAsync<SandboxTemplateStatusRequest>(http);
        if (problem is not null)
        {
            return problem;
        }
        if (!Enum.TryParse<TemplateStatus>(body!.Status, true, out var status) || int.TryParse(body.Status, out _))
        {
            return Problems.Validation([new Reason("status_invalid", "'status' must be PENDING, APPROVED, REJECTED, PAUSED or DISABLED.", "status")]);
        }
        var view = await templates.SetSandboxStatusAsync(Caller.Of(http).WorkspaceId, id, status, body.Sender, body.Reason, http.RequestAborted);
        return view is null ? Problems.NotFound("template", id) : TypedResults.Ok(TemplateResponse.From(view));
    }
}
