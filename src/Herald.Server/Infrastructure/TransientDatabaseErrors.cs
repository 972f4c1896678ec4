using System.Data.Common;
using Microsoft.AspNetCore.Diagnostics;

namespace Herald.Server.Infrastructure;

/// <summary>
/// A request the database aborted to settle a conflict with concurrent work (a PostgreSQL deadlock or serialization
/// failure, SQLite busy past its timeout) rolled back whole: it is answered 503 with Retry-After, so a client retries
/// instead of reporting a bug. Anything else falls through to the generic 500.
/// </summary>
public sealed partial class TransientDatabaseErrors(ILogger<TransientDatabaseErrors> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not DbException { IsTransient: true } db)
        {
            return false;
        }
        Log.Conflict(logger, db, httpContext.Request.Method, httpContext.Request.Path.Value ?? "");
        httpContext.Response.Headers.RetryAfter = "1";
        var problem = Problems.Create(503, "database_busy",
            "Herald's database set this request aside to settle a conflict with work running at the same moment; nothing was changed. Send it again.");
        await problem.ExecuteAsync(httpContext).ConfigureAwait(false);
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} was aborted by the database and answered 503")]
        public static partial void Conflict(ILogger logger, Exception exception, string method, string path);
    }
}
