using System.CommandLine;
using UcStack.Tool.C3P;

namespace UcStack.C3P.Tests.Tool;

/// <summary>
/// <c>ucstack c3p parse</c>, driven through System.CommandLine's parse/invoke API the way the tool's ToolApp does it
/// (parse errors are usage errors, exit 2).
/// </summary>
public sealed class C3PParseCommandTests
{
    private static string C3PFile(string name) => Path.Combine(Fixtures.Directory("c3p"), name);

    private static string InfoFile(string name) => Path.Combine(Fixtures.Directory("conference-info"), name);

    private static string HostileFile(string name) => Path.Combine(Fixtures.Directory("hostile"), name);

    private static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var root = new RootCommand("test root");
        root.Subcommands.Add(C3PParseCommand.Create());
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await stderr.WriteLineAsync(error.Message);
            }

            return (C3PParseCommand.ExitUsage, stdout.ToString(), stderr.ToString());
        }

        var exit = await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Test]
    public async Task Parse_AllValid_PrintsValidAndPrettyXmlAndExitsZero()
    {
        var (exit, output, _) = await Run("c3p", "parse", C3PFile("addUser-join.request.xml"), InfoFile("full.xml"));
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.Zero);
            Assert.That(output, Does.Contain($"{C3PFile("addUser-join.request.xml")}: valid"));
            Assert.That(output, Does.Contain($"{InfoFile("full.xml")}: valid"));
            Assert.That(output, Does.Contain("\n  <addUser>"), "indented");
            Assert.That(output, Does.Contain("<conference-info "));
        });
    }

    [Test]
    public async Task Parse_PrettyPrint_ParsesBackToTheSameMessage()
    {
        var (exit, output, _) = await Run("c3p", "parse", C3PFile("modifyEndpointMedia.request.xml"));
        Assert.That(exit, Is.Zero);
        var pretty = output[(output.IndexOf('\n', StringComparison.Ordinal) + 1)..];
        Assert.That(C3PXml.Parse(pretty.Trim()), Is.EqualTo(C3PXml.Parse(Fixtures.Bytes("c3p", "modifyEndpointMedia.request.xml"))));
    }

    [Test]
    public async Task Parse_OneInvalid_NamesTheReasonAndExitsOne()
    {
        var (exit, output, _) = await Run("c3p", "parse", C3PFile("deleteUser.request.xml"), HostileFile("billion-laughs.xml"), HostileFile("nesting-bomb.xml"));
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(output, Does.Contain($"{C3PFile("deleteUser.request.xml")}: valid"));
            Assert.That(output, Does.Contain($"{HostileFile("billion-laughs.xml")}: invalid: DtdProhibited"));
            Assert.That(output, Does.Contain($"{HostileFile("nesting-bomb.xml")}: invalid: TooDeep"));
        });
    }

    [Test]
    public async Task Parse_NeitherRoot_SaysWhatWasExpected()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, "<presence xmlns=\"urn:ietf:params:xml:ns:pidf\"/>");
            var (exit, output, _) = await Run("c3p", "parse", path);
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(output, Does.Contain($"{path}: invalid: UnexpectedRoot: the root is neither"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public async Task Parse_NoFiles_IsUsageError()
    {
        var (exit, _, err) = await Run("c3p", "parse");
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(err, Is.Not.Empty);
    }

    [Test]
    public async Task Parse_MissingFile_IsUsageError()
    {
        var (exit, _, err) = await Run("c3p", "parse", C3PFile("does-not-exist.xml"));
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(err, Does.Contain("cannot read"));
    }
}
