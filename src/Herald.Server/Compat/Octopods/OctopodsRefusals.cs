namespace Herald.Server.Compat.Octopods;

/// <summary>Which Octopods error names a Herald refusal reason; every other reason is MESSAGE_REFUSED (code 10).</summary>
public static class OctopodsRefusals
{
    private static readonly Dictionary<string, string> ByReason = new(StringComparer.Ordinal)
    {
        ["template_not_found"] = OctopodsErrors.TemplateNotExist,
        ["template_not_approved"] = OctopodsErrors.TemplateNotExist,
        ["template_parameter_count"] = OctopodsErrors.VariablesSize,
        ["template_parameter_missing"] = OctopodsErrors.VariablesSize,
        ["template_parameter_unknown"] = OctopodsErrors.VariablesSize,
        ["template_parameter_empty"] = OctopodsErrors.VariablesSize,
        ["template_parameter_format"] = OctopodsErrors.VariablesFormat,
        ["template_media_url_required"] = OctopodsErrors.ArgumentMissing,
        ["template_media_url_invalid"] = OctopodsErrors.InvalidHeader,
        ["content_missing"] = OctopodsErrors.EmptyBody,
    };

    public static string ErrorFor(string heraldReason, OctopodsFamily family)
    {
        var name = ByReason.GetValueOrDefault(heraldReason, OctopodsErrors.MessageRefused);
        // SMS has no template errors; EMPTY_BODY exists only there.
        return (family == OctopodsFamily.Sms) == (name == OctopodsErrors.EmptyBody) || name == OctopodsErrors.MessageRefused
            ? name : OctopodsErrors.MessageRefused;
    }
}
