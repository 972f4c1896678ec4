namespace Herald.Api.Tests.Octopods;

public abstract partial class OctopodsTests
{
    [Fact]
    public async Task Sms_is_sent_with_the_docs_request_and_answers_201_with_request_and_message_ids()
    {
        var reply = await OctoPostAsync("/api/v1/sms/messages", """
            {
            "destination_phone": "+353838000000",
            "body": "MESSAGE_BODY",
            "open_intercom_conversation": false
            }
            """);

        var message = await MessageAsync(AssertSent(reply, "+353838000000"));
        Assert.Equal("sms", message.GetProperty("channel").GetString());
        Assert.Equal("MESSAGE_BODY", message.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Sms_errors_carry_the_sms_family_codes()
    {
        AssertOctopodsError(await OctoPostAsync("/api/v1/sms/messages", new { body = "Hi" }), 1); // ARGUMENT_MISSING
        AssertOctopodsError(await OctoPostAsync("/api/v1/sms/messages", new { destination_phone = Herald.NewPhone() }), 2); // EMPTY_BODY
        AssertOctopodsError(await OctoPostAsync("/api/v1/sms/messages", new { destination_phone = Herald.NewPhone(), body = "   " }), 2);
        AssertOctopodsError(await OctoPostAsync("/api/v1/sms/messages", new { destination_phone = "12", body = "Hi" }), 3); // PHONE_INVALID
        AssertOctopodsError(await OctoPostAsync("/api/v1/sms/messages", new { destination_phone = Herald.NewPhone(), body = new[] { "Hi" } }), 6);
    }

    [Fact]
    public async Task An_opted_out_number_is_refused_up_front_with_heralds_reason()
    {
        var phone = Herald.NewPhone();
        Assert.Equal(201, (await NativePostAsync("/v1/sandbox/inbound", new { from = phone, channel = "sms", text = "STOP" })).Status);

        var reply = await OctoPostAsync("/api/v1/sms/messages", new { destination_phone = phone, body = "Your order has shipped" });

        var error = AssertOctopodsError(reply, 10, "opted_out");
        Assert.Contains("opted out", error.GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("\"yes\"")]
    [InlineData("\"on\"")]
    [InlineData("1")]
    [InlineData("\"0\"")]
    [InlineData("\"off\"")]
    public async Task Open_intercom_conversation_accepts_every_documented_spelling(string flag)
    {
        var phone = Herald.NewPhone();
        var reply = await OctoPostAsync("/api/v1/sms/messages",
            $$"""{"destination_phone": "{{phone}}", "body": "Hi", "open_intercom_conversation": {{flag}}, "destination_user_name": "Jane Doe"}""");
        AssertSent(reply, phone);
    }
}
