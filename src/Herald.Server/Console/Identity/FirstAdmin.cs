using System.Security.Cryptography;
using Herald.Domain;
using Herald.Storage.Rows;
using Herald.Storage.Stores;
using Microsoft.AspNetCore.Identity;

namespace Herald.Server.Console.Identity;

/// <summary>
/// First start: creates the console's first admin in the first workspace. <c>HERALD_ADMIN_EMAIL</c> (default
/// admin@herald.local) and <c>HERALD_ADMIN_PASSWORD</c> set it; without a password one is generated and logged once.
/// Like the bootstrap key, a set e-mail and password that no account has yet add that admin on a later start.
/// </summary>
public sealed partial class FirstAdmin(
    UserManager<ConsoleUser> manager, UserStore users, WorkspaceStore workspaces, IConfiguration configuration, TimeProvider clock,
    ILogger<FirstAdmin> logger)
{
    public const string EmailVariable = "HERALD_ADMIN_EMAIL";
    public const string PasswordVariable = "HERALD_ADMIN_PASSWORD";
    public const string DefaultEmail = "admin@herald.local";

    public async Task EnsureAsync(CancellationToken ct = default)
    {
        var email = configuration[EmailVariable]?.Trim() is { Length: > 0 } e ? e : DefaultEmail;
        var password = configuration[PasswordVariable];
        var any = await users.AnyAsync(ct).ConfigureAwait(false);
        if (any && (password is null || await manager.FindByEmailAsync(email).ConfigureAwait(false) is not null))
        {
            return;
        }
        var workspaceId = await workspaces.FirstWorkspaceIdAsync(ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The first workspace must exist before the first admin.");
        var generated = password is null;
        password ??= Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', 'x').Replace('/', 'y');
        var user = new ConsoleUser(new UserRow
        {
            Id = HeraldId.New("usr", clock.GetUtcNow()), WorkspaceId = workspaceId, Email = email, Name = "Admin", Role = ConsoleRoles.Admin,
            CreatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds(),
        });
        var result = await manager.CreateAsync(user, password).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"The first console admin ({email}) could not be created: {string.Join(" ", result.Errors.Select(x => x.Description))} " +
                $"Set {PasswordVariable} to a password of at least 10 characters.");
        }
        if (generated)
        {
            LogGenerated(logger, email, password);
        }
        else
        {
            LogCreated(logger, email);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Web console: first admin {Email} created with password {Password} (shown once; set HERALD_ADMIN_PASSWORD to choose it)")]
    private static partial void LogGenerated(ILogger logger, string email, string password);

    [LoggerMessage(Level = LogLevel.Information, Message = "Web console: admin {Email} created")]
    private static partial void LogCreated(ILogger logger, string email);
}
