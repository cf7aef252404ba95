using UcStack.Tool;

namespace UcStack.Tool.Tests;

public sealed class SipParseCommandTests
{
    private static string Fixture(string name) => Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", name);

    private static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await ToolApp.RunAsync(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Test]
    public async Task Parse_AllValid_PrintsValidAndExitsZero()
    {
        var (exit, output, _) = await Run("sip", "parse", Fixture("wsinv.dat"), Fixture("unreason.dat"));
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.Zero);
            Assert.That(output, Does.Contain($"{Fixture("wsinv.dat")}: valid"));
            Assert.That(output, Does.Contain($"{Fixture("unreason.dat")}: valid"));
        });
    }

    [Test]
    public async Task Parse_OneInvalid_NamesReasonAndOffsetAndExitsOne()
    {
        var (exit, output, _) = await Run("sip", "parse", Fixture("wsinv.dat"), Fixture("badvers.dat"), Fixture("trws.dat"));
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(output, Does.Contain($"{Fixture("wsinv.dat")}: valid"));
            Assert.That(output, Does.Match(@"badvers\.dat: invalid: UnsupportedVersion.* at byte \d+"));
            Assert.That(output, Does.Match(@"trws\.dat: invalid: .* at byte \d+"));
        });
    }

    [Test]
    public async Task Parse_Print_WritesCanonicalMessageThatParsesAgain()
    {
        var (exit, output, _) = await Run("sip", "parse", "--print", Fixture("wsinv.dat"));
        Assert.That(exit, Is.Zero);
        // The verdict line, then the message, then the newline the tool adds after it.
        var canonical = output[(output.IndexOf('\n', StringComparison.Ordinal) + 1)..^Environment.NewLine.Length];
        Assert.That(canonical, Does.StartWith("INVITE sip:vivekg@chair-dnrc.example.com;unknownparam SIP/2.0\r\n"));
        Assert.That(canonical, Does.Contain("\r\nContent-Length: 150\r\n"), "LWS before the colon is canonicalised");
        var tmp = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(tmp, canonical);
            var (again, againOut, _) = await Run("sip", "parse", tmp);
            Assert.That(again, Is.Zero, againOut);
        }
        finally
        {
            File.Delete(tmp);
        }
    }

    [Test]
    public async Task Parse_NoFiles_IsUsageError()
    {
        var (exit, _, err) = await Run("sip", "parse");
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(err, Is.Not.Empty);
    }

    [Test]
    public async Task Parse_MissingFile_IsUsageError()
    {
        var (exit, _, err) = await Run("sip", "parse", Fixture("does-not-exist.dat"));
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(err, Does.Contain("cannot read"));
    }

    [Test]
    public async Task UnknownOption_IsUsageError()
    {
        var (exit, _, _) = await Run("sip", "parse", "--bogus", Fixture("wsinv.dat"));
        Assert.That(exit, Is.EqualTo(2));
    }
}
