using System.Data.Common;
using System.Text.Json;
using Dapper;
using Herald.Engine.Providers;
using Herald.Engine.Sending;
using Herald.Providers.Contracts;
using Herald.Storage.Rows;
using Herald.Storage.Stores;

namespace Herald.Engine.Templates;

/// <summary>
/// Applies a provider's news about a template (status or quality) to every sender it concerns: on Meta, templates
/// belong to the WhatsApp Business Account, so every Meta sender of the workspace on that account gets the status.
/// </summary>
public sealed class TemplateEventApplier(TemplateLookup lookup, SenderDirectory directory)
{
    /// <summary>Rows changed.</summary>
    public static async Task<int> ApplyAsync(DbConnection c, DbTransaction? tx, SenderRow sender, ProviderTemplateEvent e, long now)
    {
        var templates = (await c.QueryAsync<(string Id, string Language)>(
                "SELECT id, language FROM templates WHERE workspace_id = @workspaceId AND name = @name",
                new { workspaceId = sender.WorkspaceId, name = e.Name }, tx).ConfigureAwait(false))
            .Where(t => TemplateStore.SameLanguage(t.Language, e.Language))
            .Select(t => t.Id).ToList();
        if (templates.Count == 0)
        {
            return 0; // a template Herald does not know (made in the provider's own tools): kept raw only
        }
        var senders = (await c.QueryAsync<SenderRow>(
                "SELECT * FROM senders WHERE workspace_id = @workspaceId AND provider = @provider",
                new { workspaceId = sender.WorkspaceId, provider = sender.Provider }, tx).ConfigureAwait(false))
            .Where(s => s.Id == sender.Id || (e.AccountId is not null && AccountOf(s) == e.AccountId))
            .ToList();
        var changed = 0;
        foreach (var templateId in templates)
        {
            foreach (var s in senders)
            {
                changed += await c.ExecuteAsync(
                    e.Status is { } status
                        ? """
                          INSERT INTO template_statuses (template_id, sender_id, status, quality, reason, updated_at, provider_template_id)
                          VALUES (@templateId, @senderId, @status, COALESCE(@quality, 'UNKNOWN'), @reason, @now, @providerId)
                          ON CONFLICT (template_id, sender_id) DO UPDATE SET status = excluded.status,
                            quality = COALESCE(@quality, template_statuses.quality), reason = excluded.reason, updated_at = excluded.updated_at,
                            provider_template_id = excluded.provider_template_id
                          """
                        : """
                          UPDATE template_statuses SET quality = COALESCE(@quality, quality), updated_at = @now,
                            provider_template_id = COALESCE(provider_template_id, @providerId)
                          WHERE template_id = @templateId AND sender_id = @senderId
                          """,
                    new
                    {
                        templateId, senderId = s.Id, status = e.Status?.ToString().ToUpperInvariant(),
                        quality = e.Quality?.ToString().ToUpperInvariant(), reason = e.Reason is null or "NONE" ? null : e.Reason, now, providerId = e.ProviderTemplateId,
                    }, tx).ConfigureAwait(false);
            }
        }
        return changed;
    }

    /// <summary>Drops cached template data after statuses changed.</summary>
    public void Changed()
    {
        lookup.Invalidate();
        directory.Invalidate();
    }

    /// <summary>The provider account a sender belongs to (the WABA id on Meta).</summary>
    public static string? AccountOf(SenderRow s) => SettingOf(s, "waba_id");

    /// <summary>One of a sender's (non-secret) settings.</summary>
    public static string? SettingOf(SenderRow s, string name)
    {
        if (s.Config is null)
        {
            return null;
        }
        using var doc = JsonDocument.Parse(s.Config);
        return doc.RootElement.TryGetProperty(name, out var w) ? w.GetString() : null;
    }
}
