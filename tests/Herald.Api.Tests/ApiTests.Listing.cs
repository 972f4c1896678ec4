namespace Herald.Api.Tests;

public abstract partial class ApiTests
{
    [Fact]
    public async Task Messages_can_be_filtered_by_status_channel_and_recipient()
    {
        var to = NewPhone();
        var someoneElse = NewPhone();
        var name = UniqueName("filter");
        await CreateTemplateAsync(name);
        var sms = await SendSmsAsync(to);
        var whatsapp = (await AcceptedAsync(Template(to, "whatsapp", name, "Ann", "A-1"))).Str("id");
        var scheduled = (await AcceptedAsync(new { to, channel = "sms", text = "Later", send_at = Now.AddHours(3) })).Str("id");
        await SendSmsAsync(someoneElse);
        await WaitForStatusAsync(sms, "read");
        await WaitForStatusAsync(whatsapp, "read");

        Assert.Equal([scheduled, whatsapp, sms], Ids(await MessagesToAsync(to)));
        Assert.Equal([scheduled, sms], Ids(await MessagesToAsync(to, "&channel=sms")));
        Assert.Equal([whatsapp], Ids(await MessagesToAsync(to, "&channel=whatsapp")));
        Assert.Equal([whatsapp, sms], Ids(await MessagesToAsync(to, "&status=read")));
        Assert.Equal([scheduled], Ids(await MessagesToAsync(to, "&status=scheduled")));
        Assert.Equal([sms], Ids(await MessagesToAsync(to, "&status=read&channel=sms")));
        Assert.Empty(await MessagesToAsync(to, "&status=failed"));
        Assert.All(await MessagesToAsync(to), m => Assert.Equal(to, m.GetProperty("to").GetString()));
    }

    [Fact]
    public async Task A_plus_sign_in_the_to_filter_may_be_written_unencoded()
    {
        var to = NewPhone();
        var id = await SendSmsAsync(to);

        var reply = await GetAsync($"/v1/messages?to={to}");

        AssertStatus(reply, 200);
        Assert.Equal(id, Assert.Single(reply.Json.GetProperty("data").EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Cursor_paging_returns_every_message_exactly_once_newest_first()
    {
        var to = NewPhone();
        var sent = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            sent.Add(await SendSmsAsync(to, $"Message {i}"));
        }

        var seen = new List<string>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var reply = await GetAsync($"/v1/messages?to={Uri.EscapeDataString(to)}&limit=3" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            AssertStatus(reply, 200);
            var data = reply.Json.GetProperty("data").EnumerateArray().ToList();
            Assert.InRange(data.Count, 1, 3);
            seen.AddRange(Ids(data));
            cursor = reply.Json.TryGetProperty("next_cursor", out var c) ? c.GetString() : null;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Reverse(sent), seen);
    }

    [Theory]
    [InlineData("cursor=not-a-cursor", "invalid_cursor")]
    [InlineData("cursor=djE", "invalid_cursor")]
    [InlineData("cursor=%25%25%25", "invalid_cursor")]
    [InlineData("limit=0", "invalid_query")]
    [InlineData("limit=abc", "invalid_query")]
    [InlineData("limit=501", "invalid_query")]
    [InlineData("status=nonsense", "invalid_query")]
    [InlineData("channel=fax", "invalid_query")]
    [InlineData("to=12345", "invalid_query")]
    [InlineData("created_after=yesterday", "invalid_query")]
    [InlineData("direction=sideways", "invalid_query")]
    [InlineData("purpose=spam", "invalid_query")]
    public async Task An_invalid_cursor_or_filter_is_a_400_problem(string query, string code)
    {
        AssertProblem(await GetAsync("/v1/messages?" + query), 400, code);
    }

    [Theory]
    [InlineData("/v1/templates?cursor=not-a-cursor")]
    [InlineData("/v1/contacts?cursor=not-a-cursor")]
    public async Task An_invalid_cursor_on_other_lists_is_a_400_problem(string path)
    {
        AssertProblem(await GetAsync(path), 400, "invalid_cursor");
    }

    private static List<string> Ids(IEnumerable<System.Text.Json.JsonElement> messages) =>
        [.. messages.Select(m => m.GetProperty("id").GetString()!)];
}
