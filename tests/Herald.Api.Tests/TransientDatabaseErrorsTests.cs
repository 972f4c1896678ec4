using System.Data.Common;
using System.Text.Json;
using Herald.Server.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Herald.Api.Tests;

public sealed class TransientDatabaseErrorsTests
{
    private sealed class FakeDbException(bool transient) : DbException("database said no")
    {
        public override bool IsTransient => transient;
    }

    private static DefaultHttpContext Context()
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails();
        services.ConfigureHttpJsonOptions(_ => { });
        return new DefaultHttpContext
        {
            RequestServices = services.BuildServiceProvider(),
            Response = { Body = new MemoryStream() },
            Request = { Method = "POST", Path = "/v1/broadcasts/brd_1/cancel" },
        };
    }

    [Fact]
    public async Task A_request_the_database_aborted_as_a_conflict_is_answered_503_with_retry_after()
    {
        var http = Context();

        var handled = await new TransientDatabaseErrors(NullLogger<TransientDatabaseErrors>.Instance)
            .TryHandleAsync(http, new FakeDbException(transient: true), CancellationToken.None);

        Assert.True(handled);
        Assert.Equal(503, http.Response.StatusCode);
        Assert.Equal("1", http.Response.Headers.RetryAfter.ToString());
        http.Response.Body.Position = 0;
        var body = await JsonDocument.ParseAsync(http.Response.Body);
        Assert.Equal("database_busy", body.RootElement.GetProperty("code").GetString());
        Assert.Contains("nothing was changed", body.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_database_errors_are_left_to_the_generic_500()
    {
        var http = Context();

        var handled = await new TransientDatabaseErrors(NullLogger<TransientDatabaseErrors>.Instance)
            .TryHandleAsync(http, new FakeDbException(transient: false), CancellationToken.None);

        Assert.False(handled);
        Assert.Equal(200, http.Response.StatusCode);
    }
}
