using Herald.Domain;
using Herald.Domain.Templates;
using Herald.Engine.Sandbox;
using Herald.Engine.Sending;
using Herald.Storage.Rows;
using Herald.Storage.Stores;

namespace Herald.Engine.Templates;

/// <summary>A template with its status on each of the workspace's senders.</summary>
public sealed record TemplateView(TemplateRow Row, TemplateDefinition Definition, IReadOnlyList<TemplateStatusRow> Statuses);

/// <summary>Creates and changes templates: lint first, then store; a sandbox sender approves at once.</summary>
public sealed class TemplateService(TemplateStore store, WorkspaceStore workspaces, SenderDirectory senders, TimeProvider clock)
{
    public async Task<(TemplateView? Created, IReadOnlyList<Reason> Problems)> CreateAsync(
        string workspaceId, TemplateDefinition d, CancellationToken ct = default)
    {
        var lint = TemplateLint.Lint(d);
        if (lint.Count > 0)
        {
            return (null, lint);
        }
        var now = clock.GetUtcNow();
        var row = new TemplateRow
        {
            Id = HeraldId.New("tpl", now), WorkspaceId = workspaceId, Name = d.Name, Language = d.Language,
            Category = d.Category.ToString().ToUpperInvariant(), Definition = TemplateCodec.Serialize(d),
            CreatedAt = now.ToUnixTimeMilliseconds(), UpdatedAt = now.ToUnixTimeMilliseconds(),
        };
        var statuses = await InitialStatusesAsync(workspaceId, row.Id, now, ct).ConfigureAwait(false);
        if (!await store.InsertAsync(row, statuses, ct).ConfigureAwait(false))
        {
            return (null, [new Reason("template_exists",
                $"A template named '{d.Name}' in language '{d.Language}' already exists; change it with PUT /v1/templates/{{id}} or pick another name.",
                "name")]);
        }
        return (new TemplateView(row, d, statuses), []);
    }

    public async Task<(TemplateView? Updated, IReadOnlyList<Reason> Problems)> UpdateAsync(
        string workspaceId, string id, TemplateDefinition d, CancellationToken ct = default)
    {
        var existing = await store.GetAsync(workspaceId, id, ct).ConfigureAwait(false);
        if (existing is null)
        {
            return (null, []);
        }
        if (d.Name != existing.Name || !string.Equals(d.Language, existing.Language, StringComparison.OrdinalIgnoreCase))
        {
            return (null, [new Reason("template_identity_immutable",
                "A template's name and language cannot change; create a new template instead.", "name")]);
        }
        var lint = TemplateLint.Lint(d);
        if (lint.Count > 0)
        {
            return (null, lint);
        }
        var now = clock.GetUtcNow();
        existing.Category = d.Category.ToString().ToUpperInvariant();
        existing.Definition = TemplateCodec.Serialize(d);
        existing.UpdatedAt = now.ToUnixTimeMilliseconds();
        // Editing content sends the template back for approval; a sandbox sender approves again at once.
        var statuses = await InitialStatusesAsync(workspaceId, id, now, ct).ConfigureAwait(false);
        await store.UpdateAsync(existing, statuses, ct).ConfigureAwait(false);
        return (new TemplateView(existing, d, statuses), []);
    }

    public async Task<TemplateView?> GetAsync(string workspaceId, string id, CancellationToken ct = default)
    {
        var row = await store.GetAsync(workspaceId, id, ct).ConfigureAwait(false);
        if (row is null)
        {
            return null;
        }
        var statuses = await store.StatusesAsync([row.Id], ct).ConfigureAwait(false);
        return new TemplateView(row, TemplateCodec.Deserialize(row.Definition), statuses);
    }

    public async Task<IReadOnlyList<TemplateView>> ListAsync(string workspaceId, string? after, int limit, CancellationToken ct = default)
    {
        var rows = await store.ListAsync(workspaceId, after, limit, ct).ConfigureAwait(false);
        var statuses = (await store.StatusesAsync(rows.Select(r => r.Id).ToList(), ct).ConfigureAwait(false)).ToLookup(s => s.TemplateId);
        return [.. rows.Select(r => new TemplateView(r, TemplateCodec.Deserialize(r.Definition), [.. statuses[r.Id]]))];
    }

    /// <summary>Sets the status a sandbox sender reports for a template, to try PAUSED, REJECTED and the rest without a provider.</summary>
    public async Task<TemplateView?> SetSandboxStatusAsync(
        string workspaceId, string id, TemplateStatus status, string? senderId, string? reason, CancellationToken ct = default)
    {
        var view = await GetAsync(workspaceId, id, ct).ConfigureAwait(false);
        if (view is null)
        {
            return null;
        }
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var targets = (await workspaces.SendersAsync(workspaceId, ct).ConfigureAwait(false))
            .Where(s => s.Provider == SandboxSender.Name && s.Channel != "sms" && (senderId is null || s.Id == senderId));
        foreach (var s in targets)
        {
            await store.SetStatusAsync(new TemplateStatusRow
            {
                TemplateId = id, SenderId = s.Id, Status = status.ToString().ToUpperInvariant(), Quality = "UNKNOWN",
                Reason = reason, UpdatedAt = now,
            }, ct).ConfigureAwait(false);
        }
        return await GetAsync(workspaceId, id, ct).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<TemplateStatusRow>> InitialStatusesAsync(string workspaceId, string templateId, DateTimeOffset now, CancellationToken ct)
    {
        senders.Invalidate();
        var all = await workspaces.SendersAsync(workspaceId, ct).ConfigureAwait(false);
        // Only the sandbox approves by itself; a real provider's status comes with submission (or registration by hand).
        return [.. all.Where(s => s.Channel != "sms" && s.Provider == SandboxSender.Name).Select(s => new TemplateStatusRow
        {
            TemplateId = templateId, SenderId = s.Id, Status = "APPROVED", Quality = "UNKNOWN", UpdatedAt = now.ToUnixTimeMilliseconds(),
        })];
    }
}
