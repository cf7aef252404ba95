namespace UcStack.Sip.Tests.Uris;

[TestFixture]
public sealed class UriEscapingTests
{
    [TestCase("alice", "%61lice", false, true)]
    [TestCase("%6c", "%6C", false, true)]
    [TestCase("Alice", "alice", false, false)]
    [TestCase("Alice", "alice", true, true)]
    [TestCase("a;b", "a%3Bb", false, false)]
    [TestCase("a%3bb", "a%3Bb", false, true)]
    [TestCase("a b", "a%20b", false, true)]
    [TestCase("ab", "abc", false, false)]
    [TestCase("%00", "", false, false)]
    public void EscapedEquals_Rfc3261Rules(string a, string b, bool ignoreCase, bool equal)
    {
        Assert.That(UriEscaping.EscapedEquals(a, b, ignoreCase), Is.EqualTo(equal));
        Assert.That(UriEscaping.EscapedEquals(b, a, ignoreCase), Is.EqualTo(equal));
        if (equal) Assert.That(UriEscaping.EscapedHash(a, ignoreCase), Is.EqualTo(UriEscaping.EscapedHash(b, ignoreCase)));
    }

    [Test]
    public void EscapeThenUnescape_RoundTrips()
    {
        var text = "user name;with@odd:chars%\u00e9\0";
        var raw = UriEscaping.Escape(text, UriSyntax.UriChar.User);
        Assert.That(raw, Is.EqualTo("user%20name;with%40odd%3Achars%25%C3%A9%00"));
        Assert.That(UriEscaping.Unescape(raw), Is.EqualTo(text));
    }
}
