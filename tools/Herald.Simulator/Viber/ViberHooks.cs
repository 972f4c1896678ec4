using System.Text.Json.Nodes;
using Herald.Simulator.Core;
using Microsoft.Extensions.Options;

namespace Herald.Simulator.Viber;

/// <summary>Delivery, seen and inbound reports, signed with the sender's secret (see README).</summary>
internal sealed class ViberHooks(SimState state, WebhookDispatcher dispatcher, IOptions<SimulatorOptions> options)
{
    private ViberAccount Account => options.Value.Viber;

    public void ScheduleReports(ViberSend send)
    {
        if (!state.Knobs.StatusWebhooks)
        {
            return;
        }

        var delivered = !StatusPlan.Fails(state, send.To);
        string[] reports = delivered && state.Knobs.ReadReceipts ? ["DELIVERED", "SEEN"] : [delivered ? "DELIVERED" : "UNDELIVERABLE"];
        var now = state.Clock.GetUtcNow();
        foreach (var (report, delay) in StatusPlan.For(state, reports, firstStep: 1))
        {
            if (report == "SEEN")
            {
                Post("seen", send.MessageId, report, send.SeenUrl ?? Account.SeenUrl, send.Sender,
                    ViberPayloads.SeenReport(send, now, now + delay), delay);
            }
            else
            {
                Post("delivery", send.MessageId, report, send.DeliveryUrl ?? Account.DeliveryUrl, send.Sender,
                    ViberPayloads.DeliveryReport(send, delivered, now, now + delay), delay);
            }
        }
    }

    /// <summary>A customer writes to our sender; signed with that sender's secret.</summary>
    public string PostInbound(string from, string to, string text)
    {
        var id = state.Random.GuidLike();
        Post("inbound", id, "received", Account.InboundUrl, to,
            ViberPayloads.Inbound(from, to, id, state.Clock.GetUtcNow(), text), TimeSpan.Zero);
        return id;
    }

    private void Post(string kind, string id, string status, string? url, string sender, JsonObject body, TimeSpan delay)
    {
        if (url is null)
        {
            return;
        }

        var bytes = JsonBytes.Plain(body);
        var headers = new List<KeyValuePair<string, string>>
        {
            new(Account.SignatureHeader, Signing.Viber(Account.SecretFor(sender), bytes)),
        };
        dispatcher.Post(new WebhookJob("viber", kind, id, status, url, bytes, "application/json", headers), delay);
    }
}
