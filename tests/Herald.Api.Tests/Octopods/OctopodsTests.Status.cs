using System.Globalization;

namespace Herald.Api.Tests.Octopods;

public abstract partial class OctopodsTests
{
    [Fact]
    public async Task A_sent_message_is_polled_by_its_numeric_id_until_it_is_read()
    {
        var phone = Herald.NewPhone();
        var sent = await OctoPostAsync("/api/v1/sms/messages", new { destination_phone = phone, body = "Your order is on the way!" });
        AssertSent(sent, phone);
        var number = sent.Json.GetProperty("message_id").GetInt64();

        // The sandbox reports sent, delivered and read within a second; read implies the earlier steps' times.
        var status = await PollStatusAsync($"/api/v1/sms/messages/{number.ToString(CultureInfo.InvariantCulture)}", "READ");

        Assert.Equal(number, status.Json.GetProperty("message_id").GetInt64());
        Assert.True(Guid.TryParse(status.Str("request_id"), out _));
        Assert.False(string.IsNullOrWhiteSpace(status.Str("status_message")));
        Assert.Equal(phone, status.Str("phone_number"));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", status.Str("last_updated"));
        Assert.False(string.IsNullOrEmpty(status.Str("sent_at")));
        Assert.False(string.IsNullOrEmpty(status.Str("delivered_at")));
        Assert.Equal(404, (await OctoGetAsync("/api/v1/sms/messages/987654321")).Status);
        Assert.Equal(404, (await OctoGetAsync($"/api/v1/whatsapp/messages/{number.ToString(CultureInfo.InvariantCulture)}")).Status); // not a WhatsApp message
    }

    [Fact]
    public async Task A_whatsapp_template_send_reports_lower_case_statuses_and_the_key_lists_its_own_sends()
    {
        var id = await BodyOnlyTemplateAsync();
        var key = await CreateKeyAsync(UniqueName("octo_lister"), null, "messages:write", "templates:read");
        var phone = Herald.NewPhone();
        var sent = await OctoPostAsync($"/api/v1/whatsapp/templates/{id}/messages",
            new { destination_phone = phone, message_variables = new[] { "Alex", "1234" } }, key);
        AssertSent(sent, phone);
        var number = sent.Json.GetProperty("message_id").GetInt64();

        var status = await PollStatusAsync(sent.Str("message_status_url")[sent.Str("message_status_url").IndexOf("/api/v1/", StringComparison.Ordinal)..], "read", key);
        Assert.False(string.IsNullOrEmpty(status.Str("read_at")));
        var list = await OctoGetAsync("/api/v1/whatsapp/messages?limit=25", key);
        Assert.Equal(200, list.Status);
        var only = Assert.Single(list.Json.GetProperty("messages").EnumerateArray());
        Assert.Equal(number, only.GetProperty("message_id").GetInt64());
        Assert.Equal(phone, only.GetProperty("phone_number").GetString());
        Assert.Empty((await OctoGetAsync("/api/v1/sms/messages", key)).Json.GetProperty("messages").EnumerateArray());
    }

    private async Task<Reply> PollStatusAsync(string path, string status, string? key = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var reply = await OctoGetAsync(path, key);
            Assert.True(reply.Status == 200, reply.ToString());
            if (reply.Str("status") == status)
            {
                return reply;
            }
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"{path} did not reach {status}: {reply}");
            await Task.Delay(100);
        }
    }
}
