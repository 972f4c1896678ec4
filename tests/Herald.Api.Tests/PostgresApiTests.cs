namespace Herald.Api.Tests;

/// <summary>The same API tests against Herald on a real PostgreSQL server started by the test run.</summary>
public sealed class PostgresApiTests(PostgresHerald herald) : ApiTests(herald), IClassFixture<PostgresHerald>;
