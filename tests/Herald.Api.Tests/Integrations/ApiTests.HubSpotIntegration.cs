using System.Text.Json;

namespace Herald.Api.Tests;

public abstract partial class ApiTests
{
    private const string HubSpotSecret = "hubspot-client-secret-1";

    private static string HubSpotBody(string phone, object inputFields, string? callbackId = null) => JsonSerializer.Serialize(new
    {
        callbackId = callbackId ?? "ap-" + Guid.NewGuid().ToString("N"),
        origin = new { portalId = 4420, actionDefinitionId = 10646, actionDefinitionVersion = 1 },
        context = new { source = "WORKFLOWS", workflowId = 1234 },
        @object = new { objectId = 901, objectType = "CONTACT", properties = new { phone } },
        inputFields,
    });

    [Fact]
    public async Task Integration_hubspot_signed_action_sends_and_outputs_the_message_id_and_status()
    {
        var template = UniqueName("hs_order");
        await CreateTemplateAsync(template);
        var integration = await CreateIntegrationAsync("hubspot", HubSpotSecret, new { event_template_id = "1001", portal_id = 4420 });
        var phone = NewPhone();

        var reply = await PostHubSpotAsync(integration,
            HubSpotBody(phone, new { template, channel = "whatsapp", variables = "[\"Ann\", \"A-77\"]" }), HubSpotSecret);
        AssertStatus(reply, 200);
        var outputs = reply.Json.GetProperty("outputFields");
        Assert.Equal("SUCCESS", outputs.GetProperty("hs_execution_state").GetString());
        var id = outputs.GetProperty("message_id").GetString()!;
        var m = await GetMessageAsync(id);
        Assert.Equal("queued", outputs.GetProperty("status").GetString());
        Assert.Equal(phone, m.GetProperty("to").GetString());
        Assert.Equal("Hi Ann, your order A-77 has shipped.", m.GetProperty("text").GetString());

        // var_1, var_2… inputs and an explicit phone input work too; SMS free text needs no template.
        var other = NewPhone();
        var byFields = await PostHubSpotAsync(integration,
            HubSpotBody(NewPhone(), new { phone = other, template, channel = "whatsapp", var_1 = "Bo", var_2 = "B-2" }), HubSpotSecret);
        Assert.Equal("SUCCESS", byFields.Json.GetProperty("outputFields").GetProperty("hs_execution_state").GetString());
        Assert.Equal("Hi Bo, your order B-2 has shipped.", Assert.Single(await MessagesToAsync(other)).GetProperty("text").GetString());
        var sms = await PostHubSpotAsync(integration, HubSpotBody(NewPhone(), new { channel = "sms", text = "Your visit is tomorrow" }), HubSpotSecret);
        Assert.Equal("SUCCESS", sms.Json.GetProperty("outputFields").GetProperty("hs_execution_state").GetString());
    }

    [Fact]
    public async Task Integration_hubspot_signed_body_repeating_a_property_name_is_refused_without_a_500()
    {
        var integration = await CreateIntegrationAsync("hubspot", HubSpotSecret);
        var phone = NewPhone();
        var json = HubSpotBody(phone, new { channel = "sms", text = "Hi" }).TrimEnd('}') + ",\"callbackId\":\"again\"}";

        var reply = await PostHubSpotAsync(integration, json, HubSpotSecret);

        AssertProblem(reply, 400, "hubspot_request_unreadable");
        Assert.Empty(await MessagesToAsync(phone));
    }

    [Fact]
    public async Task Integration_hubspot_rule_refusal_and_bad_input_continue_the_workflow_with_the_reason()
    {
        var integration = await CreateIntegrationAsync("hubspot", HubSpotSecret);
        var phone = NewPhone();

        var refused = await PostHubSpotAsync(integration, HubSpotBody(phone, new { channel = "whatsapp", text = "Free text, window closed" }), HubSpotSecret);
        AssertStatus(refused, 200);
        var outputs = refused.Json.GetProperty("outputFields");
        Assert.Equal("FAIL_CONTINUE", outputs.GetProperty("hs_execution_state").GetString());
        Assert.False(string.IsNullOrWhiteSpace(outputs.GetProperty("error_code").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(outputs.GetProperty("error_message").GetString()));
        Assert.False(outputs.TryGetProperty("message_id", out _));

        var noPhone = await PostHubSpotAsync(integration, HubSpotBody("", new { channel = "sms", text = "hi" }), HubSpotSecret);
        Assert.Equal("FAIL_CONTINUE", noPhone.Json.GetProperty("outputFields").GetProperty("hs_execution_state").GetString());
        var badVariables = await PostHubSpotAsync(integration, HubSpotBody(phone, new { template = "x", variables = "{not json" }), HubSpotSecret);
        Assert.Equal("variables_invalid", badVariables.Json.GetProperty("outputFields").GetProperty("error_code").GetString());
        // An integration bound to another HubSpot account refuses this portal's executions.
        var bound = await CreateIntegrationAsync("hubspot", HubSpotSecret, new { portal_id = 999 });
        var otherPortal = await PostHubSpotAsync(bound, HubSpotBody(phone, new { channel = "sms", text = "hi" }), HubSpotSecret);
        Assert.Equal("portal_not_connected", otherPortal.Json.GetProperty("outputFields").GetProperty("error_code").GetString());
        Assert.Empty(await MessagesToAsync(phone));
    }

    [Fact]
    public async Task Integration_hubspot_unsigned_tampered_stale_and_unknown_are_401_and_send_nothing()
    {
        var integration = await CreateIntegrationAsync("hubspot", HubSpotSecret);
        var phone = NewPhone();
        var json = HubSpotBody(phone, new { channel = "sms", text = "Hello from the workflow" });
        byte[] Tamper(byte[] b)
        {
            var copy = (byte[])b.Clone();
            copy[json.IndexOf("Hello", StringComparison.Ordinal)] = (byte)'J';
            return copy;
        }

        AssertProblem(await PostHubSpotAsync(integration, json, null), 401, "hubspot_signature_invalid");
        AssertProblem(await PostHubSpotAsync(integration, json, HubSpotSecret, tamper: Tamper), 401, "hubspot_signature_invalid");
        AssertProblem(await PostHubSpotAsync(integration, json, "wrong-secret"), 401, "hubspot_signature_invalid");
        var stale = AssertProblem(await PostHubSpotAsync(integration, json, HubSpotSecret, Now.AddMinutes(-6)), 401, "hubspot_request_stale");
        Assert.Contains("5 minutes", stale.GetProperty("detail").GetString(), StringComparison.Ordinal);
        AssertProblem(await PostHubSpotAsync(integration, json, HubSpotSecret, Now.AddMinutes(6)), 401, "hubspot_request_stale");
        AssertProblem(await PostHubSpotAsync("itg_unknown", json, HubSpotSecret), 401, "hubspot_signature_invalid");
        // An Intercom integration's id is not a HubSpot action URL.
        var intercom = await CreateIntegrationAsync("intercom", HubSpotSecret);
        AssertProblem(await PostHubSpotAsync(intercom, json, HubSpotSecret), 401, "hubspot_signature_invalid");
        Assert.Empty(await MessagesToAsync(phone));

        // A query string with escapes HubSpot decodes before signing.
        var decoded = await PostHubSpotAsync(integration, HubSpotBody(NewPhone(), new { channel = "sms", text = "Query" }), HubSpotSecret,
            query: "?portal=4420&return=https%3A%2F%2Fapp.hubspot.com%2Fx%40y");
        Assert.Equal("SUCCESS", decoded.Json.GetProperty("outputFields").GetProperty("hs_execution_state").GetString());

        var ok = await PostHubSpotAsync(integration, json, HubSpotSecret, Now.AddMinutes(-4));
        Assert.Equal("SUCCESS", ok.Json.GetProperty("outputFields").GetProperty("hs_execution_state").GetString());
        Assert.Single(await MessagesToAsync(phone));
    }

    [Fact]
    public async Task Integration_hubspot_redelivered_callback_sends_once_and_answers_the_same()
    {
        var integration = await CreateIntegrationAsync("hubspot", HubSpotSecret);
        var phone = NewPhone();
        var json = HubSpotBody(phone, new { channel = "sms", text = "Sent once" });

        var first = await PostHubSpotAsync(integration, json, HubSpotSecret);
        var again = await PostHubSpotAsync(integration, json, HubSpotSecret);
        AssertStatus(again, 200);
        Assert.Equal(first.Json.GetProperty("outputFields").GetProperty("message_id").GetString(),
            again.Json.GetProperty("outputFields").GetProperty("message_id").GetString());
        Assert.Single(await MessagesToAsync(phone));
    }
}
