using System.Security.Claims;
using Herald.Server.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Herald.Server.Console.Identity;

/// <summary>A signed-in user carries the same claims as an API key (workspace, scopes of the role), plus name and role.</summary>
public sealed class ConsoleClaimsFactory(UserManager<ConsoleUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ConsoleUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ConsoleUser user)
    {
        var id = await base.GenerateClaimsAsync(user).ConfigureAwait(false);
        id.AddClaim(new Claim(Caller.WorkspaceClaim, user.WorkspaceId));
        id.AddClaim(new Claim(Caller.KeyClaim, user.Id));
        id.AddClaim(new Claim(ClaimTypes.Role, user.Role));
        id.AddClaim(new Claim(ClaimTypes.GivenName, user.Name));
        foreach (var scope in ConsoleRoles.ScopesOf(user.Role))
        {
            id.AddClaim(new Claim(Caller.ScopeClaim, scope));
        }
        return id;
    }
}
