namespace Herald.Api.Tests;

public abstract partial class ApiTests
{
    [Fact]
    public async Task Objects_of_another_workspace_are_404_both_ways_and_never_listed()
    {
        var (_, otherKey) = await Herald.CreateWorkspaceAsync("Other tenant");
        using var other = ClientWith(otherKey);
        var phone = NewPhone();
        var mine = await CreateWorkspaceObjectsAsync(Admin, phone, UniqueName("tenant_a"));
        var theirs = await CreateWorkspaceObjectsAsync(other, phone, UniqueName("tenant_b"));

        foreach (var (client, foreign) in new[] { (Admin, theirs), (other, mine) })
        {
            AssertProblem(await GetAsync($"/v1/messages/{foreign.Message}", client), 404, "not_found");
            AssertProblem(await PostAsync($"/v1/messages/{foreign.Scheduled}/cancel", new { }, client: client), 404, "not_found");
            AssertProblem(await GetAsync($"/v1/templates/{foreign.Template}", client), 404, "not_found");
            AssertProblem(await PutAsync($"/v1/templates/{foreign.Template}", TemplateDefinition(foreign.TemplateName, "Changed {{1}} text {{2}} here."), client), 404, "not_found");
            AssertProblem(await PostAsync($"/v1/sandbox/templates/{foreign.Template}/status", new { status = "PAUSED" }, client: client), 404, "not_found");
            AssertProblem(await DeleteAsync($"/v1/templates/{foreign.Template}", client), 404, "not_found");
            AssertProblem(await GetAsync($"/v1/contacts/{foreign.Contact}", client), 404, "not_found");
            AssertProblem(await PatchAsync($"/v1/contacts/{foreign.Contact}", new { name = "Mallory" }, client), 404, "not_found");
            AssertProblem(await DeleteAsync($"/v1/contacts/{foreign.Contact}", client), 404, "not_found");
            AssertProblem(await PostAsync("/v1/messages", Template(phone, "whatsapp", foreign.TemplateName, "Ann", "A-1"), client: client), 422, "template_not_found");
            AssertProblem(await PostAsync("/v1/messages", new { to = phone, channel = "sms", text = "hi", sender = foreign.SmsSender }, client: client), 422, "sender_not_found");
            AssertProblem(await PostAsync("/v1/sandbox/inbound", new { from = phone, text = "hi", sender = foreign.SmsSender }, client: client), 400, "sender_not_found");
            AssertProblem(await DeleteAsync($"/v1/api-keys/{foreign.Key}", client), 404, "not_found");
            AssertProblem(await PostAsync($"/v1/api-keys/{foreign.Key}/rotate", new { }, client: client), 404, "not_found");
        }

        // Each side sees only its own objects, and the other side's attempts changed nothing.
        foreach (var (client, own, foreign) in new[] { (Admin, mine, theirs), (other, theirs, mine) })
        {
            var messages = await MessagesToAsync(phone, client: client);
            Assert.Contains(messages, m => m.GetProperty("id").GetString() == own.Message);
            Assert.DoesNotContain(messages, m => m.GetProperty("id").GetString() == foreign.Message);
            Assert.Equal("scheduled", (await GetMessageAsync(own.Scheduled, client)).GetProperty("status").GetString());
            var contact = await GetAsync($"/v1/contacts/{own.Contact}", client);
            AssertStatus(contact, 200);
            Assert.Equal("Ann", contact.Str("name"));
            var template = await GetAsync($"/v1/templates/{own.Template}", client);
            AssertStatus(template, 200);
            Assert.All(template.Json.GetProperty("statuses").EnumerateArray(), s => Assert.Equal("APPROVED", s.GetProperty("status").GetString()));
            var contacts = await GetAsync($"/v1/contacts?phone={Uri.EscapeDataString(phone)}", client);
            Assert.Equal(own.Contact, Assert.Single(contacts.Json.GetProperty("data").EnumerateArray()).GetProperty("id").GetString());
            var templates = await GetAsync("/v1/templates?limit=500", client);
            Assert.DoesNotContain(templates.Json.GetProperty("data").EnumerateArray(), t => t.GetProperty("id").GetString() == foreign.Template);
            var keys = await GetAsync("/v1/api-keys", client);
            Assert.DoesNotContain(keys.Json.EnumerateArray(), k => k.GetProperty("id").GetString() == foreign.Key);
        }
    }

    private sealed record WorkspaceObjects(
        string Message, string Scheduled, string Template, string TemplateName, string Contact, string SmsSender, string Key);

    private async Task<WorkspaceObjects> CreateWorkspaceObjectsAsync(HttpClient client, string phone, string templateName)
    {
        var message = await SendSmsAsync(phone, client: client);
        var scheduled = (await AcceptedAsync(new { to = phone, channel = "sms", text = "Later", send_at = Now.AddHours(2) }, client)).Str("id");
        var template = await CreateTemplateAsync(templateName, client: client);
        var contact = await PostAsync("/v1/contacts", new { phone, name = "Ann" }, client: client);
        AssertStatus(contact, 201);
        var senders = await GetAsync("/v1/senders", client);
        var sms = senders.Json.EnumerateArray().First(s => s.GetProperty("channel").GetString() == "sms").GetProperty("id").GetString()!;
        var key = await PostAsync("/v1/api-keys", new { name = "tenant reader", scopes = new[] { "messages:read" } }, client: client);
        AssertStatus(key, 201);
        return new WorkspaceObjects(message, scheduled, template, templateName, contact.Str("id"), sms, key.Str("id"));
    }
}
