using System.Globalization;
using System.Text;
using Herald.Simulator.Core;
using Microsoft.Extensions.Options;

namespace Herald.Simulator.Twilio;

/// <summary>Status callbacks and inbound messages, form-encoded, signed X-Twilio-Signature.</summary>
internal sealed class TwilioHooks(SimState state, WebhookDispatcher dispatcher, TwilioLedger ledger, IOptions<SimulatorOptions> options)
{
    private static readonly string[] StopWords = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"];
    private static readonly string[] StartWords = ["START", "UNSTOP", "YES"];
    private static readonly string[] HelpWords = ["HELP", "INFO"];

    private TwilioAccount Account => options.Value.Twilio;

    public void ScheduleStatuses(TwilioSend send, string? statusCallback)
    {
        var fails = StatusPlan.Fails(state, send.To);
        string[] statuses = fails ? ["sent", "undelivered"]
            : send.WhatsApp && state.Knobs.ReadReceipts ? ["sent", "delivered", "read"] : ["sent", "delivered"];
        var plan = StatusPlan.For(state, statuses);
        ledger.Add(send, plan);
        if (!state.Knobs.StatusWebhooks || (statusCallback ?? Account.StatusCallbackUrl) is not { } url)
        {
            return;
        }

        var now = state.Clock.GetUtcNow();
        foreach (var (status, delay) in plan)
        {
            var form = new List<KeyValuePair<string, string>>
            {
                new("AccountSid", send.AccountSid),
                new("ApiVersion", TwilioPayloads.ApiVersion),
                new("From", send.From ?? ""),
                new("MessageSid", send.Sid),
                new("MessageStatus", status),
                new("SmsSid", send.Sid),
                new("SmsStatus", status),
                new("To", send.To),
            };
            if (send.MessagingServiceSid is { } service)
            {
                form.Add(new("MessagingServiceSid", service));
            }

            if (status is "undelivered" or "failed")
            {
                form.Add(new("ErrorCode", "30003"));
            }

            if (send.WhatsApp)
            {
                form.Add(new("ChannelPrefix", "whatsapp"));
                form.Add(new("ChannelInstallSid", "XE" + state.Random.Hex(16)));
                form.Add(new("EventType", status.ToUpperInvariant()));
            }
            else if (status is "delivered" or "undelivered")
            {
                form.Add(new("RawDlrDoneDate", (now + delay).ToString("yyMMddHHmm", CultureInfo.InvariantCulture)));
            }

            Post("status", send.Sid, status, url, send.AccountSid, form, delay);
        }
    }

    /// <summary>A customer writes; OptOutType is set for SMS when the body is an opt-out, opt-in or help keyword.</summary>
    public string? PostInbound(string from, string to, string text, string? account)
    {
        var accountSid = account ?? Account.EffectiveAccounts.Keys.Order(StringComparer.Ordinal).First();
        if (!Account.EffectiveAccounts.ContainsKey(accountSid))
        {
            return null;
        }

        var sid = "SM" + state.Random.Hex(16);
        var form = new List<KeyValuePair<string, string>>
        {
            new("AccountSid", accountSid),
            new("ApiVersion", TwilioPayloads.ApiVersion),
            new("Body", text),
            new("From", from),
            new("MessageSid", sid),
            new("NumMedia", "0"),
            new("NumSegments", "1"),
            new("SmsMessageSid", sid),
            new("SmsSid", sid),
            new("SmsStatus", "received"),
            new("To", to),
        };
        if (from.StartsWith("whatsapp:", StringComparison.Ordinal))
        {
            form.Add(new("ProfileName", "Simulated Customer"));
            form.Add(new("WaId", from["whatsapp:+".Length..]));
        }
        else if (OptOutType(text) is { } optOut)
        {
            form.Add(new("OptOutType", optOut));
        }

        if (Account.InboundUrl is { } url)
        {
            Post("inbound", sid, "received", url, accountSid, form, TimeSpan.Zero);
        }

        return sid;
    }

    private static string? OptOutType(string text)
    {
        var word = text.Trim().ToUpperInvariant();
        return StopWords.Contains(word) ? "STOP" : StartWords.Contains(word) ? "START" : HelpWords.Contains(word) ? "HELP" : null;
    }

    private void Post(string kind, string sid, string status, string url, string accountSid,
        List<KeyValuePair<string, string>> form, TimeSpan delay)
    {
        var token = Account.EffectiveAccounts[accountSid];
        var body = Encoding.UTF8.GetBytes(string.Join('&', form.Select(p => $"{Encode(p.Key)}={Encode(p.Value)}")));
        var headers = new List<KeyValuePair<string, string>>
        {
            new("X-Twilio-Signature", Signing.Twilio(token, url, form)),
            new("I-Twilio-Idempotency-Token", state.Random.GuidLike()),
            new("User-Agent", "TwilioProxy/1.1"),
        };
        dispatcher.Post(new WebhookJob("twilio", kind, sid, status, url, body, "application/x-www-form-urlencoded", headers), delay);
    }

    private static string Encode(string value) => Uri.EscapeDataString(value).Replace("%20", "+", StringComparison.Ordinal);
}
