namespace Herald.Api.Tests;

public abstract partial class ApiTests
{
    [Fact]
    public async Task Contacts_can_be_created_read_listed_updated_and_deleted()
    {
        var phone = NewPhone();

        var created = await PostAsync("/v1/contacts", new
        {
            phone = phone[..3] + " " + phone[3..7] + " " + phone[7..], name = "Ann Example",
            attributes = new { tier = "gold", orders = 3 }, time_zone = "Europe/London",
        });

        AssertStatus(created, 201);
        var id = created.Str("id");
        Assert.Equal(phone, created.Str("phone")); // stored in E.164 whatever the spacing
        Assert.Equal($"/v1/contacts/{id}", created.Headers.Location?.ToString());
        var got = await GetAsync($"/v1/contacts/{id}");
        AssertStatus(got, 200);
        Assert.Equal("Ann Example", got.Str("name"));
        Assert.Equal("gold", got.Json.GetProperty("attributes").GetProperty("tier").GetString());
        Assert.Equal("Europe/London", got.Str("time_zone"));
        Assert.Empty(got.Json.GetProperty("consent").EnumerateArray());

        var listed = await GetAsync($"/v1/contacts?phone={Uri.EscapeDataString(phone)}");
        AssertStatus(listed, 200);
        Assert.Equal(id, Assert.Single(listed.Json.GetProperty("data").EnumerateArray()).GetProperty("id").GetString());

        var patched = await PatchAsync($"/v1/contacts/{id}", new { name = "Ann Other" });
        AssertStatus(patched, 200);
        Assert.Equal("Ann Other", patched.Str("name"));
        Assert.Equal("gold", patched.Json.GetProperty("attributes").GetProperty("tier").GetString());
        Assert.Equal("Ann Other", (await GetAsync($"/v1/contacts/{id}")).Str("name"));

        AssertStatus(await DeleteAsync($"/v1/contacts/{id}"), 204);
        AssertProblem(await GetAsync($"/v1/contacts/{id}"), 404, "not_found");
        AssertProblem(await DeleteAsync($"/v1/contacts/{id}"), 404, "not_found");
        Assert.Empty((await GetAsync($"/v1/contacts?phone={Uri.EscapeDataString(phone)}")).Json.GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task Contacts_are_searched_with_q_by_a_part_of_the_name_or_number()
    {
        var tag = "Q" + Guid.NewGuid().ToString("N")[..8];
        var phone = NewPhone();
        var created = await PostAsync("/v1/contacts", new { phone, name = $"Quinn {tag} Example" });
        AssertStatus(created, 201);

        var byName = await GetAsync($"/v1/contacts?q={tag.ToLowerInvariant()}");
        var byDigits = await GetAsync($"/v1/contacts?q={Uri.EscapeDataString(phone[^6..^3] + " " + phone[^3..])}");

        AssertStatus(byName, 200);
        Assert.Equal(created.Str("id"), Assert.Single(byName.Json.GetProperty("data").EnumerateArray()).GetProperty("id").GetString());
        Assert.Contains(byDigits.Json.GetProperty("data").EnumerateArray(), c => c.GetProperty("phone").GetString() == phone);
        AssertProblem(await GetAsync("/v1/contacts?q=" + new string('x', 101)), 400, "invalid_query");
    }

    [Fact]
    public async Task A_second_contact_with_the_same_phone_is_409_and_names_the_existing_one()
    {
        var phone = NewPhone();
        var first = await PostAsync("/v1/contacts", new { phone, name = "Ann" });
        AssertStatus(first, 201);
        var before = await Herald.CountRowsAsync();

        var second = await PostAsync("/v1/contacts", new { phone, name = "Ann again" });

        var problem = AssertProblem(second, 409, "contact_exists");
        Assert.Equal(first.Str("id"), problem.GetProperty("contact_id").GetString());
        Assert.Equal(before, await Herald.CountRowsAsync());
    }

    [Fact]
    public async Task Changing_a_contact_to_a_phone_another_contact_has_is_409()
    {
        var taken = NewPhone();
        AssertStatus(await PostAsync("/v1/contacts", new { phone = taken, name = "Ann" }), 201);
        var other = await PostAsync("/v1/contacts", new { phone = NewPhone(), name = "Bob" });
        AssertStatus(other, 201);

        var reply = await PatchAsync($"/v1/contacts/{other.Str("id")}", new { phone = taken });

        AssertProblem(reply, 409, "contact_exists");
        Assert.Equal("Bob", (await GetAsync($"/v1/contacts/{other.Str("id")}")).Str("name"));
    }

    [Fact]
    public async Task A_contact_shows_its_consent_after_STOP_and_its_whatsapp_window_after_a_reply()
    {
        var phone = NewPhone();
        var contact = await PostAsync("/v1/contacts", new { phone, name = "Ann" });
        AssertStatus(contact, 201);

        await InboundAsync(phone, "sms", "STOP");
        await InboundAsync(phone, "whatsapp", "hi");

        var got = await GetAsync($"/v1/contacts/{contact.Str("id")}");
        AssertStatus(got, 200);
        var consent = Assert.Single(got.Json.GetProperty("consent").EnumerateArray());
        Assert.Equal("sms", consent.GetProperty("channel").GetString());
        Assert.True(consent.GetProperty("opted_out").GetBoolean());
        Assert.Contains("STOP", consent.GetProperty("source").GetString()!, StringComparison.Ordinal);
        var conversations = got.Json.GetProperty("conversations").EnumerateArray().ToList();
        Assert.Contains(conversations, c => c.GetProperty("window").GetProperty("open").GetBoolean());

        await InboundAsync(phone, "sms", "START");
        var after = await GetAsync($"/v1/contacts/{contact.Str("id")}");
        Assert.False(Assert.Single(after.Json.GetProperty("consent").EnumerateArray()).GetProperty("opted_out").GetBoolean());
    }
}
