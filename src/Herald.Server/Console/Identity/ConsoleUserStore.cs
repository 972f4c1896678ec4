using Herald.Storage.Stores;
using Microsoft.AspNetCore.Identity;

namespace Herald.Server.Console.Identity;

/// <summary>
/// ASP.NET Core Identity's store over Herald's users table (Dapper, both engines). The user name is the e-mail
/// address; a disabled account reads as locked out for good.
/// </summary>
public sealed class ConsoleUserStore(UserStore users) :
    IUserPasswordStore<ConsoleUser>, IUserSecurityStampStore<ConsoleUser>, IUserEmailStore<ConsoleUser>, IUserLockoutStore<ConsoleUser>
{
    public Task<string> GetUserIdAsync(ConsoleUser user, CancellationToken cancellationToken) => Task.FromResult(user.Row.Id);

    public Task<string?> GetUserNameAsync(ConsoleUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.Row.Email);

    public Task SetUserNameAsync(ConsoleUser user, string? userName, CancellationToken cancellationToken) =>
        SetEmailAsync(user, userName, cancellationToken);

    public Task<string?> GetNormalizedUserNameAsync(ConsoleUser user, CancellationToken cancellationToken) =>
        Task.FromResult<string?>(user.Row.NormalizedEmail);

    public Task SetNormalizedUserNameAsync(ConsoleUser user, string? normalizedName, CancellationToken cancellationToken) =>
        SetNormalizedEmailAsync(user, normalizedName, cancellationToken);

    public async Task<IdentityResult> CreateAsync(ConsoleUser user, CancellationToken cancellationToken) =>
        await users.InsertAsync(user.Row, cancellationToken).ConfigureAwait(false)
            ? IdentityResult.Success
            : IdentityResult.Failed(new IdentityErrorDescriber().DuplicateEmail(user.Row.Email));

    public async Task<IdentityResult> UpdateAsync(ConsoleUser user, CancellationToken cancellationToken)
    {
        await users.UpdateAsync(user.Row, cancellationToken).ConfigureAwait(false);
        return IdentityResult.Success;
    }

    public Task<IdentityResult> DeleteAsync(ConsoleUser user, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Console accounts are disabled, never deleted, so their history keeps a name.");

    public async Task<ConsoleUser?> FindByIdAsync(string userId, CancellationToken cancellationToken) =>
        await users.GetAsync(userId, cancellationToken).ConfigureAwait(false) is { } row ? new ConsoleUser(row) : null;

    public Task<ConsoleUser?> FindByNameAsync(string normalizedUserName, CancellationToken cancellationToken) =>
        FindByEmailAsync(normalizedUserName, cancellationToken);

    public Task SetPasswordHashAsync(ConsoleUser user, string? passwordHash, CancellationToken cancellationToken)
    {
        user.Row.PasswordHash = passwordHash ?? "";
        return Task.CompletedTask;
    }

    public Task<string?> GetPasswordHashAsync(ConsoleUser user, CancellationToken cancellationToken) =>
        Task.FromResult<string?>(user.Row.PasswordHash.Length == 0 ? null : user.Row.PasswordHash);

    public Task<bool> HasPasswordAsync(ConsoleUser user, CancellationToken cancellationToken) => Task.FromResult(user.Row.PasswordHash.Length > 0);

    public Task SetSecurityStampAsync(ConsoleUser user, string stamp, CancellationToken cancellationToken)
    {
        user.Row.SecurityStamp = stamp;
        return Task.CompletedTask;
    }

    public Task<string?> GetSecurityStampAsync(ConsoleUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.Row.SecurityStamp);

    public Task SetEmailAsync(ConsoleUser user, string? email, CancellationToken cancellationToken)
    {
        user.Row.Email = email ?? "";
        return Task.CompletedTask;
    }

    public Task<string?> GetEmailAsync(ConsoleUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.Row.Email);

    public Task<bool> GetEmailConfirmedAsync(ConsoleUser user, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task SetEmailConfirmedAsync(ConsoleUser user, bool confirmed, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<ConsoleUser?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken) =>
        await users.ByNormalizedEmailAsync(normalizedEmail, cancellationToken).ConfigureAwait(false) is { } row ? new ConsoleUser(row) : null;

    public Task<string?> GetNormalizedEmailAsync(ConsoleUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.Row.NormalizedEmail);

    public Task SetNormalizedEmailAsync(ConsoleUser user, string? normalizedEmail, CancellationToken cancellationToken)
    {
        user.Row.NormalizedEmail = normalizedEmail ?? "";
        return Task.CompletedTask;
    }

    public Task<DateTimeOffset?> GetLockoutEndDateAsync(ConsoleUser user, CancellationToken cancellationToken) =>
        Task.FromResult(user.Row.DisabledAt is not null ? DateTimeOffset.MaxValue
            : user.Row.LockoutEnd is { } end ? DateTimeOffset.FromUnixTimeMilliseconds(end) : (DateTimeOffset?)null);

    public Task SetLockoutEndDateAsync(ConsoleUser user, DateTimeOffset? lockoutEnd, CancellationToken cancellationToken)
    {
        user.Row.LockoutEnd = lockoutEnd is { } end && end < DateTimeOffset.MaxValue ? end.ToUnixTimeMilliseconds() : null;
        return Task.CompletedTask;
    }

    public Task<int> IncrementAccessFailedCountAsync(ConsoleUser user, CancellationToken cancellationToken) =>
        Task.FromResult((int)++user.Row.FailedCount);

    public Task ResetAccessFailedCountAsync(ConsoleUser user, CancellationToken cancellationToken)
    {
        user.Row.FailedCount = 0;
        return Task.CompletedTask;
    }

    public Task<int> GetAccessFailedCountAsync(ConsoleUser user, CancellationToken cancellationToken) => Task.FromResult((int)user.Row.FailedCount);

    public Task<bool> GetLockoutEnabledAsync(ConsoleUser user, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task SetLockoutEnabledAsync(ConsoleUser user, bool enabled, CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
    }
}
