using Herald.Domain.Consent;

namespace Herald.Domain.Tests.Consent;

public class KeywordsTests
{
    [Theory]
    [InlineData("STOP")]
    [InlineData("stop")]
    [InlineData("Stop.")]
    [InlineData(" stop!")]
    [InlineData("¡STOP!")]
    [InlineData("\"Stop\"")]
    [InlineData("STOPALL")]
    [InlineData("Unsubscribe")]
    [InlineData("cancel")]
    [InlineData("END")]
    [InlineData("quit")]
    [InlineData("Revoke")]
    [InlineData("OPTOUT")]
    [InlineData("opt out")]
    [InlineData("Opt   Out!")]
    [InlineData("opt\tout")]
    public void Opt_out_keywords_alone_opt_out(string text)
    {
        Assert.Equal(KeywordKind.OptOut, Keywords.Classify(text));
    }

    [Theory]
    [InlineData("START", KeywordKind.OptIn)]
    [InlineData("unstop", KeywordKind.OptIn)]
    [InlineData("Yes!", KeywordKind.OptIn)]
    [InlineData("HELP", KeywordKind.Help)]
    [InlineData("help?", KeywordKind.Help)]
    [InlineData("Info", KeywordKind.Help)]
    public void Opt_in_and_help_keywords_are_recognised(string text, KeywordKind expected)
    {
        Assert.Equal(expected, Keywords.Classify(text));
    }

    [Theory]
    [InlineData("please stop")]
    [InlineData("stop it")]
    [InlineData("STOP STOP")]
    [InlineData("stopp")]
    [InlineData("opt-out")]
    [InlineData("yes please")]
    [InlineData("Where is my order?")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("?!")]
    [InlineData(null)]
    public void Anything_more_than_the_keyword_is_an_ordinary_message(string? text)
    {
        Assert.Equal(KeywordKind.None, Keywords.Classify(text));
    }

    [Fact]
    public void Configured_extra_words_opt_out_too()
    {
        string[] extra = ["ARRET", "Arrêt", "baja"];

        Assert.Equal(KeywordKind.OptOut, Keywords.Classify("arret", extra));
        Assert.Equal(KeywordKind.OptOut, Keywords.Classify("ARRÊT.", extra));
        Assert.Equal(KeywordKind.OptOut, Keywords.Classify("Baja", extra));
        Assert.Equal(KeywordKind.None, Keywords.Classify("arret"));
    }

    [Theory]
    [InlineData("  opt   out!! ", "OPT OUT")]
    [InlineData("Stop.", "STOP")]
    [InlineData("...", "")]
    [InlineData("  hello  there  ", "HELLO THERE")]
    public void Normalize_uppercases_trims_punctuation_and_collapses_spaces(string text, string expected)
    {
        Assert.Equal(expected, Keywords.Normalize(text));
    }
}
