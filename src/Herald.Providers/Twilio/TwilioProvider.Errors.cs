using Herald.Domain.Messages;
using Herald.Providers.Shared;
using static Herald.Providers.Contracts.ProviderErrorAction;
using static Herald.Providers.Shared.Dispositions;

namespace Herald.Providers.Twilio;

public sealed partial class TwilioProvider
{
    /// <summary>Twilio's documented error codes (docs/providers/wire-formats.md §2.7) and what each means for a send.</summary>
    public static readonly ErrorTable Errors = new(
    [
        new("20429", Retry, null, TimeSpan.FromSeconds(1), SlowSender, "Too many requests: the request was not processed."),
        new("21211", Fail, ErrorClass.Permanent, null, None, "Invalid 'To' phone number."),
        new("21610", Fail, ErrorClass.Consent, null, RecordOptOut, "The recipient replied STOP: unsubscribed from this sender."),
        new("21611", Retry, null, TimeSpan.FromMinutes(1), SlowSender, "The 'From' number has too many queued messages."),
        new("30001", Retry, null, TimeSpan.FromMinutes(1), SlowSender, "Queue overflow."),
        new("30003", Fail, ErrorClass.Permanent, null, None, "Unreachable destination handset."),
        new("30005", Fail, ErrorClass.Permanent, null, None, "Unknown destination handset."),
        new("30006", Fail, ErrorClass.Permanent, null, None, "Landline or unreachable carrier."),
        new("30007", Fail, ErrorClass.Policy, null, None, "Message filtered by the carrier."),
        new("30036", Fail, ErrorClass.Permanent, null, Expired, "Validity period expired before delivery."),
        new("30045", Fail, ErrorClass.Permanent, null, None, "Invalid validity period value."),
        new("63016", Fail, ErrorClass.Policy, null, None, "Outside the WhatsApp messaging window: send a template."),
        new("63014", Fail, ErrorClass.Permanent, null, None, "Message blocked by the end user."),
        new("20003", Fail, ErrorClass.Permanent, null, AlertOperator, "Authentication failed."),
    ],
    code => new(code, Fail, ErrorClass.Permanent, null, None, "Undocumented Twilio error."));
}
