using System.Buffers.Text;
using System.Text;

namespace Herald.Server.Infrastructure;

/// <summary>Opaque paging cursors: the last id of a page, base64url-encoded so clients treat it as a token.</summary>
public static class Cursor
{
    public static string Encode(string lastId) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes("v1:" + lastId));

    public static bool TryDecode(string cursor, out string? lastId)
    {
        lastId = null;
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            if (!text.StartsWith("v1:", StringComparison.Ordinal) || text.Length < 4)
            {
                return false;
            }
            lastId = text[3..];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
