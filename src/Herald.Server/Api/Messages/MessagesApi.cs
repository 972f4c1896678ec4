using Herald.Domain.Keys;
using Herald.Domain.Messages;
using Herald.Engine.Sending;
using Herald.Server.Auth;
using Herald.Server.Infrastructure;
using Herald.Storage.Stores;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Herald.Server.Api.Messages;

/// <summary>
/// POST /v1/messages · POST /v1/messages/check · GET /v1/messages · GET /v1/messages/{id} · POST /v1/messages/{id}/cancel
/// </summary>
public static class MessagesApi
{
    public static void MapMessages(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/v1/messages").WithTags("Messages");
        g.MapPost("/", SendAsync).RequireScope(Scopes.MessagesWrite).WithMetadata(new IdempotentAttribute())
            .Accepts<SendMessageRequest>("application/json").Produces<MessageView>(202)
            .ProducesProblem(400).ProducesProblem(422).ProducesProblem(409)
            .WithSummary("Send one proactive message").WithDescription("Checks every rule, stores the message and queues it in one step; answers 202 with its id and status.");
        g.MapPost("/check", CheckAsync).RequireScope(Scopes.MessagesRead)
            .Accepts<SendMessageRequest>("application/json").Produces<CheckView>(200).ProducesProblem(400)
            .WithSummary("Check a message without sending it").WithDescription("Same body as sending; returns the decision with every reason, the window, encoding and segments.");
        g.MapGet("/", ListAsync).RequireScope(Scopes.MessagesRead).Produces<MessagePage>(200)
            .WithSummary("List messages, newest first, filtered and paged by cursor");
        g.MapGet("/{id}", GetAsync).RequireScope(Scopes.MessagesRead).Produces<MessageView>(200).ProducesProblem(404)
            .WithSummary("Get a message with its timeline");
        g.MapPost("/{id}/cancel", CancelAsync).RequireScope(Scopes.MessagesWrite).WithMetadata(new IdempotentAttribute())
            .Produces<MessageView>(200).ProducesProblem(404).ProducesProblem(409)
            .WithSummary("Cancel a message that has not been handed to the provider yet");
    }

    private static async Task<(SendCommand? Command, IResult? Problem)> ParseAsync(
        HttpContext http, SenderDirectory senders, TimeProvider clock)
    {
        var (body, problem) = await Body.ReadAsync<SendMessageRequest>(http);
        if (problem is not null)
        {
            return (null, problem);
        }
        var caller = Caller.Of(http);
        if (caller.SenderId is { } bound)
        {
            // A channel key sends only from its own sender, and uses it when the request names none.
            if (body!.Sender is { } asked && !string.IsNullOrWhiteSpace(asked) && asked.Trim() != bound)
            {
                return (null, Problems.Create(403, "sender_not_allowed",
                    $"This API key is a channel key bound to sender '{bound}'; it cannot send from '{asked.Trim()}'. Leave 'sender' out or use a workspace key.",
                    new Dictionary<string, object?> { ["key_sender"] = bound }));
            }
            body = body with { Sender = bound };
        }
        Channel? senderChannel = null;
        if (body!.Channel is null && body.Sender is not null && await senders.ByIdAsync(body.Sender.Trim()) is { } s
            && s.WorkspaceId == caller.WorkspaceId && Wire.TryParseChannel(s.Channel, out var ch))
        {
            senderChannel = ch;
        }
        var (cmd, errors) = SendRequestParser.Parse(body, caller.WorkspaceId, senderChannel, clock.GetUtcNow());
        return cmd is null ? (null, Problems.Validation(errors)) : (cmd, null);
    }

    private static async Task<IResult> SendAsync(HttpContext http, SendPipeline pipeline, SenderDirectory senders, TimeProvider clock)
    {
        var (cmd, problem) = await ParseAsync(http, senders, clock);
        if (cmd is null)
        {
            return problem!;
        }
        var result = await pipeline.SubmitAsync(cmd, http.RequestAborted);
        if (result.Message is null)
        {
            return Problems.Refused(result.Evaluation.Decision.Reasons, RefusalExtras.For(result.Evaluation, clock.GetUtcNow()));
        }
        return TypedResults.Accepted($"/v1/messages/{result.Message.Id}", MessageView.From(result.Message));
    }

    private static async Task<IResult> CheckAsync(HttpContext http, SendPipeline pipeline, SenderDirectory senders, TimeProvider clock)
    {
        var (cmd, problem) = await ParseAsync(http, senders, clock);
        if (cmd is null)
        {
            return problem!;
        }
        var evaluated = await pipeline.CheckAsync(cmd, http.RequestAborted);
        return TypedResults.Ok(CheckView.From(evaluated, clock.GetUtcNow()));
    }

    private static async Task<Results<Ok<MessageView>, ProblemHttpResult>> GetAsync(string id, HttpContext http, MessageStore store)
    {
        var caller = Caller.Of(http);
        var m = await store.GetAsync(caller.WorkspaceId, id, http.RequestAborted);
        if (m is null)
        {
            return Problems.NotFound("message", id);
        }
        var events = await store.GetEventsAsync(id, http.RequestAborted);
        return TypedResults.Ok(MessageView.From(m, events));
    }

    private static async Task<Results<Ok<MessageView>, ProblemHttpResult>> CancelAsync(
        string id, HttpContext http, MessageStore store, TimeProvider clock)
    {
        var caller = Caller.Of(http);
        var (m, cancelled) = await store.CancelAsync(caller.WorkspaceId, id, clock.GetUtcNow().ToUnixTimeMilliseconds(), http.RequestAborted);
        if (m is null)
        {
            return Problems.NotFound("message", id);
        }
        if (!cancelled && m.Status != "cancelled")
        {
            return Problems.Create(409, "message_not_cancellable",
                $"Message {id} is already {m.Status}; only messages not yet handed to the provider (queued, scheduled, deferred) can be cancelled.",
                // Not "status": RFC 9457 reserves that member for the HTTP status code.
                new Dictionary<string, object?> { ["message_status"] = m.Status });
        }
        var events = await store.GetEventsAsync(id, http.RequestAborted);
        return TypedResults.Ok(MessageView.From(m, events));
    }

    private static async Task<IResult> ListAsync(HttpContext http, MessageStore store)
    {
        var caller = Caller.Of(http);
        var (filter, limit, errors) = MessageQuery.Parse(http.Request.Query);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var rows = await store.ListAsync(caller.WorkspaceId, filter, limit + 1, http.RequestAborted);
        var page = rows.Take(limit).Select(r => MessageView.From(r)).ToList();
        return TypedResults.Ok(new MessagePage(page, rows.Count > limit ? Cursor.Encode(page[^1].Id) : null));
    }
}
