using Herald.Domain.Consent;
using Herald.Domain.Messages;
using Herald.Providers.Contracts;
using Herald.Providers.Shared;

namespace Herald.Providers.Twilio;

public sealed partial class TwilioProvider
{
    /// <summary>Twilio status words Herald tracks; queued, sending, accepted, scheduled, canceled and new words are ignored.</summary>
    public static readonly IReadOnlyDictionary<string, MessageStatus> StatusTable = new Dictionary<string, MessageStatus>(StringComparer.Ordinal)
    {
        ["sent"] = MessageStatus.Sent,
        ["delivered"] = MessageStatus.Delivered,
        ["read"] = MessageStatus.Read,
        ["failed"] = MessageStatus.Failed,
        ["undelivered"] = MessageStatus.Failed,
    };

    /// <inheritdoc />
    public bool TryParse(ProviderWebhookRequest request, out ProviderWebhookEvents events)
    {
        ArgumentNullException.ThrowIfNull(request);
        return TryParseWebhook(FormBody.Decode(request.Body.Span), request.Header(IdempotencyHeader), out events);
    }

    /// <summary>
    /// Parses a status callback or an inbound message from its form fields. Callbacks carry no event time, so
    /// <see cref="ProviderStatusEvent.ProviderTimestamp"/> stays null and the caller uses its receive time.
    /// </summary>
    public static bool TryParseWebhook(IReadOnlyList<KeyValuePair<string, string>> form, string? idempotencyToken, out ProviderWebhookEvents events)
    {
        ArgumentNullException.ThrowIfNull(form);
        events = ProviderWebhookEvents.Empty with { IdempotencyToken = idempotencyToken };
        string? sid = form.First("MessageSid") ?? form.First("SmsSid");
        if (sid is null)
        {
            return false;
        }

        string? status = form.First("MessageStatus") ?? form.First("SmsStatus");
        string from = Bare(form.First("From"));
        string to = Bare(form.First("To"));
        if (status is "received" or "receiving" || status is null && form.First("Body") is not null)
        {
            Channel channel = (form.First("From") ?? "").StartsWith("whatsapp:", StringComparison.Ordinal) ? Channel.WhatsApp : Channel.Sms;
            var inbound = new ProviderInboundMessage(Name, channel, sid, from, to, form.First("Body"), null,
                form.First("ProfileName"), Keyword(form.First("OptOutType")));
            events = events with { Inbound = [inbound] };
            return true;
        }

        if (status is null || !StatusTable.TryGetValue(status, out MessageStatus mapped))
        {
            return true; // a status Herald does not track: nothing to apply
        }

        var ev = new ProviderStatusEvent(Name, sid, mapped, null, to);
        if (form.First("ErrorCode") is { Length: > 0 } code && mapped == MessageStatus.Failed)
        {
            ProviderErrorRule rule = Errors.For(code);
            bool expired = rule.Action.HasFlag(ProviderErrorAction.Expired);
            ev = ev with
            {
                Status = expired ? MessageStatus.Expired : MessageStatus.Failed,
                ErrorCode = code,
                ErrorMessage = form.First("ErrorMessage") ?? rule.Meaning,
                ErrorClass = rule.Class ?? ErrorClass.TransientExhausted,
            };
        }

        events = events with { Statuses = [ev] };
        return true;
    }

    private static string Bare(string? address) =>
        address is null ? "" : address.StartsWith("whatsapp:", StringComparison.Ordinal) ? address["whatsapp:".Length..] : address;

    private static KeywordKind Keyword(string? optOutType) => optOutType?.ToUpperInvariant() switch
    {
        "STOP" => KeywordKind.OptOut,
        "START" => KeywordKind.OptIn,
        "HELP" => KeywordKind.Help,
        _ => KeywordKind.None,
    };
}
