using System.Net;
using System.Text.RegularExpressions;
using Herald.Server.Console.Identity;
using Herald.Storage.Rows;
using Herald.Storage.Stores;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Herald.Console.Tests;

/// <summary>Test setup through the API with the page's session and anti-forgery token (outside the page, so no console noise).</summary>
internal static class SetupApi
{
    public const string UserPassword = "user-password-123";

    /// <summary>The page's anti-forgery header, which every unsafe /v1 call from a console session needs.</summary>
    public static async Task<Dictionary<string, string>> HeadersAsync(IPage page) => new()
    {
        ["X-CSRF-Token"] = (await page.Locator("meta[name=csrf-token]").GetAttributeAsync("content"))!,
    };

    public static async Task<IAPIResponse> PostAsync(IPage page, string path, object? body = null) =>
        await page.Context.APIRequest.PostAsync(path, new() { DataObject = body, Headers = await HeadersAsync(page) });

    public static async Task<IAPIResponse> PutCsvAsync(IPage page, string path, string csv)
    {
        var headers = await HeadersAsync(page);
        headers["Content-Type"] = "text/csv";
        return await page.Context.APIRequest.PutAsync(path, new() { Data = csv, Headers = headers });
    }

    /// <summary>The <c>id</c> of what a POST created, after checking its status.</summary>
    public static async Task<string> CreatedIdAsync(IAPIResponse response, int status = (int)HttpStatusCode.Created)
    {
        Assert.Equal(status, response.Status);
        return (await response.JsonAsync())!.Value.GetProperty("id").GetString()!;
    }

    public static async Task CreateContactAsync(IPage page, string phone, string name, object attributes)
    {
        var r = await PostAsync(page, "/v1/contacts", new { phone, name, attributes });
        Assert.Equal((int)HttpStatusCode.Created, r.Status);
    }

    /// <summary>A NAMED WhatsApp template; the sandbox senders approve it at once.</summary>
    public static async Task<string> CreateNamedTemplateAsync(IPage page, string body)
    {
        var name = "console_send_" + Guid.NewGuid().ToString("N")[..10];
        var names = Regex.Matches(body, @"\{\{(\w+)\}\}").Select(m => m.Groups[1].Value).ToList();
        var r = await PostAsync(page, "/v1/templates", new
        {
            name, language = "en", category = "UTILITY", parameter_format = "NAMED",
            components = new[]
            {
                new { type = "BODY", text = body, example = new { body_text_named_params = names.Select(n => new { param_name = n, example = "x" + n }).ToArray() } },
            },
        });
        Assert.Equal((int)HttpStatusCode.Created, r.Status);
        return name;
    }

    /// <summary>A console user of the role, made through Identity in the running Herald (quicker than the Users page, which RolesTests drive).</summary>
    public static async Task<string> CreateUserAsync(ConsoleFixture fixture, string role)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var workspaceId = await scope.ServiceProvider.GetRequiredService<WorkspaceStore>().FirstWorkspaceIdAsync();
        var email = $"{role}-{Guid.NewGuid():N}@herald.test";
        var user = new ConsoleUser(new UserRow
        {
            Id = "usr_" + Guid.NewGuid().ToString("N"), WorkspaceId = workspaceId!, Email = email, Name = role, Role = role,
            CreatedAt = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds(),
        });
        var result = await scope.ServiceProvider.GetRequiredService<UserManager<ConsoleUser>>().CreateAsync(user, UserPassword);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
        return email;
    }
}
