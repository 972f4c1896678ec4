using System.Threading.Channels;

namespace Herald.Engine.Templates;

/// <summary>Senders whose template statuses a provider error showed to be stale (Meta 132001, 132015, 132016); the reconciler reads them back soon.</summary>
public sealed class TemplateSyncQueue
{
    private readonly Channel<string> _senders = Channel.CreateBounded<string>(
        new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public void Request(string senderId) => _senders.Writer.TryWrite(senderId);

    public ChannelReader<string> Reader => _senders.Reader;
}
