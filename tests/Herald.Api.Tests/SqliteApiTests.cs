namespace Herald.Api.Tests;

/// <summary>The API tests against Herald on an SQLite file (the default install).</summary>
public sealed class SqliteApiTests(SqliteHerald herald) : ApiTests(herald), IClassFixture<SqliteHerald>;
