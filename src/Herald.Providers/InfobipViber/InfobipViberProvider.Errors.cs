using Herald.Domain.Messages;
using Herald.Providers.Shared;
using static Herald.Providers.Contracts.ProviderErrorAction;
using static Herald.Providers.Shared.Dispositions;

namespace Herald.Providers.InfobipViber;

public sealed partial class InfobipViberProvider
{
    /// <summary>
    /// Infobip's documented API error codes (docs/providers/wire-formats.md §3.1), current (<c>E…</c>) and legacy
    /// (<c>requestError.serviceException.messageId</c>): 429 and 5xx are transient, the rest permanent.
    /// </summary>
    public static readonly ErrorTable Errors = new(
    [
        new("E400", Fail, ErrorClass.Permanent, null, None, "Request cannot be processed."),
        new("E401", Fail, ErrorClass.Permanent, null, AlertOperator, "The request lacks valid authentication credentials."),
        new("E403", Fail, ErrorClass.Permanent, null, AlertOperator, "Forbidden."),
        new("E404", Fail, ErrorClass.Permanent, null, None, "Not found."),
        new("E429", Retry, null, TimeSpan.FromSeconds(1), SlowSender, "Too many requests sent."),
        new("E500", Retry, null, null, None, "Something went wrong."),
        new("UNAUTHORIZED", Fail, ErrorClass.Permanent, null, AlertOperator, "Unauthorized."),
        new("TOO_MANY_REQUESTS", Retry, null, TimeSpan.FromSeconds(1), SlowSender, "Too many requests."),
        new("GENERAL_ERROR", Retry, null, null, None, "General error."),
    ],
    code => new(code, Fail, ErrorClass.Permanent, null, None, "Undocumented Infobip error."));
}
