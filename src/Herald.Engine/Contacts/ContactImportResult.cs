namespace Herald.Engine.Contacts;

/// <summary>One row that was not imported: its spreadsheet row number, why, and the phone as written.</summary>
public sealed record ContactImportError(long Row, string Code, string Message, string Value);

/// <summary>
/// What an import did. Every data row is counted once: <c>Rows = Created + Updated + Duplicates + Invalid</c>, where
/// Updated counts contacts that existed before the import and Duplicates rows merged into an earlier row of the file.
/// </summary>
public sealed record ContactImportResult(
    long Rows, long Created, long Updated, long Duplicates, long Invalid, IReadOnlyList<ContactImportError> Errors, bool ErrorsTruncated);

/// <summary>Settings of uploads (section <c>Herald:Imports</c>).</summary>
public sealed class ImportOptions
{
    public const string Section = "Herald:Imports";

    /// <summary>Largest CSV upload in bytes (default 1 GiB).</summary>
    public long MaxBytes { get; set; } = 1L << 30;

    /// <summary>Rows written per transaction.</summary>
    public int BatchSize { get; set; } = 5_000;
}
