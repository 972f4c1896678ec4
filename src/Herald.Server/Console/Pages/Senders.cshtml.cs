using Herald.Engine.Providers;
using Herald.Server.Api.Senders;
using Herald.Server.Auth;
using Herald.Storage.Rows;
using Herald.Storage.Stores;
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

public sealed class SendersModel(WorkspaceStore store, PublicUrls urls) : PageModel
{
    public IReadOnlyList<SenderWithHook> Senders { get; private set; } = [];

    public async Task OnGetAsync() => Senders = await SenderWithHook.ListAsync(HttpContext, store, urls);
}
