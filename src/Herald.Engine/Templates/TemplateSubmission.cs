using System.Net.Http.Headers;
using Herald.Domain;
using Herald.Domain.Templates;
using Herald.Engine.Providers;
using Herald.Engine.Sandbox;
using Herald.Engine.Senders;
using Herald.Engine.Sending;
using Herald.Providers.Contracts;
using Herald.Providers.WhatsAppCloud;
using Herald.Storage.Infrastructure;
using Herald.Storage.Rows;
using Herald.Storage.Stores;
using Microsoft.Extensions.Options;

namespace Herald.Engine.Templates;

/// <summary>What happened on one sender when a template was submitted, synced or registered.</summary>
public sealed record TemplateSenderResult(string SenderId, string Provider, string? Status, string? ProviderTemplateId, Reason? Problem);

/// <summary>
/// Template approval with the providers: submitted to Meta (<c>message_templates</c>) and read back from it (webhooks,
/// sync on demand, periodic reconcile); Twilio Content and Viber templates are registered by hand with the status
/// and provider id the operator gives, since Herald does not create them.
/// </summary>
public sealed class TemplateSubmission(
    Database db, TemplateStore templates, WorkspaceStore workspaces, SenderService senders, TemplateEventApplier applier,
    IHttpClientFactory http, IOptions<HeraldOptions> options, TimeProvider clock)
{
    /// <summary>Submits the template to every WhatsApp sender of the workspace (or the one named); null when the template is not the workspace's.</summary>
    public async Task<IReadOnlyList<TemplateSenderResult>?> SubmitAsync(string workspaceId, string templateId, string? senderId, CancellationToken ct = default)
    {
        var template = await templates.GetAsync(workspaceId, templateId, ct).ConfigureAwait(false);
        if (template is null)
        {
            return null;
        }
        var definition = TemplateCodec.Deserialize(template.Definition);
        var results = new List<TemplateSenderResult>();
        var submitted = new Dictionary<string, TemplateSenderResult>(StringComparer.Ordinal); // WABA → Meta's answer
        foreach (var s in await TargetsAsync(workspaceId, senderId, ct).ConfigureAwait(false))
        {
            var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
            switch (s.Provider)
            {
                case SandboxSender.Name:
                    await templates.SetStatusAsync(Status(templateId, s.Id, "APPROVED", null, null, now), ct).ConfigureAwait(false);
                    results.Add(new TemplateSenderResult(s.Id, s.Provider, "APPROVED", null, null));
                    break;
                case SenderProfiles.Meta:
                    var waba = TemplateEventApplier.AccountOf(s) ?? "";
                    if (!submitted.TryGetValue(waba, out var answer))
                    {
                        answer = await SubmitToMetaAsync(s, definition, ct).ConfigureAwait(false);
                        submitted[waba] = answer;
                    }
                    if (answer.Problem is null)
                    {
                        await templates.SetStatusAsync(Status(templateId, s.Id, answer.Status ?? "PENDING", null, answer.ProviderTemplateId, now), ct)
                            .ConfigureAwait(false);
                    }
                    results.Add(answer with { SenderId = s.Id });
                    break;
                default:
                    results.Add(new TemplateSenderResult(s.Id, s.Provider, null, null, new Reason("template_registration_manual",
                        $"{s.Provider} templates are created in the provider's console; register this one with PUT /v1/templates/{templateId}/senders/{s.Id} giving its status and provider id.",
                        "sender")));
                    break;
            }
        }
        applier.Changed();
        return results;
    }

    /// <summary>Reads the template's status from Meta for every Meta sender (or the one named); null when the template is not the workspace's.</summary>
    public async Task<IReadOnlyList<TemplateSenderResult>?> SyncAsync(string workspaceId, string templateId, string? senderId, CancellationToken ct = default)
    {
        var template = await templates.GetAsync(workspaceId, templateId, ct).ConfigureAwait(false);
        if (template is null)
        {
            return null;
        }
        var results = new List<TemplateSenderResult>();
        foreach (var s in (await TargetsAsync(workspaceId, senderId, ct).ConfigureAwait(false)).Where(s => s.Provider == SenderProfiles.Meta))
        {
            var problem = await SyncSenderAsync(s, template.Name, ct).ConfigureAwait(false);
            var status = await templates.StatusAsync(templateId, s.Id, ct).ConfigureAwait(false);
            results.Add(new TemplateSenderResult(s.Id, s.Provider, status?.Status, status?.ProviderTemplateId, problem));
        }
        applier.Changed();
        return results;
    }

    /// <summary>Reads every template of a Meta sender's account and applies what changed (the periodic reconcile).</summary>
    public async Task<Reason?> SyncSenderAsync(SenderRow s, string? name, CancellationToken ct)
    {
        var keys = senders.KeysOf(s);
        if (keys.Setting("waba_id") is not { } waba || keys.Credential("access_token") is not { } token)
        {
            return new Reason("sender_misconfigured", "This Meta sender has no settings.waba_id or credentials.access_token.", "sender");
        }
        var request = WhatsAppCloudTemplates.BuildList(keys.Setting("api_version") ?? "v23.0", waba, name);
        var (status, body, error) = await CallAsync(request, token, ct).ConfigureAwait(false);
        if (error is not null || status is < 200 or > 299)
        {
            return error ?? new Reason("provider_error", $"Meta answered HTTP {status} to the template list; try again later.", "sender");
        }
        var events = WhatsAppCloudTemplates.ReadList(body, waba);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        using (await db.WriteTurnAsync(ct).ConfigureAwait(false))
        {
            await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
            await using var tx = await db.BeginWriteAsync(c, ct).ConfigureAwait(false);
            foreach (var e in events)
            {
                await TemplateEventApplier.ApplyAsync(c, tx, s, e, now).ConfigureAwait(false);
            }
            await tx.CommitAsync(ct).ConfigureAwait(false);
        }
        return null;
    }

    /// <summary>Records a template's status and provider id on one sender by hand (Twilio ContentSid, Viber template id, or any provider).</summary>
    public async Task<(TemplateStatusRow? Row, Reason? Problem)> RegisterAsync(
        string workspaceId, string templateId, string senderId, TemplateStatus status, string? providerTemplateId, string? reason, CancellationToken ct = default)
    {
        var template = await templates.GetAsync(workspaceId, templateId, ct).ConfigureAwait(false);
        var sender = (await workspaces.SendersAsync(workspaceId, ct).ConfigureAwait(false)).FirstOrDefault(s => s.Id == senderId);
        if (template is null || sender is null)
        {
            return (null, null);
        }
        if (sender.Channel == "sms")
        {
            return (null, new Reason("template_not_applicable", "SMS senders send rendered text; templates need no approval there.", "sender_id"));
        }
        if (sender.Provider is SenderProfiles.Twilio or SenderProfiles.Infobip && string.IsNullOrWhiteSpace(providerTemplateId))
        {
            return (null, new Reason("missing_field", sender.Provider == SenderProfiles.Twilio
                ? "'provider_template_id' is the Twilio ContentSid of this template (HX followed by 32 hex digits)."
                : "'provider_template_id' is the Viber template id Infobip gave this template.", "provider_template_id"));
        }
        var row = Status(templateId, senderId, status.ToString().ToUpperInvariant(), reason, providerTemplateId, clock.GetUtcNow().ToUnixTimeMilliseconds());
        await templates.SetStatusAsync(row, ct).ConfigureAwait(false);
        applier.Changed();
        return (row, null);
    }

    private async Task<TemplateSenderResult> SubmitToMetaAsync(SenderRow s, TemplateDefinition definition, CancellationToken ct)
    {
        var keys = senders.KeysOf(s);
        if (keys.Setting("waba_id") is not { } waba || keys.Credential("access_token") is not { } token)
        {
            return new TemplateSenderResult(s.Id, s.Provider, null, null,
                new Reason("sender_misconfigured", "This Meta sender has no settings.waba_id or credentials.access_token.", "sender"));
        }
        var (status, body, error) = await CallAsync(WhatsAppCloudTemplates.BuildCreate(keys.Setting("api_version") ?? "v23.0", waba, definition), token, ct)
            .ConfigureAwait(false);
        if (error is not null)
        {
            return new TemplateSenderResult(s.Id, s.Provider, null, null, error);
        }
        var answer = WhatsAppCloudTemplates.ReadCreate(status, body);
        return answer.Ok
            ? new TemplateSenderResult(s.Id, s.Provider, answer.Status?.ToString().ToUpperInvariant() ?? "PENDING", answer.ProviderTemplateId, null)
            : new TemplateSenderResult(s.Id, s.Provider, null, null, new Reason("provider_refused",
                $"Meta refused the template ({answer.ErrorCode}): {answer.ErrorMessage}", "template"));
    }

    private async Task<(int Status, byte[] Body, Reason? Error)> CallAsync(ProviderHttpRequest request, string token, CancellationToken ct)
    {
        using var msg = new HttpRequestMessage(new HttpMethod(request.Method), options.Value.Providers.MetaBaseUrl.TrimEnd('/') + request.Path);
        if (request.Method != "GET")
        {
            msg.Content = new ReadOnlyMemoryContent(request.Body);
            msg.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType);
        }
        msg.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var timeout = new CancellationTokenSource(options.Value.Providers.RequestTimeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            using var response = await http.CreateClient(HttpProviderSender.ClientName).SendAsync(msg, linked.Token).ConfigureAwait(false);
            return ((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync(linked.Token).ConfigureAwait(false), null);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return (0, [], new Reason("provider_unreachable", $"Meta could not be reached ({ex.Message}); try again later.", "sender"));
        }
    }

    private async Task<IReadOnlyList<SenderRow>> TargetsAsync(string workspaceId, string? senderId, CancellationToken ct) =>
        [.. (await workspaces.SendersAsync(workspaceId, ct).ConfigureAwait(false))
            .Where(s => s.Channel != "sms" && (senderId is null || s.Id == senderId))];

    private static TemplateStatusRow Status(string templateId, string senderId, string status, string? reason, string? providerId, long now) => new()
    {
        TemplateId = templateId, SenderId = senderId, Status = status, Quality = "UNKNOWN", Reason = reason, UpdatedAt = now, ProviderTemplateId = providerId,
    };
}
