using Herald.Domain.Messages;
using Herald.Domain.Policy;
using Herald.Domain.Templates;
using Herald.Providers.Contracts;

namespace Herald.Providers.Tests;

/// <summary>Outbound messages for the payload tests.</summary>
internal static class Outbound
{
    public static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    public static OutboundMessage Text(Channel channel, string to, string text, DateTimeOffset? expiresAt = null) =>
        new("msg_1", Sender(channel), to, ContentKind.Text, text, null, null, null, 1, 1, expiresAt);

    public static OutboundMessage Template(Channel channel, string to, string name, string language, TemplateParameters parameters) =>
        new("msg_1", Sender(channel), to, ContentKind.Template, null, name, language, parameters, 1, 1, null);

    private static SenderAccount Sender(Channel channel) =>
        new("snd_1", "ws_1", channel, channel.ToString().ToUpperInvariant(), "+15550783881", null);
}
