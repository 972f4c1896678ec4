using System.Globalization;

namespace Herald.Api.Tests;

public abstract partial class ApiTests
{
    [Fact]
    public async Task Broadcast_of_a_csv_counts_every_row_exactly_and_sends_each_valid_number_one_message()
    {
        // 2,000 rows: per block of 100, rows 0-2 invalid (3 %), 50-51 repeat rows 10-11 (2 %), 60 opted out (1 %).
        var phones = new string[2_000];
        var rows = new List<string>();
        var invalid = new HashSet<int>();
        var duplicate = new HashSet<int>();
        var optedOut = new HashSet<int>();
        for (var i = 0; i < 2_000; i++)
        {
            var k = i % 100;
            if (k < 3)
            {
                phones[i] = k == 0 ? "not a number" : "+1212000" + (1_000 + i).ToString("D4", CultureInfo.InvariantCulture);
                invalid.Add(i);
            }
            else if (k is 50 or 51)
            {
                phones[i] = phones[i - 40];
                duplicate.Add(i);
            }
            else
            {
                phones[i] = BroadcastPhone();
                if (k == 60)
                {
                    optedOut.Add(i);
                }
            }
            rows.Add($"{phones[i]},Person{i.ToString(CultureInfo.InvariantCulture)}");
        }
        foreach (var i in optedOut)
        {
            await InboundAsync(phones[i], "sms", "Stop.");
        }
        var b = await CreateBroadcastAsync(new { name = "Spring sale", channel = "sms", content = new { text = "Hi {{first_name}}, 20% off today." } });
        var id = b.Str("id");

        var upload = await PutAudienceCsvAsync(id, Csv("phone,first_name", rows));
        var preview = await GetAsync($"/v1/broadcasts/{id}/preview?samples=3");

        AssertStatus(upload, 200);
        Assert.Equal((2_000, 1_900, 60, 40), (upload.Json.GetProperty("rows").GetInt64(), upload.Json.GetProperty("recipients").GetInt64(),
            upload.Json.GetProperty("invalid").GetInt64(), upload.Json.GetProperty("duplicates").GetInt64()));
        AssertStatus(preview, 200);
        var counts = preview.Json.GetProperty("counts");
        Assert.Equal((2_000, 1_880, 60, 40, 20), (counts.GetProperty("total").GetInt64(), counts.GetProperty("valid").GetInt64(),
            counts.GetProperty("invalid").GetInt64(), counts.GetProperty("duplicate").GetInt64(), counts.GetProperty("opted_out").GetInt64()));
        var samples = preview.Json.GetProperty("samples").EnumerateArray().ToList();
        Assert.Equal(3, samples.Count);
        Assert.Equal("Hi Person3, 20% off today.", samples[0].GetProperty("text").GetString());
        Assert.Equal(1_880, preview.Json.GetProperty("sms").GetProperty("encodings").GetProperty("gsm7").GetInt64());

        await StartBroadcastAsync(id);
        await WaitForBroadcastStateAsync(id, "completed");
        // Completed means every message was handed over; the provider's 'sent' reports may still be on their way.
        var done = await WaitForBroadcastAsync(id, x => Progress(x, "sending") == 0, "every message reported sent");

        Assert.Equal((2_000, 0, 60, 40, 20), (Progress(done, "total"), Progress(done, "pending"), Progress(done, "invalid"),
            Progress(done, "duplicate"), Progress(done, "skipped")));
        var ledger = await LedgerCsvAsync(id);
        Assert.Equal(Enumerable.Range(2, 2_000).Select(r => r.ToString(CultureInfo.InvariantCulture)), ledger.Select(l => l["row"]));
        for (var i = 0; i < 2_000; i++)
        {
            var line = ledger[i];
            Assert.Equal(phones[i], line["input_phone"]);
            if (invalid.Contains(i))
            {
                Assert.Equal(("invalid", "permanent"), (line["status"], line["error_class"]));
                Assert.Equal("", line["message_id"]);
            }
            else if (duplicate.Contains(i))
            {
                Assert.Equal(("duplicate", "duplicate", ""), (line["status"], line["error_code"], line["message_id"]));
            }
            else if (optedOut.Contains(i))
            {
                Assert.Equal(("skipped", "consent", "opted_out", ""), (line["status"], line["error_class"], line["error_code"], line["message_id"]));
            }
            else
            {
                AssertMessageStatus(line["status"], $"ledger row {line["row"]}");
                Assert.StartsWith("msg_", line["message_id"], StringComparison.Ordinal);
                Assert.Equal(phones[i], line["phone"]);
            }
        }
        var perPhone = await BroadcastMessagesPerPhoneAsync(id);
        var valid = Enumerable.Range(0, 2_000).Where(i => !invalid.Contains(i) && !duplicate.Contains(i) && !optedOut.Contains(i))
            .Select(i => phones[i]).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(1_880, valid.Count);
        Assert.Equal(valid.Order(StringComparer.Ordinal), perPhone.Keys.Order(StringComparer.Ordinal));
        Assert.All(perPhone, kv => Assert.Equal(1, kv.Value));
        var stopped = phones[optedOut.First()];
        Assert.DoesNotContain(await MessagesToAsync(stopped, "&direction=outbound"), m => m.GetProperty("purpose").GetString() == "marketing");
        var one = Assert.Single(await MessagesToAsync(phones[10], "&direction=outbound"));
        Assert.Equal("Hi Person10, 20% off today.", one.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Broadcast_text_fills_columns_uses_defaults_and_skips_a_row_missing_a_value_without_one()
    {
        var (ann, bob, nobody) = (BroadcastPhone(), BroadcastPhone(), BroadcastPhone());
        var b = await CreateBroadcastAsync(new
        {
            name = "Personal", channel = "sms",
            content = new { text = "Hi {{first_name}}, see you in {{city}}.", defaults = new { city = "town" } },
        });
        var id = b.Str("id");
        AssertStatus(await PutAudienceCsvAsync(id, Csv("phone,first_name,city", [$"{ann},Ann,Leeds", $"{bob},Bob,", $"{nobody},,York"])), 200);

        var preview = await GetAsync($"/v1/broadcasts/{id}/preview?samples=5");

        AssertStatus(preview, 200);
        var counts = preview.Json.GetProperty("counts");
        Assert.Equal((3, 2, 1), (counts.GetProperty("total").GetInt64(), counts.GetProperty("valid").GetInt64(), counts.GetProperty("invalid").GetInt64()));
        Assert.Equal(["Hi Ann, see you in Leeds.", "Hi Bob, see you in town."],
            preview.Json.GetProperty("samples").EnumerateArray().Select(s => s.GetProperty("text").GetString()));

        await StartBroadcastAsync(id);
        await WaitForBroadcastStateAsync(id, "completed");

        var ledger = await LedgerCsvAsync(id);
        Assert.Equal(("skipped", "variable_missing"), (ledger[2]["status"], ledger[2]["error_code"]));
        Assert.Contains("first_name", ledger[2]["error_message"], StringComparison.Ordinal);
        Assert.Equal("Hi Ann, see you in Leeds.", Assert.Single(await MessagesToAsync(ann)).GetProperty("text").GetString());
        Assert.Equal("Hi Bob, see you in town.", Assert.Single(await MessagesToAsync(bob)).GetProperty("text").GetString());
        Assert.Empty(await MessagesToAsync(nobody));
    }

    [Fact]
    public async Task Broadcast_of_a_template_maps_columns_to_its_variables()
    {
        var name = UniqueName("broadcast_order");
        await CreateTemplateAsync(name);
        var (ann, bob) = (BroadcastPhone(), BroadcastPhone());
        var b = await CreateBroadcastAsync(new
        {
            name = "Orders", channel = "whatsapp",
            content = new { template = new { name, language = "en", variables = new Dictionary<string, object> { ["1"] = "first_name", ["2"] = new { from = "order", @default = "(none)" } } } },
        });
        var id = b.Str("id");
        Assert.Equal("transactional", b.Str("purpose")); // a UTILITY template
        AssertStatus(await PutAudienceCsvAsync(id, Csv("phone,first_name,order", [$"{ann},Ann,A-1", $"{bob},Bob,"])), 200);

        await StartBroadcastAsync(id);
        await WaitForBroadcastStateAsync(id, "completed");

        var toAnn = Assert.Single(await MessagesToAsync(ann));
        var toBob = Assert.Single(await MessagesToAsync(bob));
        Assert.Equal(["Ann", "A-1"], toAnn.GetProperty("template").GetProperty("parameters").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(["Bob", "(none)"], toBob.GetProperty("template").GetProperty("parameters").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(name, toAnn.GetProperty("template").GetProperty("name").GetString());
    }
}
