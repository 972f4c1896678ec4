using Herald.Server.Console.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Herald.Server.Console.Pages;

/// <summary>
/// /console/conversations: numbers with recent activity; /console/conversations/{phone}: the messages both ways with
/// that number and its window. Every role; conversations.js reads /v1.
/// </summary>
public sealed class ConversationsModel : PageModel
{
    public string? Phone { get; private set; }

    public bool MaySend => User.IsInRole(ConsoleRoles.Admin) || User.IsInRole(ConsoleRoles.Agent);

    public void OnGet(string? phone) => Phone = string.IsNullOrWhiteSpace(phone) ? null : phone.Trim();
}
