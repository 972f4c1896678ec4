using System.Globalization;
using System.Text.Json;
using Herald.Domain.Templates;
using Herald.Providers.Contracts;
using Herald.Providers.Shared;

namespace Herald.Providers.WhatsAppCloud;

/// <summary>Meta's answer to a template creation, as a value.</summary>
/// <param name="Ok">True when Meta created the template.</param>
/// <param name="ProviderTemplateId">Meta's template id (<c>id</c>), on success.</param>
/// <param name="Status">The status Meta gave (usually <see cref="TemplateStatus.Pending"/>); null when absent or a word Herald does not track.</param>
/// <param name="Category">The category Meta gave (upper case, e.g. <c>UTILITY</c>); Meta may change the one asked for.</param>
/// <param name="ErrorCode">Meta's <c>error.code</c> (or <c>http_&lt;status&gt;</c>) on failure.</param>
/// <param name="ErrorMessage">Meta's error text for people (<c>error_user_msg</c>, else <c>error_data.details</c>, else <c>message</c>).</param>
public sealed record TemplateCreateResult(bool Ok, string? ProviderTemplateId, TemplateStatus? Status, string? Category, string? ErrorCode, string? ErrorMessage);

/// <summary>
/// Meta's template management wire format (docs/providers/wire-formats.md §1.8): create a template on a WhatsApp
/// Business Account and list the account's templates. Pure: no I/O, no clock; credentials stay with the HTTP client.
/// </summary>
public static class WhatsAppCloudTemplates
{
    /// <summary>The template fields asked for when listing.</summary>
    public const string ListFields = "id,name,language,status,category,quality_score,rejected_reason";

    /// <summary>The example value written for a variable the definition gives no example for.</summary>
    public const string PlaceholderExample = "example";

    /// <summary>
    /// <c>POST /{apiVersion}/{wabaId}/message_templates</c> with the definition in Meta's component format: HEADER (text or
    /// media), BODY with examples (<c>body_text</c> when positional, <c>body_text_named_params</c> when named), FOOTER and
    /// BUTTONS. Examples come from the definition, else <see cref="PlaceholderExample"/>.
    /// </summary>
    public static ProviderHttpRequest BuildCreate(string apiVersion, string wabaId, TemplateDefinition definition)
    {
        ArgumentException.ThrowIfNullOrEmpty(apiVersion);
        ArgumentException.ThrowIfNullOrEmpty(wabaId);
        ArgumentNullException.ThrowIfNull(definition);
        byte[] body = JsonWire.Write(w =>
        {
            bool named = definition.Format == ParameterFormat.Named;
            w.WriteStartObject();
            w.WriteString("name", definition.Name);
            w.WriteString("language", definition.Language.Replace('-', '_'));
            w.WriteString("category", definition.Category.ToString().ToUpperInvariant());
            w.WriteString("parameter_format", named ? "named" : "positional");
            w.WriteStartArray("components");
            if (definition.Header is { } header)
            {
                WriteHeader(w, header, definition);
            }

            WriteBody(w, definition);
            if (!string.IsNullOrEmpty(definition.Footer))
            {
                w.WriteStartObject();
                w.WriteString("type", "FOOTER");
                w.WriteString("text", definition.Footer);
                w.WriteEndObject();
            }

            if (definition.Buttons.Count > 0)
            {
                WriteButtons(w, definition.Buttons);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
        return new ProviderHttpRequest("POST", $"/{apiVersion}/{wabaId}/message_templates", "application/json", body);
    }

    /// <summary>Reads the create answer: <c>{"id","status","category"}</c> on success, Meta's error envelope otherwise.</summary>
    public static TemplateCreateResult ReadCreate(int httpStatus, ReadOnlySpan<byte> body)
    {
        using JsonDocument? doc = JsonWire.TryParse(body.ToArray());
        JsonElement root = doc?.RootElement ?? default;
        string? id = root.NumberText("id");
        if (httpStatus is >= 200 and < 300 && !string.IsNullOrEmpty(id))
        {
            return new TemplateCreateResult(true, id, StatusOf(root.Str("status")), root.Str("category"), null, null);
        }

        JsonElement error = root.Child("error");
        string code = error.NumberText("code") ?? "http_" + httpStatus.ToString(CultureInfo.InvariantCulture);
        string? message = error.Str("error_user_msg") ?? error.Child("error_data").Str("details") ?? error.Str("message");
        if (httpStatus is >= 200 and < 300 && message is null)
        {
            message = "Template creation answered without a template id.";
        }

        return new TemplateCreateResult(false, null, null, null, code, message ?? $"HTTP {httpStatus.ToString(CultureInfo.InvariantCulture)}.");
    }

    /// <summary>
    /// <c>GET /{apiVersion}/{wabaId}/message_templates?fields=…&amp;limit=100</c>, optionally filtered by exact
    /// <paramref name="name"/>. The body is empty.
    /// </summary>
    public static ProviderHttpRequest BuildList(string apiVersion, string wabaId, string? name = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(apiVersion);
        ArgumentException.ThrowIfNullOrEmpty(wabaId);
        string path = $"/{apiVersion}/{wabaId}/message_templates?fields={ListFields}&limit=100";
        if (!string.IsNullOrEmpty(name))
        {
            path += "&name=" + Uri.EscapeDataString(name);
        }

        return new ProviderHttpRequest("GET", path, "application/json", ReadOnlyMemory<byte>.Empty);
    }

    /// <summary>
    /// One event per listed template (<c>data[]</c>): the status word as <see cref="ProviderTemplateEvent.ProviderEvent"/>,
    /// the status and quality through <see cref="WhatsAppCloudProvider.TemplateStatusTable"/> and
    /// <see cref="WhatsAppCloudProvider.QualityTable"/>, <c>rejected_reason</c> unless <c>NONE</c>. Items without an id or
    /// a name are skipped; a body that is not a list gives none.
    /// </summary>
    public static IReadOnlyList<ProviderTemplateEvent> ReadList(ReadOnlySpan<byte> body, string? wabaId)
    {
        using JsonDocument? doc = JsonWire.TryParse(body.ToArray());
        if (doc is null)
        {
            return [];
        }

        var events = new List<ProviderTemplateEvent>();
        foreach (JsonElement t in doc.RootElement.Items("data"))
        {
            string? id = t.NumberText("id");
            string? name = t.Str("name");
            if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(name))
            {
                continue;
            }

            string word = t.Str("status") ?? "";
            TemplateQuality? quality = WhatsAppCloudProvider.QualityTable.TryGetValue(t.Child("quality_score").Str("score") ?? "", out TemplateQuality q)
                ? q
                : null;
            string? reason = t.Str("rejected_reason") is { Length: > 0 } r && !string.Equals(r, "NONE", StringComparison.Ordinal) ? r : null;
            events.Add(new ProviderTemplateEvent(WhatsAppCloudProvider.Name, wabaId, id, name, (t.Str("language") ?? "").Replace('-', '_'),
                StatusOf(word), quality, word, reason, null));
        }

        return events;
    }

    private static TemplateStatus? StatusOf(string? word) =>
        word is not null && WhatsAppCloudProvider.TemplateStatusTable.TryGetValue(word, out TemplateStatus s) ? s : null;

    private static void WriteHeader(Utf8JsonWriter w, TemplateHeader header, TemplateDefinition definition)
    {
        w.WriteStartObject();
        w.WriteString("type", "HEADER");
        w.WriteString("format", header.Format.ToString().ToUpperInvariant());
        if (header.Format != HeaderFormat.Text)
        {
            // A media header's example is a sample file's upload handle (Resumable Upload API).
            w.WriteStartObject("example");
            w.WriteStartArray("header_handle");
            w.WriteStringValue(header.Examples is { Count: > 0 } media ? media[0] : PlaceholderExample);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
            return;
        }

        string text = header.Text ?? "";
        w.WriteString("text", text);
        IReadOnlyList<Placeholder> variables = Distinct(text);
        if (variables.Count > 0)
        {
            w.WriteStartObject("example");
            string? given = header.Examples is { Count: > 0 } list ? list[0] : null;
            if (definition.Format == ParameterFormat.Named)
            {
                WriteNamedExamples(w, "header_text_named_params", variables, definition.NamedExamples, given);
            }
            else
            {
                w.WriteStartArray("header_text");
                w.WriteStringValue(given ?? PlaceholderExample);
                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WriteBody(Utf8JsonWriter w, TemplateDefinition definition)
    {
        w.WriteStartObject();
        w.WriteString("type", "BODY");
        w.WriteString("text", definition.Body);
        IReadOnlyList<Placeholder> variables = Distinct(definition.Body);
        if (variables.Count > 0)
        {
            w.WriteStartObject("example");
            if (definition.Format == ParameterFormat.Named)
            {
                WriteNamedExamples(w, "body_text_named_params", variables, definition.NamedExamples, null);
            }
            else
            {
                // One row of values, one per variable in order.
                IReadOnlyList<string> given = definition.BodyExamples ?? [];
                w.WriteStartArray("body_text");
                w.WriteStartArray();
                for (int i = 0; i < variables.Count; i++)
                {
                    w.WriteStringValue(i < given.Count && given[i].Length > 0 ? given[i] : PlaceholderExample);
                }

                w.WriteEndArray();
                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WriteNamedExamples(Utf8JsonWriter w, string property, IReadOnlyList<Placeholder> variables,
        IReadOnlyDictionary<string, string>? examples, string? fallback)
    {
        w.WriteStartArray(property);
        foreach (Placeholder p in variables)
        {
            w.WriteStartObject();
            w.WriteString("param_name", p.Name);
            w.WriteString("example", examples is not null && examples.TryGetValue(p.Name, out string? e) && e.Length > 0 ? e : fallback ?? PlaceholderExample);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteButtons(Utf8JsonWriter w, IReadOnlyList<TemplateButton> buttons)
    {
        w.WriteStartObject();
        w.WriteString("type", "BUTTONS");
        w.WriteStartArray("buttons");
        foreach (TemplateButton b in buttons)
        {
            string? example = b.Examples is { Count: > 0 } list ? list[0] : null;
            w.WriteStartObject();
            switch (b.Type)
            {
                case ButtonType.QuickReply:
                    w.WriteString("type", "QUICK_REPLY");
                    w.WriteString("text", b.Text);
                    break;
                case ButtonType.PhoneNumber:
                    w.WriteString("type", "PHONE_NUMBER");
                    w.WriteString("text", b.Text);
                    w.WriteString("phone_number", b.PhoneNumber ?? "");
                    break;
                case ButtonType.CopyCode:
                    // Meta labels copy-code buttons itself; the example is the sample code, a string.
                    w.WriteString("type", "COPY_CODE");
                    w.WriteString("example", example ?? PlaceholderExample);
                    break;
                default:
                    w.WriteString("type", "URL");
                    w.WriteString("text", b.Text);
                    w.WriteString("url", b.Url ?? "");
                    if (b.Url is not null && Placeholders.Find(b.Url).Count > 0)
                    {
                        // The example of a dynamic URL is a full sample URL.
                        w.WriteStartArray("example");
                        w.WriteStringValue(example ?? PlaceholderExample);
                        w.WriteEndArray();
                    }

                    break;
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>The distinct variables of a text, in order of first appearance.</summary>
    private static List<Placeholder> Distinct(string text) =>
        [.. Placeholders.Find(text).DistinctBy(p => p.Name, StringComparer.Ordinal)];
}
