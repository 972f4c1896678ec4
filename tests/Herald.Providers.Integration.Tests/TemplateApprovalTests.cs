namespace Herald.Providers.Integration.Tests;

/// <summary>
/// Template approval against the simulated Meta: submit → PENDING; the simulator's signed approval webhook → APPROVED and
/// sendable; its pause webhook → PAUSED and sends refused with the reason; /sync reads the status from the simulator.
/// </summary>
public sealed class TemplateApprovalTests(SqliteProviders fx) : TemplateTest(fx), IClassFixture<SqliteProviders>
{
    [Fact]
    public async Task Submitted_pending_then_approved_by_webhook_is_sendable_and_paused_is_refused_with_the_reason()
    {
        var name = UniqueName("approval_flow");
        var templateId = await CreateTemplateAsync(Simple(name));

        var submitted = await SubmitAsync(templateId);
        var result = Assert.Single(submitted.GetProperty("results").EnumerateArray(), r => r.GetProperty("sender").GetString() == Fx.Meta.Id);
        Assert.Equal("PENDING", result.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(result.GetProperty("provider_template_id").GetString()));
        Assert.Equal("PENDING", await StatusOnAsync(templateId, Fx.Meta.Id));
        var simTemplates = await SendAsync(Sim, HttpMethod.Get, $"/v23.0/{ProvidersFixture.WabaId}/message_templates?name={name}", null,
            [new("Authorization", "Bearer " + ProvidersFixture.MetaToken)]);
        AssertStatus(simTemplates, 200);
        Assert.Contains("PENDING", simTemplates.Text, StringComparison.Ordinal);
        var whilePending = await PostAsync("/v1/messages", Send(name));
        Assert.Equal(422, whilePending.Status);

        await SimTemplateStatusAsync(name, "approve");
        await WaitForTemplateStatusAsync(templateId, Fx.Meta.Id, "APPROVED");
        var id = await AcceptedAsync(Send(name));
        await WaitForStatusAsync(id, "read");

        await SimTemplateStatusAsync(name, "pause");
        await WaitForTemplateStatusAsync(templateId, Fx.Meta.Id, "PAUSED");
        var refused = await PostAsync("/v1/messages", Send(name));
        AssertProblem(refused, 422, "template_not_approved");
        Assert.Contains("PAUSED", refused.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_reads_the_status_from_the_simulator()
    {
        var name = UniqueName("sync_flow");
        var templateId = await CreateTemplateAsync(Simple(name));
        await ApproveOnMetaAsync(templateId, name);
        // Herald's record is set back by hand, so only a real read from the provider can bring APPROVED again.
        var reset = await PutAsync($"/v1/templates/{templateId}/senders/{Fx.Meta.Id}", new { status = "PENDING" });
        if (reset.Status == 200)
        {
            Assert.Equal("PENDING", await StatusOnAsync(templateId, Fx.Meta.Id));
        }

        var synced = await PostAsync($"/v1/templates/{templateId}/sync", new { sender = Fx.Meta.Id });

        AssertStatus(synced, 200);
        var result = Assert.Single(synced.Json.GetProperty("results").EnumerateArray(), r => r.GetProperty("sender").GetString() == Fx.Meta.Id);
        Assert.Equal("APPROVED", result.GetProperty("status").GetString());
        Assert.Equal("APPROVED", await StatusOnAsync(templateId, Fx.Meta.Id));
    }

    private object Send(string name) => new
    {
        to = NewPhone(), channel = "whatsapp", sender = Fx.Meta.Id, template = new { name, language = "en", parameters = new[] { "Ann", "1234" } },
    };
}
