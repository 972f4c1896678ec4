namespace Herald.Domain.Keys;

/// <summary>
/// What an API key may do. <see cref="All"/> grants everything; a <c>:write</c> scope also grants the matching
/// <c>:read</c>, because whoever may change something may see it.
/// </summary>
public static class Scopes
{
    public const string All = "*";
    public const string MessagesRead = "messages:read";
    public const string MessagesWrite = "messages:write";
    public const string TemplatesRead = "templates:read";
    public const string TemplatesWrite = "templates:write";
    public const string ContactsRead = "contacts:read";
    public const string ContactsWrite = "contacts:write";
    public const string BroadcastsRead = "broadcasts:read";
    public const string BroadcastsWrite = "broadcasts:write";
    public const string SendersRead = "senders:read";
    public const string SendersWrite = "senders:write";
    public const string KeysManage = "keys:manage";
    public const string WebhooksRead = "webhooks:read";
    public const string WebhooksWrite = "webhooks:write";
    public const string IntegrationsRead = "integrations:read";
    public const string IntegrationsWrite = "integrations:write";
    public const string Sandbox = "sandbox";

    private const string ReadSuffix = ":read";
    private const string WriteSuffix = ":write";

    /// <summary>Every scope a key may be given.</summary>
    public static readonly IReadOnlyList<string> Known =
    [
        All, MessagesRead, MessagesWrite, TemplatesRead, TemplatesWrite, ContactsRead, ContactsWrite,
        BroadcastsRead, BroadcastsWrite, SendersRead, SendersWrite, KeysManage, Sandbox,
        WebhooksRead, WebhooksWrite, IntegrationsRead, IntegrationsWrite,
    ];

    /// <summary>True when a name is one of <see cref="Known"/> (exact, case-sensitive).</summary>
    public static bool IsKnown(string? scope) => scope is not null && Known.Contains(scope, StringComparer.Ordinal);

    /// <summary>True when the <paramref name="held"/> scopes allow <paramref name="required"/>.</summary>
    public static bool Grants(IEnumerable<string> held, string required)
    {
        ArgumentNullException.ThrowIfNull(held);
        ArgumentException.ThrowIfNullOrEmpty(required);
        string? writer = required.EndsWith(ReadSuffix, StringComparison.Ordinal)
            ? required[..^ReadSuffix.Length] + WriteSuffix
            : null;
        return held.Any(h => h == All || h == required || (writer is not null && h == writer));
    }
}
