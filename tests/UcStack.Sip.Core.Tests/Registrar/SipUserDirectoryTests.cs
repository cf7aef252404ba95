using UcStack.Sip.Registrar;

namespace UcStack.Sip.Tests.Registrar;

[TestFixture]
public sealed class SipUserDirectoryTests
{
    [Test]
    public async Task Parse_PasswordsHa1CommentsAndBlankLines_FindsEveryUser()
    {
        var md5 = new string('a', 32);
        var sha = new string('b', 64);
        var directory = SipUserDirectory.Parse($"# users\r\nalice:alice:pass\n\n bob:ha1:{md5}\ncarol:ha1:{md5}:{sha}\n");
        Assert.That(directory.UserNames, Is.EqualTo(new[] { "alice", "bob", "carol" }));
        Assert.That(await directory.ExistsAsync("bob"), Is.True);
        Assert.That(await directory.ExistsAsync("mallory"), Is.False);
        Assert.That(await directory.FindSecretAsync("alice", "example.org"), Is.Not.Null);
        Assert.That(await directory.FindSecretAsync("mallory", "example.org"), Is.Null);
    }

    [TestCase("alice", 1)]
    [TestCase("ok:x\n:nopass", 2)]
    [TestCase("ok:x\nbob:ha1:zz", 2)]
    [TestCase("ok:x\n\nbad name:x", 3)]
    [TestCase("bob:", 1)]
    public void Parse_MalformedLine_NamesTheLine(string text, int line)
    {
        var error = Assert.Throws<FormatException>(() => SipUserDirectory.Parse(text));
        Assert.That(error!.Message, Does.StartWith($"User file line {line}:"));
    }

    [Test]
    public void Parse_TooLarge_IsRefused() =>
        Assert.Throws<FormatException>(() => SipUserDirectory.Parse(new string('#', SipUserDirectory.MaxFileBytes + 1)));
}
