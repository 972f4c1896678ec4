using System.Text;
using System.Text.Json;

namespace Herald.Providers.Tests;

/// <summary>Structural JSON comparison: same objects (any key order), same arrays in order, same values and kinds.</summary>
internal static class JsonShape
{
    public static void Equal(string expected, ReadOnlyMemory<byte> actual) => Equal(expected, Encoding.UTF8.GetString(actual.Span));

    public static void Equal(string expected, string actual)
    {
        using JsonDocument e = JsonDocument.Parse(expected);
        using JsonDocument a = JsonDocument.Parse(actual);
        string? diff = Diff(e.RootElement, a.RootElement, "$");
        Assert.True(diff is null, $"{diff}\nactual: {actual}");
    }

    private static string? Diff(JsonElement e, JsonElement a, string path)
    {
        if (e.ValueKind != a.ValueKind)
        {
            return $"{path}: expected {e.ValueKind} {e.GetRawText()}, got {a.ValueKind} {a.GetRawText()}";
        }

        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var eProps = e.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
                var aProps = a.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
                foreach (string missing in eProps.Keys.Except(aProps.Keys))
                {
                    return $"{path}.{missing}: missing";
                }

                foreach (string extra in aProps.Keys.Except(eProps.Keys))
                {
                    return $"{path}.{extra}: not in the documented example";
                }

                return eProps.Select(p => Diff(p.Value, aProps[p.Key], path + "." + p.Key)).FirstOrDefault(d => d is not null);
            case JsonValueKind.Array:
                if (e.GetArrayLength() != a.GetArrayLength())
                {
                    return $"{path}: expected {e.GetArrayLength()} items, got {a.GetArrayLength()}";
                }

                return e.EnumerateArray().Zip(a.EnumerateArray()).Select((p, i) => Diff(p.First, p.Second, $"{path}[{i}]"))
                    .FirstOrDefault(d => d is not null);
            case JsonValueKind.String:
                return e.GetString() == a.GetString() ? null : $"{path}: expected \"{e.GetString()}\", got \"{a.GetString()}\"";
            case JsonValueKind.Number:
                return e.GetDecimal() == a.GetDecimal() ? null : $"{path}: expected {e.GetRawText()}, got {a.GetRawText()}";
            default:
                return null;
        }
    }
}
