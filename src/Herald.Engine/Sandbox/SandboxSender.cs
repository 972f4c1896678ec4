using Herald.Providers.Contracts;
using Herald.Storage.Rows;
using Herald.Storage.Stores;
using Microsoft.Extensions.Options;

namespace Herald.Engine.Sandbox;

/// <summary>
/// The built-in provider: it "hands" messages to simulated handsets by recording them in its own table, keyed by
/// Herald's message id, so a resend after a crash is recognised and never delivered twice.
/// </summary>
public sealed class SandboxSender(SandboxStore store, TimeProvider clock, IOptions<HeraldOptions> options) : IMessageSender
{
    public const string Name = "sandbox";

    public string Provider => Name;

    public bool ResendIsSafe => true;

    public async Task<IReadOnlyList<SendResult>> SendAsync(IReadOnlyList<OutboundMessage> batch, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var firstStatusAt = (now + options.Value.Sandbox.SentDelay).ToUnixTimeMilliseconds();
        var results = new SendResult[batch.Count];
        var accepted = new List<SandboxDeliveryRow>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            var m = batch[i];
            var behaviour = SandboxNumbers.For(m.To);
            if (behaviour == SandboxBehaviour.FailTransiently
                || (behaviour == SandboxBehaviour.FailTwiceThenDeliver && m.Attempt <= 2))
            {
                results[i] = SendResult.Retry("sandbox_unavailable",
                    $"Sandbox test number {m.To} refused attempt {m.Attempt} with a temporary error (HTTP 503).");
                continue;
            }
            accepted.Add(new SandboxDeliveryRow
            {
                MessageId = m.MessageId, SenderId = m.Sender.Id, Phone = m.To, Behaviour = behaviour.ToString(),
                Stage = 0, NextAt = firstStatusAt, AcceptedAt = now.ToUnixTimeMilliseconds(),
            });
            results[i] = SendResult.Accepted("sbx_" + m.MessageId);
        }
        await store.AcceptAsync(accepted, ct).ConfigureAwait(false);
        return results;
    }
}
