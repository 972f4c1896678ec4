using System.Text.Json.Nodes;
using Herald.Simulator.Core;
using Microsoft.Extensions.Options;

namespace Herald.Simulator.Meta;

/// <summary>Signs and schedules Meta webhooks (X-Hub-Signature-256 over the exact bytes posted).</summary>
internal sealed class MetaHooks(SimState state, WebhookDispatcher dispatcher, IOptions<SimulatorOptions> options)
{
    private MetaAccount Account => options.Value.Meta;

    public string Display(string phoneNumberId) =>
        Account.PhoneNumbers.TryGetValue(phoneNumberId, out var display) ? display : phoneNumberId;

    public void ScheduleStatuses(string phoneNumberId, string wamid, string to, string category, string? biz)
    {
        if (!state.Knobs.StatusWebhooks)
        {
            return;
        }

        string[] statuses = StatusPlan.Fails(state, to) ? ["sent", "failed"]
            : state.Knobs.ReadReceipts ? ["sent", "delivered", "read"] : ["sent", "delivered"];
        var conversation = state.Random.Hex(16);
        var now = state.Clock.GetUtcNow();
        foreach (var (status, delay) in StatusPlan.For(state, statuses))
        {
            var at = (now + delay).ToUnixTimeSeconds();
            var value = MetaPayloads.Status(new MetaStatus(phoneNumberId, Display(phoneNumberId), wamid, status, at, to,
                category, conversation, biz));
            Post("status", wamid, status, MetaPayloads.Envelope(Account.WabaId, "messages", value), delay);
        }
    }

    public string PostInbound(string phoneNumberId, string from, string? name, string text)
    {
        var wamid = "wamid." + Convert.ToBase64String(state.Random.Bytes(30));
        var value = MetaPayloads.Inbound(phoneNumberId, Display(phoneNumberId), from, name ?? "Simulated Customer", wamid,
            state.Clock.GetUtcNow().ToUnixTimeSeconds(), text);
        Post("inbound", wamid, null, MetaPayloads.Envelope(Account.WabaId, "messages", value), TimeSpan.Zero);
        return wamid;
    }

    public void PostTemplateStatus(TemplateRecord template, string reason)
    {
        var now = state.Clock.GetUtcNow().ToUnixTimeSeconds();
        var value = new JsonObject
        {
            ["event"] = template.Status,
            ["message_template_id"] = template.Id,
            ["message_template_name"] = template.Name,
            ["message_template_language"] = template.Language,
            ["reason"] = reason,
            ["message_template_category"] = template.Category,
        };
        switch (template.Status)
        {
            case "REJECTED":
                value["rejection_info"] = new JsonObject
                {
                    ["reason"] = "Rejected by the simulator on request.",
                    ["recommendation"] = "Change the template and submit it again.",
                };
                break;
            case "PAUSED":
                value["other_info"] = new JsonObject { ["title"] = "FIRST_PAUSE", ["description"] = "Paused by the simulator on request." };
                break;
            case "DISABLED":
                value["disable_info"] = new JsonObject { ["disable_date"] = now };
                break;
        }

        Post("template_status", template.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), template.Status,
            MetaPayloads.Envelope(Account.WabaId, "message_template_status_update", value, now), TimeSpan.Zero);
    }

    private void Post(string kind, string? id, string? status, JsonObject body, TimeSpan delay)
    {
        if (Account.WebhookUrl is not { } url)
        {
            return;
        }

        var bytes = JsonBytes.MetaStyle(body);
        var headers = new List<KeyValuePair<string, string>>
        {
            new("X-Hub-Signature-256", Signing.Meta(Account.AppSecret, bytes)),
            new("User-Agent", "facebookexternalua"),
        };
        dispatcher.Post(new WebhookJob("meta", kind, id, status, url, bytes, "application/json", headers), delay);
    }
}
