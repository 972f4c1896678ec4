using Herald.Domain.Keys;
using Herald.Domain.Messages;
using Herald.Engine.Sending;
using Herald.Engine.Templates;
using Herald.Server.Auth;
using Herald.Storage.Rows;
using Herald.Storage.Stores;

namespace Herald.Server.Compat.Octopods;

/// <summary>
/// GET /api/v1/{whatsapp|vbm}/templates · GET /api/v1/{whatsapp|vbm}/templates/{id} ·
/// POST /api/v1/{whatsapp|vbm}/templates/{id}/messages
/// </summary>
public static class OctopodsTemplatesApi
{
    public static void MapOctopodsTemplates(this IEndpointRouteBuilder api, string prefix, OctopodsFamily family)
    {
        var g = api.MapGroup(prefix + "/templates");
        g.MapGet("/", (HttpContext http, TemplateService templates, WorkspaceStore workspaces, OctopodsIds ids) => ListAsync(http, family, templates, workspaces, ids))
            .RequireOctopodsKey(family, Scopes.TemplatesRead);
        g.MapGet("/{id}", (string id, HttpContext http, TemplateService templates, WorkspaceStore workspaces, SenderDirectory senders, OctopodsIds ids) =>
            GetAsync(id, http, family, templates, workspaces, senders, ids)).RequireOctopodsKey(family, Scopes.TemplatesRead);
        g.MapPost("/{id}/messages", (string id, HttpContext http, OctopodsSend send) => send.TemplateAsync(id, http, family))
            .RequireOctopodsKey(family, Scopes.MessagesWrite);
    }

    private static async Task<IResult> ListAsync(HttpContext http, OctopodsFamily family, TemplateService templates, WorkspaceStore workspaces, OctopodsIds ids)
    {
        var q = http.Request.Query;
        bool? active = null;
        if (q["active"].ToString() is { Length: > 0 } a)
        {
            active = a.Trim().ToLowerInvariant() switch { "true" or "1" or "yes" or "on" => true, "false" or "0" or "no" or "off" => false, _ => null };
            if (active is null)
            {
                return OctopodsErrors.Error(http, family, OctopodsErrors.TypeMismatch, "The 'active' parameter must be true or false.");
            }
        }
        var status = q["status"].ToString().Trim().ToLowerInvariant();
        if (status.Length > 0 && !OctopodsTemplateItem.StatusFilters.Contains(status))
        {
            return OctopodsErrors.Error(http, family, OctopodsErrors.TypeMismatch,
                $"The 'status' parameter must be one of {string.Join(", ", OctopodsTemplateItem.StatusFilters)}.");
        }
        var lang = q["lang"].ToString();
        var items = (await ItemsAsync(http, family, templates, workspaces, ids, null))
            .Where(x => active is null || OctopodsTemplateItem.IsApproved(x.Status) == active)
            .Where(x => status.Length == 0 || OctopodsTemplateItem.FilterKey(x.Item.TemplateStatus) == status)
            .Where(x => lang.Length == 0 || OctopodsTemplateItem.LanguageMatches(x.Language, lang))
            .Select(x => x.Item).ToList();
        return TypedResults.Ok(items);
    }

    private static async Task<IResult> GetAsync(
        string id, HttpContext http, OctopodsFamily family, TemplateService templates, WorkspaceStore workspaces, SenderDirectory senders, OctopodsIds ids)
    {
        var heraldId = await ids.TemplateAsync(Caller.Of(http).WorkspaceId, id, http.RequestAborted);
        var items = heraldId is null ? [] : await ItemsAsync(http, family, templates, workspaces, ids, heraldId);
        var caller = Caller.Of(http);
        var (preferred, _) = await senders.ResolveAsync(caller.WorkspaceId, Channel(family), caller.SenderId, http.RequestAborted);
        var item = items.FirstOrDefault(x => x.SenderId == preferred?.Id) ?? items.FirstOrDefault();
        return item is null
            ? OctopodsErrors.Error(http, family, OctopodsErrors.TemplateNotExist, "Message Template does not exist.")
            : TypedResults.Ok(item.Item);
    }

    public static Channel Channel(OctopodsFamily family) => family == OctopodsFamily.Vbm ? Herald.Domain.Messages.Channel.Viber : Herald.Domain.Messages.Channel.WhatsApp;

    private sealed record Listed(OctopodsTemplateItem Item, TemplateStatusRow Status, string SenderId, string Language);

    /// <summary>Every template × sender of the family's channel (only the channel key's own sender for a channel key).</summary>
    private static async Task<IReadOnlyList<Listed>> ItemsAsync(
        HttpContext http, OctopodsFamily family, TemplateService templates, WorkspaceStore workspaces, OctopodsIds ids, string? onlyId)
    {
        var caller = Caller.Of(http);
        var wire = Wire.Name(Channel(family));
        var senders = (await workspaces.SendersAsync(caller.WorkspaceId, http.RequestAborted))
            .Where(s => s.Channel == wire && (caller.SenderId is null || s.Id == caller.SenderId))
            .ToDictionary(s => s.Id, StringComparer.Ordinal);
        var views = new List<TemplateView>();
        if (onlyId is not null)
        {
            if (await templates.GetAsync(caller.WorkspaceId, onlyId, http.RequestAborted) is { } one)
            {
                views.Add(one);
            }
        }
        else
        {
            string? after = null;
            IReadOnlyList<TemplateView> page;
            do
            {
                page = await templates.ListAsync(caller.WorkspaceId, after, 500, http.RequestAborted);
                views.AddRange(page);
                after = page.Count > 0 ? page[^1].Row.Id : null;
            }
            while (page.Count == 500);
        }
        var numbers = await ids.TemplateNumbersAsync(caller.WorkspaceId, [.. views.Select(v => v.Row.Id)], http.RequestAborted);
        return [.. views.SelectMany(v => v.Statuses
            .Where(s => senders.ContainsKey(s.SenderId))
            .Select(s => new Listed(OctopodsTemplateItem.From(v, s, senders[s.SenderId], family, numbers[v.Row.Id]), s, s.SenderId, v.Definition.Language)))];
    }
}
