namespace Herald.Api.Tests;

public abstract partial class ApiTests
{
    [Fact]
    public async Task An_sms_is_accepted_with_202_its_id_queued_status_encoding_and_segments()
    {
        var to = NewPhone();

        var reply = await AcceptedAsync(Sms(to, "Your order 1234 has shipped"));

        Assert.Equal("queued", reply.Str("status"));
        Assert.Equal("sms", reply.Str("channel"));
        Assert.Equal(to, reply.Str("to"));
        Assert.Equal("outbound", reply.Str("direction"));
        Assert.Equal("gsm7", reply.Str("encoding"));
        Assert.Equal(1, reply.Json.GetProperty("segments").GetInt32());
        Assert.Equal($"/v1/messages/{reply.Str("id")}", reply.Headers.Location?.ToString());
    }

    [Fact]
    public async Task An_sms_through_the_sandbox_reaches_read_and_its_timeline_shows_every_step_in_order()
    {
        var id = await SendSmsAsync(NewPhone());

        var message = await WaitForStatusAsync(id, "read");

        var steps = message.GetProperty("timeline").EnumerateArray().Select(s => s.GetProperty("type").GetString()).ToList();
        Assert.Equal(["accepted", "queued", "sending", "provider_accepted", "sent", "delivered", "read"], steps);
        var times = message.GetProperty("timeline").EnumerateArray().Select(s => s.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.Order(), times);
        Assert.Equal("sbx_" + id, message.GetProperty("provider_message_id").GetString());
        Assert.Equal(1, message.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task An_sms_with_one_non_gsm_character_is_ucs2_and_counts_its_segments()
    {
        var reply = await AcceptedAsync(Sms(NewPhone(), "Votre commande est arrivée ✅ " + new string('x', 60)));

        Assert.Equal("ucs2", reply.Str("encoding"));
        Assert.Equal(2, reply.Json.GetProperty("segments").GetInt32());
    }

    [Fact]
    public async Task A_formatted_number_is_stored_in_E164_and_metadata_comes_back_as_given()
    {
        var to = NewPhone();
        var formatted = $"{to[..3]} ({to[3..7]}) {to[7..10]}-{to[10..]}";

        var reply = await AcceptedAsync(new { to = formatted, channel = "sms", text = "Hello", metadata = new { order_id = "A-1001", attempt = 2 } });

        Assert.Equal(to, reply.Str("to"));
        var message = await GetMessageAsync(reply.Str("id"));
        Assert.Equal("A-1001", message.GetProperty("metadata").GetProperty("order_id").GetString());
        Assert.Equal(2, message.GetProperty("metadata").GetProperty("attempt").GetInt32());
    }

    [Fact]
    public async Task A_send_to_the_sandbox_undeliverable_number_ends_failed_with_a_permanent_error()
    {
        var id = await SendSmsAsync("+12015550100");

        var message = await WaitForStatusAsync(id, "failed");

        var error = message.GetProperty("error");
        Assert.Equal("permanent", error.GetProperty("class").GetString());
        Assert.Equal("sandbox_undeliverable", error.GetProperty("code").GetString());
        Assert.Equal(["accepted", "queued", "sending", "provider_accepted", "sent", "failed"],
            message.GetProperty("timeline").EnumerateArray().Select(s => s.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task A_send_to_the_sandbox_number_that_fails_twice_is_retried_and_then_read()
    {
        var id = await SendSmsAsync("+12015550102");

        var message = await WaitForStatusAsync(id, "read");

        Assert.Equal(3, message.GetProperty("attempts").GetInt32());
        Assert.Equal(2, message.GetProperty("timeline").EnumerateArray().Count(s => s.GetProperty("type").GetString() == "retry_scheduled"));
    }
}
