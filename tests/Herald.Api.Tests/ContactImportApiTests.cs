using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Herald.Api.Tests;

public abstract partial class ApiTests
{
    [Fact]
    public async Task ContactImport_creates_merges_and_reports_every_bad_row()
    {
        var (existing, fresh, dup, zoned) = (NewPhone(), NewPhone(), NewPhone(), NewPhone());
        var before = await PostAsync("/v1/contacts", new { phone = existing, name = "Old Name", attributes = new { tier = "gold", city = "Leeds" } });
        AssertStatus(before, 201);
        var csv = "\uFEFFphone,name,city,time_zone\r\n" +
            $"{existing},,York,\r\n" + // row 2: merged into the existing contact
            $"{fresh},\"Fresh, Person\",Bath,Europe/London\r\n" + // 3: created
            "07700 900123,Local,Hull,\r\n" + // 4: national form
            $"{dup},First,Ely,\r\n" + // 5: created
            $",Nobody,Ely,\r\n" + // 6: no phone
            $"{dup},,Wells,Europe/Paris\r\n" + // 7: duplicate of row 5, merged
            $"{zoned},Zed,Ripon,Not/AZone\r\n" + // 8: bad zone
            $"{fresh},Again\r\n"; // 9: malformed

        var reply = await PostCsvAsync(csv);

        AssertStatus(reply, 200);
        var j = reply.Json;
        Assert.Equal((8, 2, 1, 1, 4, false), (j.GetProperty("rows").GetInt64(), j.GetProperty("created").GetInt64(),
            j.GetProperty("updated").GetInt64(), j.GetProperty("duplicates").GetInt64(), j.GetProperty("invalid").GetInt64(),
            j.GetProperty("errors_truncated").GetBoolean()));
        var errors = j.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal([4L, 6L, 8L, 9L], errors.Select(e => e.GetProperty("row").GetInt64()));
        Assert.Equal(["phone_invalid", "phone_missing", "time_zone_invalid", "csv_row_malformed"], Codes(j.GetProperty("errors")));
        Assert.Equal("07700 900123", errors[0].GetProperty("value").GetString());
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("message").GetString())));

        var old = await ContactByPhoneAsync(existing);
        Assert.Equal(before.Str("id"), old.GetProperty("id").GetString());
        Assert.Equal("Old Name", old.GetProperty("name").GetString());
        Assert.Equal(("gold", "York"), (Attr(old, "tier"), Attr(old, "city")));
        var created = await ContactByPhoneAsync(fresh);
        Assert.Equal(("Fresh, Person", "Europe/London", "Bath"), (created.GetProperty("name").GetString(), created.GetProperty("time_zone").GetString(), Attr(created, "city")));
        var merged = await ContactByPhoneAsync(dup);
        Assert.Equal(("First", "Europe/Paris", "Wells"), (merged.GetProperty("name").GetString(), merged.GetProperty("time_zone").GetString(), Attr(merged, "city")));
        Assert.Empty((await GetAsync($"/v1/contacts?phone={Uri.EscapeDataString(zoned)}")).Json.GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task ContactImport_takes_named_columns_and_counts_a_second_run_as_updates()
    {
        var (a, b) = (NewPhone(), NewPhone());
        var csv = $"Cell,Who,zone,plan\n\"{a}\",Ann,Asia/Tokyo,pro\n{b},Bob,,\n";

        var first = await PostCsvAsync(csv, "?phone_column=cell&name_column=who&time_zone_column=zone");
        var second = await PostCsvAsync(csv, "?phone_column=cell&name_column=who&time_zone_column=zone");

        AssertStatus(first, 200);
        Assert.Equal((2, 0), (first.Json.GetProperty("created").GetInt64(), first.Json.GetProperty("updated").GetInt64()));
        Assert.Equal((0, 2), (second.Json.GetProperty("created").GetInt64(), second.Json.GetProperty("updated").GetInt64()));
        var ann = await ContactByPhoneAsync(a);
        Assert.Equal(("Ann", "Asia/Tokyo", "pro"), (ann.GetProperty("name").GetString(), ann.GetProperty("time_zone").GetString(), Attr(ann, "plan")));
    }

    [Fact]
    public async Task ContactImport_refuses_a_body_that_is_not_csv()
    {
        var before = await Herald.CountRowsAsync();

        var reply = await PostCsvAsync($"phone\n{NewPhone()}\n", contentType: "application/json");

        AssertProblem(reply, 415, "unsupported_media_type");
        Assert.Equal(before, await Herald.CountRowsAsync());
    }

    [Fact]
    public async Task ContactImport_without_a_phone_column_is_400_and_writes_nothing()
    {
        var before = await Herald.CountRowsAsync();

        var missing = await PostCsvAsync($"name,city\nAnn,{NewPhone()}\n");
        var empty = await PostCsvAsync("");
        var named = await PostCsvAsync($"phone\n{NewPhone()}\n", "?phone_column=cell");

        AssertProblem(missing, 400, "csv_phone_column_missing");
        Assert.Contains("phone", Detail(missing), StringComparison.Ordinal);
        AssertProblem(empty, 400, "csv_empty");
        AssertProblem(named, 400, "csv_phone_column_missing");
        Assert.Equal(before, await Herald.CountRowsAsync());
    }

    [Fact]
    public async Task ContactImport_needs_the_contacts_write_scope()
    {
        var (_, readOnly) = await CreateKeyAsync("contacts reader for import", "contacts:read");
        using var reader = ClientWith(readOnly);
        var phone = NewPhone();

        var reply = await PostCsvAsync($"phone\n{phone}\n", client: reader);

        AssertProblem(reply, 403, "insufficient_scope");
        Assert.Empty((await GetAsync($"/v1/contacts?phone={Uri.EscapeDataString(phone)}")).Json.GetProperty("data").EnumerateArray());
    }

    private async Task<Reply> PostCsvAsync(string csv, string query = "", string contentType = "text/csv", HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/contacts/import" + query, UriKind.Relative))
        {
            Content = new StringContent(csv, new UTF8Encoding(false), new MediaTypeHeaderValue(contentType)),
        };
        using var response = await (client ?? Admin).SendAsync(request);
        var reply = new Reply(response, await response.Content.ReadAsStringAsync());
        Assert.True(reply.Status < 500, $"the import must never answer 5xx: {reply}");
        return reply;
    }

    private async Task<JsonElement> ContactByPhoneAsync(string phone)
    {
        var listed = await GetAsync($"/v1/contacts?phone={Uri.EscapeDataString(phone)}");
        AssertStatus(listed, 200);
        return Assert.Single(listed.Json.GetProperty("data").EnumerateArray());
    }

    private static string? Attr(JsonElement contact, string key) =>
        contact.GetProperty("attributes").TryGetProperty(key, out var v) ? v.GetString() : null;
}
