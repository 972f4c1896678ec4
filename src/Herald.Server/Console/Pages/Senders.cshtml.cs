using Herald.Engine.Providers;
using Herald.Engine.Senders;
using Herald.Server.Console.Identity;
using Herald.Server.Api.Senders;
using Herald.Server.Auth;
using Herald.Storage.Rows;
using Herald.Storage.Stores;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Herald.Server.Console.Pages;

/// <summary>A sender and the URL its provider posts statuses and replies to (null for the sandbox).</summary>
public sealed record SenderWithHook(SenderRow Row, string? WebhookUrl)
{
    public static async Task<IReadOnlyList<SenderWithHook>> ListAsync(HttpContext http, WorkspaceStore store, PublicUrls urls)
    {
        var workspaceId = Caller.From(http.User)!.WorkspaceId;
        var rows = await store.SendersAsync(workspaceId, http.RequestAborted).ConfigureAwait(false);
        return [.. rows.OrderBy(s => s.Channel, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.OrdinalIgnoreCase)
            .Select(s => new SenderWithHook(s, urls.WebhookUrl(s, SendersApi.RequestBase(http))))];
    }
}

public sealed class SendersModel(WorkspaceStore store, PublicUrls urls, SenderService senders) : PageModel
{
    public IReadOnlyList<SenderWithHook> Senders { get; private set; } = [];

    public bool IsAdmin => User.IsInRole(ConsoleRoles.Admin);

    public string? Notice { get; private set; }

    public async Task OnGetAsync() => Senders = await SenderWithHook.ListAsync(HttpContext, store, urls);

    /// <summary>Admins remove a sender (adding one needs provider credentials: the API does it).</summary>
    public async Task<IActionResult> OnPostDeleteAsync(string id)
    {
        if (!IsAdmin)
        {
            return Forbid();
        }
        var name = (await SenderWithHook.ListAsync(HttpContext, store, urls)).FirstOrDefault(s => s.Row.Id == id)?.Row.Name;
        var deleted = await senders.DeleteAsync(Caller.From(User)!.WorkspaceId, id, HttpContext.RequestAborted);
        Notice = deleted ? $"Sender {name} removed." : "That sender was already removed.";
        Senders = await SenderWithHook.ListAsync(HttpContext, store, urls);
        return Page();
    }
}
