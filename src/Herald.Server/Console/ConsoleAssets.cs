using System.Collections.Frozen;
using System.Security.Cryptography;

namespace Herald.Server.Console;

/// <summary>
/// The console's CSS and scripts, embedded in the Herald assembly and served from /console/assets: no CDN, no
/// wwwroot to deploy, works offline. Pages link them with <see cref="Version"/> so a new build is never served stale.
/// </summary>
public static class ConsoleAssets
{
    private const string Prefix = "Herald.Server.Console.Assets.";

    private static readonly FrozenDictionary<string, (byte[] Bytes, string ContentType, string ETag)> Files = Load();

    /// <summary>Changes with the content of every asset.</summary>
    public static string Version { get; } = Convert.ToHexStringLower(SHA256.HashData(
        Files.OrderBy(f => f.Key, StringComparer.Ordinal).SelectMany(f => f.Value.Bytes).ToArray()))[..12];

    public static string Url(string name) => $"/console/assets/{name}?v={Version}";

    private static FrozenDictionary<string, (byte[], string, string)> Load()
    {
        var asm = typeof(ConsoleAssets).Assembly;
        return asm.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).ToFrozenDictionary(
            n => n[Prefix.Length..],
            n =>
            {
                using var s = asm.GetManifestResourceStream(n)!;
                using var m = new MemoryStream();
                s.CopyTo(m);
                var bytes = m.ToArray();
                return (bytes, ContentType(n), "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] + "\"");
            },
            StringComparer.Ordinal);
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        _ => "application/octet-stream",
    };

    public static void MapConsoleAssets(this IEndpointRouteBuilder app) =>
        app.MapGet("/console/assets/{name}", (string name, HttpContext http) =>
        {
            if (!Files.TryGetValue(name, out var f))
            {
                return Results.NotFound();
            }
            http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            http.Response.Headers.ETag = f.ETag;
            return http.Request.Headers.IfNoneMatch.ToString() == f.ETag ? Results.StatusCode(304) : Results.Bytes(f.Bytes, f.ContentType);
        }).ExcludeFromDescription().AllowAnonymous();

}
