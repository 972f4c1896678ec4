using Microsoft.AspNetCore.Http.Features;

namespace Herald.Server.Infrastructure;

/// <summary>
/// Answers a body declared larger than <see cref="Body.MaxBytes"/> with a 413 problem the client can actually read.
/// Refusing it half-read makes Kestrel close the connection under a client still writing, which then sees a broken
/// pipe instead of the answer. So a client waiting on <c>Expect: 100-continue</c> gets the 413 before it sends
/// anything; any other client's body is read and dropped (up to <see cref="DrainLimit"/>) before the 413. Endpoints that
/// stream their body (CSV uploads, marked with <see cref="Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata"/>) set their own limit.
/// </summary>
public sealed class OversizedBodyMiddleware(RequestDelegate next)
{
    /// <summary>The most Herald reads and drops to answer cleanly; beyond it the connection is simply closed.</summary>
    public const long DrainLimit = 16 * 1024 * 1024;

    public async Task InvokeAsync(HttpContext http)
    {
        if (http.Request.ContentLength is not { } length || length <= Body.MaxBytes
            || http.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>() is not null)
        {
            await next(http).ConfigureAwait(false);
            return;
        }
        var expectsContinue = http.Request.Headers.Expect.ToString().Contains("100-continue", StringComparison.OrdinalIgnoreCase);
        if (!expectsContinue && length <= DrainLimit && http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = length;
            try
            {
                await http.Request.Body.CopyToAsync(Stream.Null, http.RequestAborted).ConfigureAwait(false);
            }
            catch (IOException)
            {
                // the client gave up; the answer below is best effort
            }
        }
        http.Response.Headers.Connection = "close";
        await Problems.Create(413, Problems.DefaultCode(413), Problems.DefaultDetail(413)).ExecuteAsync(http).ConfigureAwait(false);
    }
}
