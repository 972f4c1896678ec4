using Dapper;

namespace Herald.Storage.Stores;

/// <summary>One condition on a contact: the attribute (or name, phone, time_zone), the operator and its values.</summary>
public sealed record ContactFilterTerm(string Attribute, string Op, IReadOnlyList<string> Values);

/// <summary>Compiles contact conditions to a WHERE clause with parameters (attribute names are parameters too, never SQL).</summary>
public static class ContactFilters
{
    public static readonly IReadOnlySet<string> Operators = new HashSet<string>(StringComparer.Ordinal)
    {
        "eq", "ne", "contains", "starts_with", "in", "exists", "not_exists",
    };

    /// <summary>No terms match every contact; <paramref name="any"/> joins them with OR, else AND.</summary>
    public static ContactFilterSql Compile(bool isSqlite, IReadOnlyList<ContactFilterTerm> terms, bool any)
    {
        var p = new DynamicParameters();
        if (terms.Count == 0)
        {
            return new ContactFilterSql("1 = 1", p);
        }
        var parts = new List<string>();
        for (var i = 0; i < terms.Count; i++)
        {
            var t = terms[i];
            var key = $"fa{i}";
            string field;
            switch (t.Attribute)
            {
                case "name" or "phone" or "time_zone":
                    field = t.Attribute;
                    break;
                default:
                    p.Add(key, isSqlite ? "$.\"" + t.Attribute.Replace("\"", "", StringComparison.Ordinal) + "\"" : t.Attribute);
                    field = isSqlite ? $"json_extract(attributes, @{key})" : $"(attributes::jsonb ->> @{key})";
                    break;
            }
            // Attribute values compare as text, so numbers and booleans in the JSON match their written form.
            var text = isSqlite ? $"CAST({field} AS TEXT)" : field;
            var v = $"fv{i}";
            switch (t.Op)
            {
                case "exists":
                    parts.Add($"{field} IS NOT NULL");
                    break;
                case "not_exists":
                    parts.Add($"{field} IS NULL");
                    break;
                case "in":
                    var names = new List<string>();
                    for (var j = 0; j < t.Values.Count; j++)
                    {
                        p.Add($"{v}_{j}", t.Values[j]);
                        names.Add($"@{v}_{j}");
                    }
                    parts.Add(names.Count == 0 ? "1 = 0" : $"{text} IN ({string.Join(", ", names)})");
                    break;
                case "ne":
                    p.Add(v, t.Values.FirstOrDefault() ?? "");
                    parts.Add($"({field} IS NULL OR {text} <> @{v})");
                    break;
                case "contains":
                    p.Add(v, t.Values.FirstOrDefault() ?? "");
                    parts.Add(isSqlite ? $"instr(lower({text}), lower(@{v})) > 0" : $"strpos(lower({text}), lower(@{v})) > 0");
                    break;
                case "starts_with":
                    p.Add(v, t.Values.FirstOrDefault() ?? "");
                    parts.Add(isSqlite ? $"substr({text}, 1, length(@{v})) = @{v}" : $"left({text}, length(@{v})) = @{v}");
                    break;
                default:
                    p.Add(v, t.Values.FirstOrDefault() ?? "");
                    parts.Add($"{text} = @{v}");
                    break;
            }
        }
        return new ContactFilterSql(string.Join(any ? " OR " : " AND ", parts.Select(x => $"({x})")), p);
    }
}
