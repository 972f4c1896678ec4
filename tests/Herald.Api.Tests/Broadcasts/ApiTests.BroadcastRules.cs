using System.Globalization;

namespace Herald.Api.Tests;

public abstract partial class ApiTests
{
    [Fact]
    public async Task Broadcast_quiet_hours_defer_recipients_in_a_night_zone_to_its_morning_while_the_day_zone_goes()
    {
        // A window of two hours around Tokyo's present minute: Tokyo (UTC+9, no DST) is inside it, New York (13 or 14 h behind) is not.
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        var local = TimeZoneInfo.ConvertTime(Now, tokyo);
        var minute = new DateTimeOffset(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, local.Offset);
        var (start, end) = (minute.AddMinutes(-60), minute.AddMinutes(60));
        var window = string.Create(CultureInfo.InvariantCulture, $"{start:HH\\:mm}-{end:HH\\:mm}");
        var night = Enumerable.Range(0, 3).Select(_ => BroadcastPhone()).ToList();
        var day = Enumerable.Range(0, 3).Select(_ => BroadcastPhone()).ToList();
        var b = await CreateBroadcastAsync(new { name = "Night and day", channel = "sms", purpose = "marketing", quiet_hours = window, content = new { text = "Our sale starts now" } });
        var id = b.Str("id");
        Assert.Equal(window, b.Str("quiet_hours"));
        AssertStatus(await PutAudienceCsvAsync(id, Csv("phone,time_zone",
            night.Select(p => $"{p},Asia/Tokyo").Concat(day.Select(p => $"{p},America/New_York")))), 200);

        await StartBroadcastAsync(id);
        var waiting = await WaitForBroadcastAsync(id, x => Progress(x, "pending") == 0 && Progress(x, "delivered") + Progress(x, "read") == 3,
            "three delivered and none pending");

        Assert.Equal("running", waiting.GetProperty("state").GetString()); // the deferred three are still to go
        Assert.Equal(3, Progress(waiting, "queued"));
        foreach (var phone in day)
        {
            Assert.Contains(Assert.Single(await MessagesToAsync(phone)).GetProperty("status").GetString(), new[] { "delivered", "read" });
        }
        foreach (var phone in night)
        {
            var m = await GetMessageAsync(Assert.Single(await MessagesToAsync(phone)).GetProperty("id").GetString()!);
            Assert.Equal("deferred", m.GetProperty("status").GetString());
            var step = m.GetProperty("timeline").EnumerateArray().Single(s => s.GetProperty("type").GetString() == "deferred");
            Assert.Equal(end.ToUniversalTime(), step.GetProperty("detail").GetProperty("until").GetDateTimeOffset().ToUniversalTime());
        }
        var ledger = await LedgerCsvAsync(id);
        Assert.Equal(["deferred", "deferred", "deferred"], ledger.Take(3).Select(l => l["status"]));
        AssertStatus(await PostAsync($"/v1/broadcasts/{id}/cancel", null), 200);
        foreach (var phone in night)
        {
            Assert.Equal("cancelled", Assert.Single(await MessagesToAsync(phone)).GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task Broadcast_to_contacts_matches_all_or_any_conditions_and_fills_their_fields()
    {
        var campaign = UniqueName("cmp");
        var (leeds, york) = (UniqueName("Leeds"), UniqueName("York"));
        var people = new[] { ("Ann", "gold", leeds), ("Bob", "gold", york), ("Cy", "silver", leeds), ("Di", "bronze", york) }
            .Select(x => (Phone: BroadcastPhone(), Name: x.Item1, Tier: x.Item2, City: x.Item3)).ToList();
        foreach (var p in people)
        {
            AssertStatus(await PostAsync("/v1/contacts", new { phone = p.Phone, name = p.Name, attributes = new { campaign, tier = p.Tier, city = p.City } }), 201);
        }
        var all = new { match = "all", conditions = new object[] { new { attribute = "campaign", op = "eq", value = campaign }, new { attribute = "tier", op = "eq", value = "gold" } } };
        var any = new { match = "any", conditions = new object[] { new { attribute = "city", op = "eq", value = leeds }, new { attribute = "tier", op = "in", value = new[] { "bronze" } } } };
        // name is a contact field, city an attribute: both fill placeholders.
        var content = new { text = "Hi {{name}} in {{city}}" };

        var gold = await CreateBroadcastAsync(new { name = "Gold", channel = "sms", content, audience = new { contacts = all } });
        var either = await CreateBroadcastAsync(new { name = "Either", channel = "sms", content });
        var set = await PutAsync($"/v1/broadcasts/{either.Str("id")}/audience", new { contacts = any });

        AssertStatus(set, 200);
        var anyCount = set.Json.GetProperty("recipients").GetInt64();
        Assert.True(anyCount >= 3, $"Ann, Cy (Leeds) and Di (bronze) match: {set}");
        var preview = await GetAsync($"/v1/broadcasts/{gold.Str("id")}/preview?samples=10");
        Assert.Equal((2, 2), (preview.Json.GetProperty("counts").GetProperty("total").GetInt64(), preview.Json.GetProperty("counts").GetProperty("valid").GetInt64()));
        Assert.Equal([$"Hi Ann in {leeds}", $"Hi Bob in {york}"], preview.Json.GetProperty("samples").EnumerateArray().Select(s => s.GetProperty("text").GetString()));

        await StartBroadcastAsync(gold.Str("id"));
        await WaitForBroadcastStateAsync(gold.Str("id"), "completed");

        Assert.Equal($"Hi Ann in {leeds}", Assert.Single(await MessagesToAsync(people[0].Phone)).GetProperty("text").GetString());
        Assert.Equal($"Hi Bob in {york}", Assert.Single(await MessagesToAsync(people[1].Phone)).GetProperty("text").GetString());
        Assert.Empty(await MessagesToAsync(people[2].Phone));
        var anyPhones = (await LedgerCsvAsync(either.Str("id"))).Select(l => l["phone"]).ToHashSet(StringComparer.Ordinal);
        Assert.Equal([true, false, true, true], people.Select(p => anyPhones.Contains(p.Phone)));
    }

    [Fact]
    public async Task Broadcast_requests_that_break_the_rules_are_refused_with_their_codes()
    {
        var text = new { text = "Hello" };
        AssertProblem(await PostAsync("/v1/broadcasts", new { name = "X", channel = "sms", content = text, colour = "red" }), 400, "unknown_field");
        AssertProblem(await PostAsync("/v1/broadcasts", new { name = "X", channel = "sms" }), 400, "content_required");
        var draft = (await CreateBroadcastAsync(new { name = "Rules", channel = "sms", content = text })).Str("id");

        AssertProblem(await PostAsync($"/v1/broadcasts/{draft}/start", null), 422, "audience_missing");
        AssertProblem(await PutAudienceCsvAsync(draft, $"phone\n{BroadcastPhone()}\n", "text/plain"), 415, "unsupported_media_type");
        var (_, readKey) = await CreateKeyAsync("broadcast reader", "broadcasts:read");
        using var reader = ClientWith(readKey);
        AssertStatus(await GetAsync($"/v1/broadcasts/{draft}", reader), 200);
        AssertProblem(await PostAsync($"/v1/broadcasts/{draft}/start", null, client: reader), 403, "insufficient_scope");
        var (_, otherKey) = await Herald.CreateWorkspaceAsync(UniqueName("Broadcast other"));
        using var other = ClientWith(otherKey);
        AssertStatus(await GetAsync($"/v1/broadcasts/{draft}", other), 404);
        AssertStatus(await PostAsync($"/v1/broadcasts/{draft}/start", null, client: other), 404);
        AssertStatus(await GetAsync($"/v1/broadcasts/{draft}/recipients.csv", other), 404);

        AssertStatus(await PutAudienceCsvAsync(draft, $"phone\n{BroadcastPhone()}\n+12015550100\n"), 200);
        await StartBroadcastAsync(draft);
        AssertProblem(await PatchAsync($"/v1/broadcasts/{draft}", new { name = "Renamed" }), 409, "broadcast_not_draft");
        AssertProblem(await PutAudienceCsvAsync(draft, $"phone\n{BroadcastPhone()}\n"), 409, "broadcast_not_draft");
        AssertProblem(await PostAsync($"/v1/broadcasts/{draft}/start", null), 409, "broadcast_not_draft");
        await WaitForBroadcastAsync(draft, b => b.GetProperty("state").GetString() == "completed" && Progress(b, "failed") == 1, "completed with one failure");

        AssertProblem(await PostAsync($"/v1/broadcasts/{draft}/cancel", null), 409, "broadcast_finished");
        // A permanent failure is final: retry brings nothing back.
        var retry = await PostAsync($"/v1/broadcasts/{draft}/retry", null);
        AssertStatus(retry, 200);
        Assert.Equal(0, retry.Json.GetProperty("retried").GetInt64());
        var failed = (await LedgerCsvAsync(draft)).Single(l => l["status"] == "failed");
        Assert.Equal(("+12015550100", "permanent", "sandbox_undeliverable"), (failed["phone"], failed["error_class"], failed["error_code"]));
        var untouched = (await CreateBroadcastAsync(new { name = "Never started", channel = "sms", content = text })).Str("id");
        AssertProblem(await PostAsync($"/v1/broadcasts/{untouched}/retry", null), 409, "broadcast_not_retryable");
    }
    [Fact]
    public async Task Broadcast_scheduled_then_paused_and_resumed_still_waits_for_its_send_at()
    {
        var phone = BroadcastPhone();
        var id = (await CreateBroadcastAsync(new { name = "Later", channel = "sms", content = new { text = "Tomorrow's news" } })).Str("id");
        AssertStatus(await PutAudienceCsvAsync(id, $"phone\n{phone}\n"), 200);
        var sendAt = Now.AddHours(1);
        var started = await PostAsync($"/v1/broadcasts/{id}/start", new { send_at = sendAt });
        Assert.Equal("scheduled", started.Str("state"));
        AssertStatus(await PostAsync($"/v1/broadcasts/{id}/pause", null), 200);

        var resumed = await PostAsync($"/v1/broadcasts/{id}/resume", null);

        AssertStatus(resumed, 200);
        await Task.Delay(1_500); // give the runner rounds in which it must not expand the audience
        Assert.Empty(await MessagesToAsync(phone));
        Assert.Equal("scheduled", (await BroadcastAsync(id)).GetProperty("state").GetString());
        AssertStatus(await PostAsync($"/v1/broadcasts/{id}/cancel", null), 200);
    }
}
