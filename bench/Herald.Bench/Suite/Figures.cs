using System.Globalization;

namespace Herald.Bench.Suite;

/// <summary>One line of the table: what was measured, its value, the target and whether it was met (null: no target, or not measured).</summary>
internal sealed record Figure(string Key, string Name, string Value, string Target, bool? Met);

/// <summary>The figures of one run, in the order they were measured, plus notes printed under the table.</summary>
internal sealed class Figures
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly List<Figure> _items = [];
    private readonly List<string> _notes = [];

    public IReadOnlyList<Figure> Items => _items;

    public IReadOnlyList<string> Notes => _notes;

    public void Add(string key, string name, string value, string target = "", bool? met = null) =>
        _items.Add(new Figure(key, name, value, target, met));

    /// <summary>A figure with a lower bound: met when <paramref name="value"/> ≥ <paramref name="atLeast"/>.</summary>
    public void AtLeast(string key, string name, double value, double atLeast, string format, string unit) =>
        Add(key, name, Format(value, format) + unit, "≥ " + Format(atLeast, format) + unit, value >= atLeast);

    /// <summary>A figure with an upper bound: met when <paramref name="value"/> ≤ <paramref name="atMost"/>.</summary>
    public void AtMost(string key, string name, double value, double atMost, string format, string unit) =>
        Add(key, name, Format(value, format) + unit, "≤ " + Format(atMost, format) + unit, value <= atMost);

    /// <summary>A figure that could not be measured in this run, with the reason.</summary>
    public void NotMeasured(string key, string name, string target, string why)
    {
        Add(key, name, "not measured", target, null);
        var firstLine = why.ReplaceLineEndings("\n").Split('\n')[0];
        Note($"{name}: not measured: {(firstLine.Length > 400 ? firstLine[..400] + " …" : firstLine)}");
    }

    public void Note(string text) => _notes.Add(text);

    public bool AllMet => _items.All(f => f.Met != false);

    /// <summary>Whether a correctness check failed (not a missed target): the exit code is 1 then.</summary>
    public bool CheckFailed { get; private set; }

    public void Failed(string text)
    {
        CheckFailed = true;
        Note("CHECK FAILED: " + text);
    }

    public static string Format(double v, string format) => v.ToString(format, Inv);

    public static string Mb(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("N0", Inv) + " MB";

    /// <summary>The table as printed to the console (fixed-width columns).</summary>
    public IEnumerable<string> ConsoleTable()
    {
        var w = Math.Max(6, _items.Select(f => f.Name.Length).DefaultIfEmpty(0).Max());
        var v = Math.Max(5, _items.Select(f => f.Value.Length).DefaultIfEmpty(0).Max());
        var t = Math.Max(6, _items.Select(f => f.Target.Length).DefaultIfEmpty(0).Max());
        yield return $"{"figure".PadRight(w)}  {"value".PadLeft(v)}  {"target".PadRight(t)}  result";
        yield return new string('-', w + v + t + 14);
        foreach (var f in _items)
        {
            yield return $"{f.Name.PadRight(w)}  {f.Value.PadLeft(v)}  {f.Target.PadRight(t)}  {Verdict(f)}";
        }
    }

    /// <summary>The table in Markdown.</summary>
    public IEnumerable<string> MarkdownTable()
    {
        yield return "| figure | value | target | result |";
        yield return "|---|---:|---|---|";
        foreach (var f in _items)
        {
            yield return $"| {f.Name} | {f.Value} | {f.Target} | {(f.Met == false ? "**MISSED**" : Verdict(f))} |";
        }
    }

    public static string Verdict(Figure f) => f.Met switch { true => "MET", false => "MISSED", null => f.Target.Length == 0 ? "" : "–" };
}
