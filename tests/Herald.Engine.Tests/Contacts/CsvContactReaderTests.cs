using System.Text;
using Herald.Engine.Contacts;

namespace Herald.Engine.Tests.Contacts;

public sealed class CsvContactReaderTests
{
    private static MemoryStream Csv(string text, bool bom = false)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return new MemoryStream(bom ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes);
    }

    private static async Task<(CsvLayout Layout, List<CsvRow> Rows)> ReadAsync(string text, CsvReadOptions? options = null, bool bom = false, int batch = 2)
    {
        await using var reader = await CsvContactReader.OpenAsync(Csv(text, bom), options ?? new CsvReadOptions(), default);
        var rows = new List<CsvRow>();
        await foreach (var b in reader.ReadBatchesAsync(batch, default))
        {
            Assert.InRange(b.Count, 1, batch);
            rows.AddRange(b);
        }
        return (reader.Layout, rows);
    }

    private static async Task<string> FormatErrorAsync(string text, CsvReadOptions? options = null) =>
        (await Assert.ThrowsAsync<CsvFormatException>(() => ReadAsync(text, options))).Reason.Code;

    [Fact]
    public async Task Rows_come_in_file_order_with_spreadsheet_row_numbers_and_other_columns_as_attributes()
    {
        var (layout, rows) = await ReadAsync("Name,Phone,city,tz\r\nAnn,+14155550100,Paris,Europe/Paris\r\nBob,+1 415 555 0101,,\r\nCy,+14155550102,Rome,\r\n", batch: 2);

        Assert.Equal((1, 0, 3), (layout.PhoneIndex, layout.NameIndex, layout.TimeZoneIndex));
        Assert.Equal([2L, 3L, 4L], rows.Select(r => r.Row));
        Assert.Equal(["+14155550100", "+14155550101", "+14155550102"], rows.Select(r => r.Phone));
        Assert.All(rows, r => Assert.Null(r.Error));
        Assert.Equal(("Ann", "Europe/Paris"), (rows[0].Name, rows[0].TimeZone));
        Assert.Equal([new("city", "Paris")], rows[0].Attributes);
        Assert.Empty(rows[1].Attributes); // empty values are left out
        Assert.Null(rows[1].TimeZone);
        Assert.Equal("+1 415 555 0101", rows[1].RawPhone);
    }

    [Fact]
    public async Task Quoted_fields_keep_commas_quotes_and_line_breaks_and_a_BOM_is_skipped()
    {
        var (layout, rows) = await ReadAsync("phone,note\n+14155550100,\"Hello, \"\"you\"\"\nsecond line\"\n+14155550101,plain\n", bom: true);

        Assert.Equal(["phone", "note"], layout.Headers);
        Assert.Equal("Hello, \"you\"\nsecond line", Assert.Single(rows[0].Attributes).Value);
        Assert.Equal(2, rows[0].Row);
        Assert.Equal(3, rows[1].Row); // one record per spreadsheet row, however many lines it spans
    }

    [Theory]
    [InlineData("mobile,x", 0)]
    [InlineData("x,MSISDN", 1)]
    [InlineData(" Phone_Number ,to", 0)]
    [InlineData("x,to", 1)]
    [InlineData("whatsapp,number", 1)]
    public async Task The_phone_column_is_found_by_its_usual_names(string header, int index)
    {
        var (layout, _) = await ReadAsync(header + "\n");

        Assert.Equal(index, layout.PhoneIndex);
    }

    [Fact]
    public async Task Columns_can_be_named_explicitly()
    {
        var (layout, rows) = await ReadAsync("cell,zone,full name,phone\n+14155550100,Asia/Tokyo,Ann Example,not-this\n",
            new CsvReadOptions("Cell", "zone", "full name"));

        Assert.Equal((0, 2, 1), (layout.PhoneIndex, layout.NameIndex, layout.TimeZoneIndex));
        var row = Assert.Single(rows);
        Assert.Equal(("+14155550100", "Ann Example", "Asia/Tokyo"), (row.Phone, row.Name, row.TimeZone));
        Assert.Equal([new("phone", "not-this")], row.Attributes);
    }

    [Theory]
    [InlineData("", "csv_empty")]
    [InlineData("\n\n", "csv_empty")]
    [InlineData("name,city\nAnn,Paris\n", "csv_phone_column_missing")]
    [InlineData("phone,Phone\n", "csv_header_duplicate")]
    public async Task An_unusable_header_is_a_format_error(string text, string code)
    {
        Assert.Equal(code, await FormatErrorAsync(text));
    }

    [Fact]
    public async Task A_named_column_that_is_not_in_the_header_is_a_format_error()
    {
        Assert.Equal("csv_phone_column_missing", await FormatErrorAsync("phone\n", new CsvReadOptions(PhoneColumn: "cell")));
        Assert.Equal("csv_column_missing", await FormatErrorAsync("phone\n", new CsvReadOptions(TimeZoneColumn: "zone")));
    }

    [Fact]
    public async Task Bad_rows_carry_an_error_and_never_stop_the_reading()
    {
        const string text = "phone,name,time_zone\n" +
            "+14155550100,Ann,\n" + // 2 ok
            "4155550101,Bob,\n" + // 3 national form
            ",Cy,\n" + // 4 missing
            "+14155550103,Di\n" + // 5 too few fields
            "+14155550104,Ed,,extra\n" + // 6 too many fields
            "+14155550105,Flo,Mars/Olympus\n" + // 7 bad zone
            "+14155550106,Gus,America/Chicago\n"; // 8 ok

        var (_, rows) = await ReadAsync(text, batch: 3);

        Assert.Equal([2L, 3L, 4L, 5L, 6L, 7L, 8L], rows.Select(r => r.Row));
        Assert.Equal([null, "phone_invalid", "phone_missing", "csv_row_malformed", "csv_row_malformed", "time_zone_invalid", null],
            rows.Select(r => r.Error?.Code));
        Assert.All(rows.Where(r => r.Error is not null), r =>
        {
            Assert.Null(r.Phone);
            Assert.False(string.IsNullOrWhiteSpace(r.Error!.Message));
        });
        Assert.Equal("phone", rows[1].Error!.Field);
        Assert.Equal("4155550101", rows[1].RawPhone);
        Assert.Contains("Mars/Olympus", rows[5].Error!.Message, StringComparison.Ordinal);
        Assert.Equal("+14155550106", rows[6].Phone);
    }

    [Fact]
    public async Task Many_batches_come_back_complete_and_in_order()
    {
        var sb = new StringBuilder("phone,i\n");
        for (var i = 0; i < 2_345; i++)
        {
            sb.Append("+1415200").Append(i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)).Append(',').Append(i).Append('\n');
        }

        var (_, rows) = await ReadAsync(sb.ToString(), batch: 100);

        Assert.Equal(2_345, rows.Count);
        Assert.Equal(Enumerable.Range(0, 2_345).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            rows.Select(r => r.Attributes[0].Value));
        Assert.Equal(Enumerable.Range(2, 2_345).Select(i => (long)i), rows.Select(r => r.Row));
    }

    [Fact]
    public async Task The_rows_can_be_read_only_once()
    {
        await using var reader = await CsvContactReader.OpenAsync(Csv("phone\n+14155550100\n"), new CsvReadOptions(), default);
        await foreach (var _ in reader.ReadBatchesAsync(10, default))
        {
        }

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var _ in reader.ReadBatchesAsync(10, default))
            {
            }
        });
    }
}
