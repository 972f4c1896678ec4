using Herald.Domain;
using Herald.Server.Auth;
using Herald.Server.Console.Identity;
using Herald.Storage.Rows;
using Herald.Storage.Stores;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Herald.Server.Console.Pages;

/// <summary>
/// Console accounts of the admin's workspace: create with an initial password, change role, disable and enable.
/// Role changes and disabling change the security stamp, so the person's sessions end (checked every minute).
/// An admin cannot change or disable their own account, so a workspace never loses its last admin by accident.
/// </summary>
[Authorize(Roles = "admin")]
public sealed class UsersModel(UserManager<ConsoleUser> manager, UserStore users, TimeProvider clock) : PageModel
{
    public IReadOnlyList<UserRow> Users { get; private set; } = [];

    public string MyId => User.FindFirst(Caller.KeyClaim)?.Value ?? "";

    public string? Notice { get; private set; }

    public string? Error { get; private set; }

    [BindProperty]
    public string Email { get; set; } = "";

    [BindProperty]
    public string Name { get; set; } = "";

    [BindProperty]
    public string Role { get; set; } = ConsoleRoles.Agent;

    [BindProperty]
    public string Password { get; set; } = "";

    private string WorkspaceId => Caller.From(User)!.WorkspaceId;

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostCreateAsync()
    {
        Email = Email.Trim();
        Name = Name.Trim();
        if (Email.Length == 0 || Name.Length == 0 || !ConsoleRoles.IsKnown(Role))
        {
            return await DoneAsync(error: "Give the new user an e-mail address, a name and one of the roles admin, agent or marketer.");
        }
        var now = clock.GetUtcNow();
        var user = new ConsoleUser(new UserRow
        {
            Id = HeraldId.New("usr", now), WorkspaceId = WorkspaceId, Email = Email, Name = Name, Role = Role, CreatedAt = now.ToUnixTimeMilliseconds(),
        });
        var result = await manager.CreateAsync(user, Password);
        if (!result.Succeeded)
        {
            return await DoneAsync(error: "The user was not created: " + string.Join(" ", result.Errors.Select(e => e.Description)));
        }
        var created = $"{Name} ({Email}) can now sign in as {Role}.";
        Email = Name = "";
        Role = ConsoleRoles.Agent;
        return await DoneAsync(created);
    }

    public async Task<IActionResult> OnPostRoleAsync(string id, string role)
    {
        if (!ConsoleRoles.IsKnown(role))
        {
            return await DoneAsync(error: "Pick one of the roles admin, agent or marketer.");
        }
        return await ChangeAsync(id, u => u.Row.Role = role, u => $"{u.Email} is now {role}; their open sessions end and they sign in again.");
    }

    public Task<IActionResult> OnPostDisableAsync(string id) =>
        ChangeAsync(id, u => u.Row.DisabledAt = clock.GetUtcNow().ToUnixTimeMilliseconds(), u => $"{u.Email} is disabled and signed out.");

    public Task<IActionResult> OnPostEnableAsync(string id) =>
        ChangeAsync(id, u =>
        {
            u.Row.DisabledAt = null;
            u.Row.LockoutEnd = null;
            u.Row.FailedCount = 0;
        }, u => $"{u.Email} can sign in again.");

    private async Task<IActionResult> ChangeAsync(string id, Action<ConsoleUser> change, Func<ConsoleUser, string> notice)
    {
        var user = await manager.FindByIdAsync(id);
        if (user is null || user.WorkspaceId != WorkspaceId)
        {
            return await DoneAsync(error: "That user does not exist in this workspace; reload the page.");
        }
        if (user.Id == MyId)
        {
            return await DoneAsync(error: "You cannot change or disable your own account; ask another admin.");
        }
        change(user);
        // A new stamp ends the user's sessions at the next check, and UpdateSecurityStampAsync saves the change with it.
        var result = await manager.UpdateSecurityStampAsync(user);
        return result.Succeeded
            ? await DoneAsync(notice(user))
            : await DoneAsync(error: string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    private async Task<IActionResult> DoneAsync(string? notice = null, string? error = null)
    {
        Notice = notice;
        Error = error;
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync() => Users = await users.ListAsync(WorkspaceId, HttpContext.RequestAborted);
}
