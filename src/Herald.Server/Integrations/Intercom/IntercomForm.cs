using System.Globalization;
using System.Text.Json.Nodes;
using Herald.Domain;
using Herald.Domain.Messages;
using Herald.Engine.Sending;
using Herald.Providers.Shared;
using Herald.Storage.Rows;

namespace Herald.Server.Integrations.Intercom;

/// <summary>What the teammate chose so far: inputs of the submitted canvas, else the contact's data and the settings.</summary>
public sealed record FormState(string? Channel, string? Template, string? Phone, string? Text, IReadOnlyDictionary<string, string> Vars)
{
    public const string FreeText = "text";

    public static FormState Initial(IntercomRequest r, IntegrationRow i) =>
        new(IntegrationSettings.Get(i.Settings, "default_channel"), null, r.Phone, null, new Dictionary<string, string>());

    public static FormState From(IntercomRequest r, IntegrationRow i)
    {
        var vars = r.Inputs.Where(kv => kv.Key.StartsWith("var_", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[4..], kv => kv.Value, StringComparer.Ordinal);
        return new(r.Inputs.GetValueOrDefault("channel") ?? IntegrationSettings.Get(i.Settings, "default_channel"),
            r.Inputs.GetValueOrDefault("template"), r.Inputs.GetValueOrDefault("phone") ?? r.Phone, r.Inputs.GetValueOrDefault("text"), vars);
    }
}

/// <summary>Renders the Canvas Kit send form with Herald's preview, and sends through <see cref="SendPipeline"/>.</summary>
public sealed class IntercomForm(
    IntegrationSending sending, SendPipeline pipeline, SendOnce once, IntegrationSecrets secrets, TimeProvider clock)
{
    /// <summary>A form older than this cannot send: a captured, validly signed submit cannot be replayed later.</summary>
    public static readonly TimeSpan MaxFormAge = TimeSpan.FromMinutes(30);

    private sealed record Choice(Channel? Channel, IReadOnlyList<Channel> Channels, IReadOnlyList<SendableTemplate> Templates,
        SendableTemplate? Template, SendCommand? Command, Reason? Problem);

    public async Task<JsonObject> RenderAsync(
        IntegrationRow integration, IntercomRequest request, FormState state, IReadOnlyList<Reason> errors, CancellationToken ct)
    {
        var c = await ChooseAsync(integration, request, state, ct).ConfigureAwait(false);
        var items = new JsonArray { IntercomCanvas.Text("title", "Send with Herald", "header") };
        // Component ids must be unique in a canvas: one line per reason code.
        foreach (var e in errors.DistinctBy(e => e.Code))
        {
            items.Add(IntercomCanvas.Text("error_" + e.Code, e.Message, "error"));
        }
        if (c.Channel is not { } channel)
        {
            items.Add(IntercomCanvas.Text("no_senders", "This Herald workspace has no senders yet; add one in Herald first.", "muted"));
            return IntercomCanvas.Response(items, null);
        }
        items.Add(IntercomCanvas.Dropdown("channel", "Channel", c.Channels.Select(x => (Wire.Name(x), Label(x))), Wire.Name(channel)));
        var options = c.Templates.Select(t => (t.Row.Id, $"{t.Row.Name} ({t.Row.Language})")).Append((FormState.FreeText, "Free text"));
        items.Add(IntercomCanvas.Dropdown("template", "Template", options, c.Template?.Row.Id ?? FormState.FreeText));
        items.Add(IntercomCanvas.Input("phone", "Phone", state.Phone, "+14155550123"));
        if (c.Template is { } t)
        {
            foreach (var v in t.Variables)
            {
                items.Add(IntercomCanvas.Input("var_" + v.Name, "{{" + v.Name + "}}", Value(state, request, v.Name, v.IsPositional)));
            }
        }
        else
        {
            items.Add(IntercomCanvas.Input("text", "Message", state.Text, "Write the message"));
        }
        items.Add(IntercomCanvas.Divider());
        if (c.Command is { } cmd)
        {
            var check = await pipeline.CheckAsync(cmd, ct).ConfigureAwait(false);
            items.Add(IntercomCanvas.Text("preview_label", "Preview", "muted"));
            items.Add(IntercomCanvas.Text("preview_text", check.Decision.RenderedText ?? cmd.Text ?? ""));
            foreach (var r in check.Decision.Allowed ? [] : check.Decision.Reasons.DistinctBy(r => r.Code))
            {
                items.Add(IntercomCanvas.Text("blocked_" + r.Code, "Would not send: " + r.Message, "error"));
            }
        }
        else if (c.Problem is { } p && !errors.Any(e => e.Code == p.Code))
        {
            items.Add(IntercomCanvas.Text("incomplete", p.Message, "muted"));
        }
        items.Add(IntercomCanvas.Spacer());
        items.Add(IntercomCanvas.SubmitButton("preview", "Preview", "secondary"));
        items.Add(IntercomCanvas.SubmitButton("send", "Send"));
        return IntercomCanvas.Response(items, IntercomCanvasApi.StoredData(secrets.ClientSecret(integration), request,
            clock.GetUtcNow().ToUnixTimeMilliseconds()));
    }

    public async Task<JsonObject> SendAsync(IntegrationRow integration, IntercomRequest request, CancellationToken ct)
    {
        var state = FormState.From(request, integration);
        if (Stale(integration, request) is { } stale)
        {
            return await RenderAsync(integration, request, state, [stale], ct).ConfigureAwait(false);
        }
        var c = await ChooseAsync(integration, request, state, ct).ConfigureAwait(false);
        if (c.Command is null)
        {
            return await RenderAsync(integration, request, state,
                [c.Problem ?? new Reason("no_senders", "This Herald workspace has no senders yet.")], ct).ConfigureAwait(false);
        }
        // One message per form: a replayed (validly signed) submit of the same form finds the key taken. A submit without a
        // Herald form (a script) is keyed by what it asks for, so the same request sent again does not send twice.
        var key = HasForm(request) ? $"intercom-form:{integration.Id}:{request.StoredText("mac")}" : $"intercom-submit:{integration.Id}:{Fingerprint(request)}";
        if (await once.ClaimAsync(integration.WorkspaceId, key, MaxFormAge * 2, ct).ConfigureAwait(false) is not null)
        {
            return await RenderAsync(integration, request, state, [new Reason("form_already_sent",
                "This form has already sent its message; nothing more was sent. Press Preview for a fresh form to send another.")], ct).ConfigureAwait(false);
        }
        SubmitResult result;
        try
        {
            result = await pipeline.SubmitAsync(c.Command, ct).ConfigureAwait(false);
        }
        catch
        {
            await once.ReleaseAsync(integration.WorkspaceId, key).ConfigureAwait(false);
            throw;
        }
        if (result.Message is not { } m)
        {
            await once.ReleaseAsync(integration.WorkspaceId, key).ConfigureAwait(false);
            return await RenderAsync(integration, request, state, result.Evaluation.Decision.Reasons, ct).ConfigureAwait(false);
        }
        await once.CompleteAsync(integration.WorkspaceId, key, m.Id, ct).ConfigureAwait(false);
        var items = new JsonArray
        {
            IntercomCanvas.Text("title", "Sent with Herald", "header"),
            IntercomCanvas.Text("result", $"Message {m.Id} to {m.Phone} on {Label(c.Channel!.Value)}: {m.Status}."),
            IntercomCanvas.Text("body", m.Body ?? "", "muted"),
            IntercomCanvas.Spacer(),
            IntercomCanvas.SubmitButton("new", "Send another", "secondary"),
        };
        return IntercomCanvas.Response(items, []);
    }

    private async Task<Choice> ChooseAsync(IntegrationRow integration, IntercomRequest request, FormState state, CancellationToken ct)
    {
        var channels = await sending.ChannelsAsync(integration.WorkspaceId, ct).ConfigureAwait(false);
        if (channels.Count == 0)
        {
            return new Choice(null, channels, [], null, null, null);
        }
        Channel channel = Wire.TryParseChannel(state.Channel, out var asked) && channels.Contains(asked) ? asked
            : channels.Contains(Channel.WhatsApp) ? Channel.WhatsApp : channels[0];
        var templates = await sending.ApprovedAsync(integration.WorkspaceId, channel, ct).ConfigureAwait(false);
        var template = state.Template == FormState.FreeText ? null
            : templates.FirstOrDefault(t => t.Row.Id == state.Template) ?? (channel == Channel.Sms ? null : templates.FirstOrDefault());
        var parameters = template is null ? Domain.Templates.TemplateParameters.None
            : IntegrationSending.Parameters(template, v => Value(state, request, v.Name, v.IsPositional));
        var senders = await sending.SendersAsync(integration.WorkspaceId, ct).ConfigureAwait(false);
        var (command, problem) = IntegrationSending.Command(integration.WorkspaceId, channel,
            IntegrationSettings.Get(integration.Settings, "default_sender"), senders, state.Phone, template?.Row.Name, template?.Row.Language, parameters, state.Text,
            Origin(integration, request), template?.Row.Category == "MARKETING");
        return new Choice(channel, channels, templates, template, command, problem);
    }

    private static string Value(FormState s, IntercomRequest r, string name, bool positional) =>
        s.Vars.TryGetValue(name, out var v) ? v : r.Prefill(name, positional);

    /// <summary>True when the submit carries the stored data of a form Herald rendered (Intercom always sends it back).</summary>
    private static bool HasForm(IntercomRequest request) =>
        request.StoredText("issued_at").Length > 0 || request.StoredText("mac").Length > 0;

    private static string Fingerprint(IntercomRequest request) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
        System.Text.Encoding.UTF8.GetBytes(string.Join("\n", request.Inputs.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value))
            + "\n" + request.ContactId + "\n" + request.ConversationId)));

    /// <summary>
    /// A Herald form older than the limit, or whose stored data Herald did not sign, cannot send. A signed submit without
    /// any form data (a script rather than Intercom) is taken on its signature alone.
    /// </summary>
    private Reason? Stale(IntegrationRow integration, IntercomRequest request)
    {
        if (!HasForm(request))
        {
            return null;
        }
        var issued = request.StoredText("issued_at");
        var mac = IntercomCanvasApi.StoredDataMac(secrets.ClientSecret(integration), issued, request.StoredText("contact_id"));
        var fresh = long.TryParse(issued, NumberStyles.None, CultureInfo.InvariantCulture, out var at)
            && Signatures.SameText(mac, request.StoredText("mac"))
            && request.StoredText("contact_id") == (request.ContactId ?? "")
            && clock.GetUtcNow().ToUnixTimeMilliseconds() - at <= (long)MaxFormAge.TotalMilliseconds;
        return fresh ? null : new Reason("form_expired",
            $"This form is older than {MaxFormAge.TotalMinutes.ToString(CultureInfo.InvariantCulture)} minutes or was not made by Herald; nothing was sent. Press Preview to refresh it, then Send.");
    }

    /// <summary>messages.origin of a send from the inbox app; the Intercom sink adds the message to this conversation.</summary>
    public static string Origin(IntegrationRow integration, IntercomRequest r) => new JsonObject
    {
        ["kind"] = IntegrationKinds.Intercom,
        ["integration_id"] = integration.Id,
        ["conversation_id"] = r.ConversationId,
        ["contact_id"] = r.ContactId,
        ["admin_id"] = r.AdminId,
        ["open_conversation"] = true,
        ["source"] = "inbox_app",
    }.ToJsonString();

    private static string Label(Channel c) => c switch
    {
        Channel.WhatsApp => "WhatsApp",
        Channel.Sms => "SMS",
        Channel.Viber => "Viber",
        _ => c.ToString(),
    };
}
