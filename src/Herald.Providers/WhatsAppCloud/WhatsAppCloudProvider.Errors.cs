using Herald.Domain.Messages;
using Herald.Providers.Shared;
using static Herald.Providers.Contracts.ProviderErrorAction;
using static Herald.Providers.Shared.Dispositions;

namespace Herald.Providers.WhatsAppCloud;

public sealed partial class WhatsAppCloudProvider
{
    /// <summary>Meta's documented error codes (docs/providers/wire-formats.md §1.3) and what each means for a send.</summary>
    public static readonly ErrorTable Errors = new(
    [
        new("131047", Fail, ErrorClass.Policy, null, None, "Re-engagement: more than 24 hours since the recipient last replied; send a template."),
        new("130429", Retry, null, TimeSpan.FromSeconds(1), SlowSender, "Cloud API message throughput has been reached."),
        // About one message per 6 s to the same user: wait at least that long.
        new("131056", Retry, ErrorClass.Policy, TimeSpan.FromSeconds(6), BackOffRecipient, "Pair rate limit hit: too many messages to the same recipient."),
        // Documented: do not retry before 24 h; if validity runs out first the message fails as policy.
        new("131049", Retry, ErrorClass.Policy, TimeSpan.FromHours(24), None, "Not delivered to maintain healthy ecosystem engagement (per-user marketing limit)."),
        new("131026", Fail, ErrorClass.Permanent, null, None, "Message undeliverable: not a WhatsApp user, terms not accepted or an old app."),
        new("131000", Retry, null, null, None, "Something went wrong: message failed to send due to an unknown error."),
        new("131016", Retry, null, null, None, "Service unavailable."),
        new("131057", Retry, null, null, None, "Account in maintenance mode."),
        new("2", Retry, null, null, None, "API service: temporary downtime or overload."),
        new("4", Retry, null, TimeSpan.FromSeconds(1), SlowSender, "Too many API calls for the app."),
        new("80007", Retry, null, TimeSpan.FromSeconds(1), SlowSender, "WhatsApp Business Account rate limit reached."),
        new("131008", Fail, ErrorClass.Permanent, null, None, "Required parameter is missing."),
        new("131009", Fail, ErrorClass.Permanent, null, None, "Parameter value is not valid."),
        new("100", Fail, ErrorClass.Permanent, null, None, "Invalid parameter."),
        new("132000", Fail, ErrorClass.Permanent, null, None, "Template parameter count mismatch."),
        new("132001", Fail, ErrorClass.Permanent, null, SyncTemplate, "Template does not exist in this language or is not approved."),
        new("132015", Fail, ErrorClass.Policy, null, SyncTemplate, "Template is paused because of low quality."),
        new("132016", Fail, ErrorClass.Policy, null, SyncTemplate, "Template is disabled for good."),
        new("131050", Fail, ErrorClass.Policy, null, None, "The user stopped marketing messages from this business."),
        new("368", Fail, ErrorClass.Policy, null, AlertOperator, "Temporarily blocked for policy violations."),
        new("190", Fail, ErrorClass.Permanent, null, AlertOperator, "Access token has expired."),
        new("0", Fail, ErrorClass.Permanent, null, AlertOperator, "Unable to authenticate the app user."),
        new("10", Fail, ErrorClass.Permanent, null, AlertOperator, "Permission denied."),
    ],
    code => new(code, Fail, ErrorClass.Permanent, null, None, "Undocumented Cloud API error."));
}
