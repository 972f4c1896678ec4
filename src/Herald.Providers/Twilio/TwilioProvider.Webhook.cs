using System.Net;
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
        bool ok = TryParseWebhook(FormBody.Decode(request.Body.Span), request.Header(IdempotencyHeader), out events);
        if (ReferenceOf(request.Url) is { } reference && events.Statuses.Count > 0)
        {
            // The status callback URL Herald gave carries its message id (see SendParameters).
            events = events with { Statuses = [.. events.Statuses.Select(s => s with { Reference = reference })] };
        }

        return ok;
    }

    /// <summary>The value of <see cref="ReferenceParameter"/> in a callback URL's query; null when absent or empty.</summary>
    public static string? ReferenceOf(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return null;
        }

        int hash = url.IndexOf('#', StringComparison.Ordinal);
        string head = hash < 0 ? url : url[..hash];
        int query = head.IndexOf('?', StringComparison.Ordinal);
        if (query < 0)
        {
            return null;
        }

        foreach (string part in head[(query + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && WebUtility.UrlDecode(part[..eq]) == ReferenceParameter)
            {
                string value = WebUtility.UrlDecode(part[(eq + 1)..]);
                return value.Length > 0 ? value : null;
            }
        }

        return null;
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
            ev = StatusErrors.Failed(ev, rule, form.First("ErrorMessage") ?? rule.Meaning) with
            {
                Status = expired ? MessageStatus.Expired : MessageStatus.Failed,
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
