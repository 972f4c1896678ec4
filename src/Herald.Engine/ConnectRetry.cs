using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Herald.Engine;

public static class ConnectRetry
{
    /// <summary>
    /// Retries only a connection that never opened (nothing can have reached the other side); every other failure goes
    /// back to the caller, which retries durably on its own schedule. Used by provider sends and vendor (CRM) calls.
    /// </summary>
    public static IHttpClientBuilder AddConnectOnlyRetry(this IHttpClientBuilder builder)
    {
        builder.AddResilienceHandler("connect-retry", b => b.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = 2,
            Delay = TimeSpan.FromMilliseconds(200),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is HttpRequestException
            {
                HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError,
            }),
        }));
        return builder;
    }
}
