using Herald.Server.Auth;
using Herald.Server.Console.Identity;
using Herald.Server.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace Herald.Server.Console;

/// <summary>
/// The web console: Razor Pages under /console, signed in with ASP.NET Core Identity (cookie), assets served by
/// Herald itself. Its scripts call the same /v1 API as any client, authenticated by the session cookie and checked
/// with the role's scopes; such calls must carry the page's anti-forgery token.
/// </summary>
public static class ConsoleSetup
{
    /// <summary>The default scheme: an API key when the request has an Authorization header, else the console's session.</summary>
    public const string Scheme = "Herald";

    public const string CsrfHeader = "X-CSRF-Token";

    public static IServiceCollection AddHeraldConsole(this IServiceCollection s)
    {
        s.AddRazorPages(o =>
        {
            o.RootDirectory = "/Console/Pages";
            o.Conventions.AuthorizeFolder("/");
            o.Conventions.AllowAnonymousToPage("/SignIn");
        });
        s.AddAntiforgery(o =>
        {
            o.HeaderName = CsrfHeader;
            o.Cookie.Name = "herald_csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        s.AddIdentityCore<ConsoleUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
            })
            .AddUserStore<ConsoleUserStore>()
            .AddClaimsPrincipalFactory<ConsoleClaimsFactory>()
            .AddSignInManager();
        s.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        s.AddAuthentication(o =>
            {
                o.DefaultScheme = Scheme;
                o.DefaultChallengeScheme = Scheme;
            })
            .AddPolicyScheme(Scheme, "API key or console session", o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.Count > 0 ? ApiKeyAuthenticationHandler.SchemeName : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies();
        s.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "herald_session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.LoginPath = "/console/signin";
            o.LogoutPath = "/console/signout";
            o.AccessDeniedPath = "/console/denied";
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.SlidingExpiration = true;
            o.Events.OnRedirectToLogin = ctx => NotForApi(ctx, 401, () => ctx.Response.Redirect(ctx.RedirectUri));
            o.Events.OnRedirectToAccessDenied = ctx => NotForApi(ctx, 403, () => ctx.Response.Redirect(ctx.RedirectUri));
        });
        s.AddAuthorization();
        s.AddScoped<FirstAdmin>();
        return s;
    }

    /// <summary>API calls get a status code, never a redirect to the sign-in page.</summary>
    private static Task NotForApi(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx,
        int status, Action redirect)
    {
        if (ctx.Request.Path.StartsWithSegments("/v1"))
        {
            ctx.Response.StatusCode = status;
        }
        else
        {
            redirect();
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// A console session calling /v1 with an unsafe method must send the page's anti-forgery token: the session cookie
    /// alone would let another site post in the user's name.
    /// </summary>
    public static IApplicationBuilder UseConsoleCsrfCheck(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.Request.Path.StartsWithSegments("/v1") && !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
            && !HttpMethods.IsOptions(http.Request.Method) && http.User.Identity?.AuthenticationType == IdentityConstants.ApplicationScheme)
        {
            var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
            if (!await antiforgery.IsRequestValidAsync(http).ConfigureAwait(false))
            {
                await Problems.Create(403, "csrf_token_invalid",
                    $"A console session's request must carry the page's anti-forgery token in the {CsrfHeader} header; reload the page and try again.")
                    .ExecuteAsync(http).ConfigureAwait(false);
                return;
            }
        }
        await next(http).ConfigureAwait(false);
    });

    public static WebApplication MapHeraldConsole(this WebApplication app)
    {
        app.MapRazorPages();
        app.MapConsoleAssets();
        return app;
    }

    /// <summary>Creates the first admin on a fresh install (after the first workspace exists).</summary>
    public static async Task EnsureFirstAdminAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<FirstAdmin>().EnsureAsync().ConfigureAwait(false);
    }
}
