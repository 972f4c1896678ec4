using Herald.Domain.Messages;

namespace Herald.Domain.Tests.Messages;

public class WireTests
{
    [Fact]
    public void Channels_have_stable_lowercase_names()
    {
        Assert.Equal(["sms", "whatsapp", "viber"], Enum.GetValues<Channel>().Select(Wire.Name));
        Assert.Equal(["transactional", "marketing"], Enum.GetValues<Purpose>().Select(Wire.Name));
        Assert.Equal(["outbound", "inbound"], Enum.GetValues<Direction>().Select(Wire.Name));
    }

    [Fact]
    public void Statuses_and_error_classes_have_stable_names()
    {
        Assert.Equal(
            ["accepted", "queued", "scheduled", "deferred", "sending", "sent", "delivered", "read", "failed", "expired", "cancelled"],
            Enum.GetValues<MessageStatus>().Select(Wire.Name));
        Assert.Equal(
            ["permanent", "transient_exhausted", "policy", "consent", "in_doubt"],
            Enum.GetValues<ErrorClass>().Select(Wire.Name));
    }

    [Fact]
    public void Every_name_parses_back_to_its_value()
    {
        foreach (Channel v in Enum.GetValues<Channel>())
        {
            Assert.True(Wire.TryParseChannel(Wire.Name(v), out Channel parsed));
            Assert.Equal(v, parsed);
        }

        foreach (Purpose v in Enum.GetValues<Purpose>())
        {
            Assert.True(Wire.TryParsePurpose(Wire.Name(v), out Purpose parsed));
            Assert.Equal(v, parsed);
        }

        foreach (MessageStatus v in Enum.GetValues<MessageStatus>())
        {
            Assert.True(Wire.TryParseMessageStatus(Wire.Name(v), out MessageStatus parsed));
            Assert.Equal(v, parsed);
        }

        foreach (ErrorClass v in Enum.GetValues<ErrorClass>())
        {
            Assert.True(Wire.TryParseErrorClass(Wire.Name(v), out ErrorClass parsed));
            Assert.Equal(v, parsed);
        }

        foreach (Direction v in Enum.GetValues<Direction>())
        {
            Assert.True(Wire.TryParseDirection(Wire.Name(v), out Direction parsed));
            Assert.Equal(v, parsed);
        }
    }

    [Fact]
    public void Parsing_ignores_case()
    {
        Assert.True(Wire.TryParseChannel("WhatsApp", out Channel channel));
        Assert.Equal(Channel.WhatsApp, channel);
        Assert.True(Wire.TryParseErrorClass("IN_DOUBT", out ErrorClass error));
        Assert.Equal(ErrorClass.InDoubt, error);
        Assert.True(Wire.TryParseStatus("Delivered", out MessageStatus status));
        Assert.Equal(MessageStatus.Delivered, status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("email")]
    [InlineData(" sms")]
    [InlineData("2")]
    public void Unknown_names_are_refused(string? name)
    {
        Assert.False(Wire.TryParseChannel(name, out _));
        Assert.False(Wire.TryParseMessageStatus(name, out _));
    }
}
