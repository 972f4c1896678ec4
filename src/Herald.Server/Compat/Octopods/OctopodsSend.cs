using Herald.Domain;
using Herald.Domain.Messages;
using Herald.Domain.Phones;
using Herald.Domain.Policy;
using Herald.Domain.Templates;
using Herald.Engine.Providers;
using Herald.Engine.Sending;
using Herald.Engine.Templates;
using Herald.Server.Auth;

namespace Herald.Server.Compat.Octopods;

/// <summary>201 answer of a send: Octopods' <c>request_id</c>, <c>message_id</c> (Herald's <c>msg_…</c> id) and <c>phone_number</c> (digits only).</summary>
/// <summary>
/// 201 of a send: Octopods' numeric <c>message_id</c> and <c>message_status_url</c>, the phone's digits, Herald's status and
/// Herald's own id (for the native API).
/// </summary>
public sealed record OctopodsSent(string RequestId, long MessageId, string PhoneNumber, string Status, string MessageStatusUrl, string HeraldMessageId);

/// <summary>Maps Octopods send requests onto a <see cref="SendCommand"/> and <see cref="SendPipeline.SubmitAsync"/>, so every Herald rule applies.</summary>
public sealed partial class OctopodsSend(
    SendPipeline pipeline, TemplateService templates, SenderDirectory senders, OctopodsOrigin origins, OctopodsIds ids, PublicUrls urls,
    ILogger<OctopodsSend> logger)
{
    public async Task<IResult> TemplateAsync(string id, HttpContext http, OctopodsFamily family)
    {
        var (body, phone, error) = await ReadAsync(http, family).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }
        var mediaField = family == OctopodsFamily.Vbm ? "header_image_url" : "header_attachment_url";
        var (media, mediaError) = body.Text(mediaField);
        var (intercom, flagError) = body.Flag("open_intercom_conversation");
        if ((mediaError ?? flagError) is { } fieldError)
        {
            return fieldError;
        }
        var caller = Caller.Of(http);
        var channel = OctopodsTemplatesApi.Channel(family);
        var templateId = await ids.TemplateAsync(caller.WorkspaceId, id, http.RequestAborted).ConfigureAwait(false);
        var template = templateId is null ? null : await templates.GetAsync(caller.WorkspaceId, templateId, http.RequestAborted).ConfigureAwait(false);
        var (sender, senderProblem) = await senders.ResolveAsync(caller.WorkspaceId, channel, caller.SenderId, http.RequestAborted).ConfigureAwait(false);
        if (senderProblem is not null)
        {
            return Refused(http, family, [senderProblem]);
        }
        if (template is null || template.Statuses.All(s => s.SenderId != sender!.Id))
        {
            return OctopodsErrors.Error(http, family, OctopodsErrors.TemplateNotExist, "Message Template does not exist.");
        }
        var (parameters, variablesError, variablesMessage) = MessageVariables.Parse(body.Field("message_variables"), template.Definition, media);
        if (parameters is null)
        {
            return OctopodsErrors.Error(http, family, variablesError!, variablesMessage!);
        }
        var d = template.Definition;
        var purpose = d.Category == TemplateCategory.Marketing ? Purpose.Marketing : Purpose.Transactional;
        var command = new SendCommand(caller.WorkspaceId, channel, sender!.Id, phone, ContentKind.Template, null, d.Name, d.Language,
            parameters, purpose, null, null, null)
        {
            Origin = intercom ? await origins.IntercomAsync(caller.WorkspaceId, body, http.RequestAborted).ConfigureAwait(false) : null,
        };
        return await SubmitAsync(http, family, command).ConfigureAwait(false);
    }

    public async Task<IResult> SmsAsync(HttpContext http)
    {
        const OctopodsFamily family = OctopodsFamily.Sms;
        var (body, phone, error) = await ReadAsync(http, family).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }
        var (text, textError) = body.Field("body") is { ValueKind: not System.Text.Json.JsonValueKind.String }
            ? (null, body.Mismatch("body", "a string"))
            : body.Text("body");
        var (intercom, flagError) = body.Flag("open_intercom_conversation");
        if ((textError ?? flagError) is { } fieldError)
        {
            return fieldError;
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            return OctopodsErrors.Error(http, family, OctopodsErrors.EmptyBody, "Message body is empty.");
        }
        var caller = Caller.Of(http);
        var command = new SendCommand(caller.WorkspaceId, Channel.Sms, caller.SenderId, phone, ContentKind.Text, text, null, null,
            TemplateParameters.None, Purpose.Transactional, null, null, null)
        {
            Origin = intercom ? await origins.IntercomAsync(caller.WorkspaceId, body, http.RequestAborted).ConfigureAwait(false) : null,
        };
        return await SubmitAsync(http, family, command).ConfigureAwait(false);
    }

    /// <summary>The JSON body and its <c>destination_phone</c>, or the Octopods error for whichever is wrong.</summary>
    private static async Task<(OctopodsBody Body, PhoneNumber Phone, IResult? Error)> ReadAsync(HttpContext http, OctopodsFamily family)
    {
        var (body, error) = await OctopodsBody.ReadAsync(http, family).ConfigureAwait(false);
        if (body is null)
        {
            return (null!, null!, error!);
        }
        var (phone, phoneError) = body.Phone();
        return (body, phone!, phone is null ? phoneError! : null);
    }

    private async Task<IResult> SubmitAsync(HttpContext http, OctopodsFamily family, SendCommand command)
    {
        var result = await pipeline.SubmitAsync(command, http.RequestAborted).ConfigureAwait(false);
        if (result.Message is not { } m)
        {
            return Refused(http, family, result.Evaluation.Decision.Reasons);
        }
        LogSent(logger, m.Id, family);
        var number = await ids.MessageNumberAsync(command.WorkspaceId, m.Id, Caller.Of(http).KeyId, http.RequestAborted).ConfigureAwait(false);
        var statusUrl = $"{(urls.IsConfigured ? urls.Base : $"{http.Request.Scheme}://{http.Request.Host}")}/api/v1/{OctopodsMessagesApi.Path(family)}/messages/{number}";
        return TypedResults.Json(new OctopodsSent(OctopodsErrors.RequestId(http), number, command.Phone.E164.TrimStart('+'), m.Status, statusUrl, m.Id),
            statusCode: 201);
    }

    /// <summary>A refusal by Herald's rules, as the Octopods error that names the same problem, with Herald's code in <c>reason</c>.</summary>
    private static IResult Refused(HttpContext http, OctopodsFamily family, IReadOnlyList<Reason> reasons)
    {
        var first = reasons.Count > 0 ? reasons[0] : new Reason("refused", "The message was refused.");
        return OctopodsErrors.Error(http, family, OctopodsRefusals.ErrorFor(first.Code, family), first.Message, first.Code);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Octopods-compatible send accepted as {MessageId} ({Family})")]
    private static partial void LogSent(ILogger logger, string messageId, OctopodsFamily family);
}
