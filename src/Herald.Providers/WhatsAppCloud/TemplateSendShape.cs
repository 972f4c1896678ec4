using Herald.Domain.Templates;

namespace Herald.Providers.WhatsAppCloud;

/// <summary>
/// What a Cloud API template send needs from the template definition that the send's values do not say:
/// the media kind of the header and the kind of each button that takes a parameter.
/// </summary>
/// <param name="HeaderMedia">Image, video or document for a media header; null infers it from the URL's extension.</param>
/// <param name="Buttons">Button kind by 0-based index; a button missing here is taken as a URL button.</param>
public sealed record TemplateSendShape(HeaderFormat? HeaderMedia, IReadOnlyDictionary<int, ButtonType> Buttons)
{
    /// <summary>Nothing known: media kind from the URL, buttons as URL buttons.</summary>
    public static readonly TemplateSendShape Unknown = new(null, new Dictionary<int, ButtonType>());

    /// <summary>The media kind a header URL most likely holds, from its file extension (image when unsure).</summary>
    public static HeaderFormat MediaKindOf(string url)
    {
        string path = Uri.TryCreate(url, UriKind.Absolute, out Uri? u) ? u.AbsolutePath : url;
        string ext = Path.GetExtension(path).ToUpperInvariant();
        return ext switch
        {
            ".MP4" or ".3GP" or ".3GPP" or ".MOV" => HeaderFormat.Video,
            ".PDF" or ".DOC" or ".DOCX" or ".XLS" or ".XLSX" or ".PPT" or ".PPTX" or ".TXT" => HeaderFormat.Document,
            _ => HeaderFormat.Image,
        };
    }
}
