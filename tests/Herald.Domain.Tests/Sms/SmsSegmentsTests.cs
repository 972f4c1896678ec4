using Herald.Domain.Sms;

namespace Herald.Domain.Tests.Sms;

public class SmsSegmentsTests
{
    private const string Cyrillic = "д";
    private const string Emoji = "😀";

    private static string Repeat(string s, int n) => string.Concat(Enumerable.Repeat(s, n));

    [Fact]
    public void An_empty_body_is_one_empty_segment()
    {
        Assert.Equal(new SmsAnalysis(SmsEncoding.Gsm7, 0, 1, 160, 0), SmsSegments.Analyze(""));
    }

    [Fact]
    public void One_hundred_sixty_gsm_characters_fit_one_segment()
    {
        Assert.Equal(new SmsAnalysis(SmsEncoding.Gsm7, 160, 1, 160, 160), SmsSegments.Analyze(Repeat("a", 160)));
    }

    [Fact]
    public void The_161st_gsm_character_makes_two_parts_of_153()
    {
        Assert.Equal(new SmsAnalysis(SmsEncoding.Gsm7, 161, 2, 153, 161), SmsSegments.Analyze(Repeat("a", 161)));
    }

    [Theory]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    [InlineData(459, 3)]
    [InlineData(460, 4)]
    public void Long_gsm_messages_take_153_per_part(int length, int segments)
    {
        Assert.Equal(segments, SmsSegments.Analyze(Repeat("a", length)).Segments);
    }

    [Fact]
    public void Seventy_ucs2_characters_fit_one_segment()
    {
        Assert.Equal(new SmsAnalysis(SmsEncoding.Ucs2, 70, 1, 70, 70), SmsSegments.Analyze(Repeat(Cyrillic, 70)));
    }

    [Fact]
    public void The_71st_ucs2_character_makes_two_parts_of_67()
    {
        Assert.Equal(new SmsAnalysis(SmsEncoding.Ucs2, 71, 2, 67, 71), SmsSegments.Analyze(Repeat(Cyrillic, 71)));
    }

    [Theory]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    public void Long_ucs2_messages_take_67_per_part(int length, int segments)
    {
        Assert.Equal(segments, SmsSegments.Analyze(Repeat(Cyrillic, length)).Segments);
    }

    [Theory]
    [InlineData("€")]
    [InlineData("[")]
    [InlineData("]")]
    [InlineData("{")]
    [InlineData("}")]
    [InlineData("\\")]
    [InlineData("^")]
    [InlineData("~")]
    [InlineData("|")]
    [InlineData("\f")]
    public void Gsm_extension_characters_count_two(string c)
    {
        SmsAnalysis analysis = SmsSegments.Analyze("a" + c);

        Assert.Equal(SmsEncoding.Gsm7, analysis.Encoding);
        Assert.Equal(3, analysis.Units);
        Assert.Equal(2, analysis.Length);
    }

    [Fact]
    public void Eighty_euro_signs_fill_one_segment_and_eighty_one_do_not()
    {
        Assert.Equal(1, SmsSegments.Analyze(Repeat("€", 80)).Segments);

        SmsAnalysis over = SmsSegments.Analyze(Repeat("€", 81));
        Assert.Equal(162, over.Units);
        Assert.Equal(2, over.Segments);
    }

    [Fact]
    public void An_escape_pair_is_never_split_across_parts()
    {
        // 306 septets would be two full parts, but the € cannot straddle the boundary after 152 septets.
        SmsAnalysis analysis = SmsSegments.Analyze(Repeat("a", 152) + "€" + Repeat("a", 152));

        Assert.Equal(306, analysis.Units);
        Assert.Equal(3, analysis.Segments);
    }

    [Fact]
    public void One_non_gsm_character_makes_the_whole_message_ucs2()
    {
        SmsAnalysis analysis = SmsSegments.Analyze(Repeat("a", 100) + "ç");

        Assert.Equal(SmsEncoding.Ucs2, analysis.Encoding);
        Assert.Equal(101, analysis.Units);
        Assert.Equal(2, analysis.Segments);
    }

    [Fact]
    public void An_emoji_is_two_units_but_one_visible_character()
    {
        SmsAnalysis analysis = SmsSegments.Analyze("Hi " + Emoji);

        Assert.Equal(new SmsAnalysis(SmsEncoding.Ucs2, 5, 1, 70, 4), analysis);
    }

    [Fact]
    public void A_surrogate_pair_is_never_split_across_parts()
    {
        SmsAnalysis analysis = SmsSegments.Analyze(Repeat(Cyrillic, 66) + Emoji + Repeat(Cyrillic, 66));

        Assert.Equal(134, analysis.Units);
        Assert.Equal(3, analysis.Segments);
    }

    [Fact]
    public void The_basic_gsm_alphabet_is_seven_bit_one_unit_each()
    {
        Assert.Equal(127, GsmAlphabet.Basic.Distinct().Count());

        SmsAnalysis analysis = SmsSegments.Analyze(GsmAlphabet.Basic);
        Assert.Equal(SmsEncoding.Gsm7, analysis.Encoding);
        Assert.Equal(127, analysis.Units);
    }

    [Theory]
    [InlineData("Ç")]
    [InlineData("ΔΦΓΛΩΠΨΣΘΞ")]
    [InlineData("£¥§¿¡äöñüà")]
    [InlineData("Line one\nLine two\r")]
    public void Accented_and_greek_letters_of_the_gsm_table_stay_gsm(string text)
    {
        Assert.Equal(SmsEncoding.Gsm7, SmsSegments.Analyze(text).Encoding);
    }
}
