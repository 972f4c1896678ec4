using Herald.Providers.Contracts;

namespace Herald.Engine.Dispatch;

/// <summary>The adapters this process has, by the provider name stored on senders.</summary>
public sealed class ProviderRegistry(IEnumerable<IMessageSender> senders)
{
    private readonly Dictionary<string, IMessageSender> _byName =
        senders.ToDictionary(s => s.Provider, StringComparer.OrdinalIgnoreCase);

    public IMessageSender? Find(string provider) => _byName.GetValueOrDefault(provider);
}
