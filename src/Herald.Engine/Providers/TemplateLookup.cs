using System.Collections.Concurrent;
using Herald.Domain.Messages;
using Herald.Domain.Templates;
using Herald.Providers.Contracts;
using Herald.Engine.Sending;
using Herald.Storage.Stores;

namespace Herald.Engine.Providers;

/// <summary>A template as an adapter needs it: its definition and the provider's id for it on each sender.</summary>
public sealed record ProviderTemplate(string Id, TemplateDefinition Definition, IReadOnlyDictionary<string, string> ProviderIds);

/// <summary>Templates by workspace, name and language, cached a few seconds: every template send needs one.</summary>
public sealed class TemplateLookup(TemplateStore store, TimeProvider clock)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<(string, string, string), (DateTimeOffset At, ProviderTemplate? T)> _cache = new();

    public async ValueTask<ProviderTemplate?> FindAsync(string workspaceId, string name, string language, CancellationToken ct)
    {
        var key = (workspaceId, name, language);
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(key, out var hit) && now - hit.At < Ttl)
        {
            return hit.T;
        }
        var row = await store.ByNameAndLanguageAsync(workspaceId, name, language, ct).ConfigureAwait(false);
        ProviderTemplate? t = null;
        if (row is not null)
        {
            var statuses = await store.StatusesAsync([row.Id], ct).ConfigureAwait(false);
            t = new ProviderTemplate(row.Id, TemplateCodec.Deserialize(row.Definition),
                statuses.Where(s => s.ProviderTemplateId is not null).ToDictionary(s => s.SenderId, s => s.ProviderTemplateId!, StringComparer.Ordinal));
        }
        _cache[key] = (now, t);
        return t;
    }

    public void Invalidate() => _cache.Clear();

    /// <summary>The message with its template named by the provider's id registered for its sender, or a permanent failure when none was registered.</summary>
    public async ValueTask<(OutboundMessage? Message, SendResult? Refusal)> RegisteredAsync(OutboundMessage message, string idName, CancellationToken ct)
    {
        var t = await FindAsync(message.Sender.WorkspaceId, message.TemplateName!, message.TemplateLanguage!, ct).ConfigureAwait(false);
        return t is not null && t.ProviderIds.TryGetValue(message.Sender.Id, out var providerId)
            ? (message with { TemplateName = providerId }, null)
            : (null, SendResult.Fail(ErrorClass.Permanent, "template_not_registered",
                $"Template '{message.TemplateName}' has no {idName} for this sender; register it with PUT /v1/templates/{{id}}/senders/{{sender_id}}."));
    }
}
