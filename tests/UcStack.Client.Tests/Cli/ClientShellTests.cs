using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using UcStack.Client.Cli;
using UcStack.Sip.Transport;

namespace UcStack.Client.Tests.Cli;

/// <summary>The line protocol the demo relies on: one <c>ok</c> or <c>error</c> line per command. These commands
/// fail before anything is sent, so no server is needed.</summary>
[TestFixture]
public sealed class ClientShellTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private UcClient? _client;
    private StringWriter _output = new();

    [SetUp]
    public void SetUp()
    {
        _output = new StringWriter();
        // A port nothing listens on: these tests never get as far as sending.
        _client = UcClient.Start(new ClientSettings { Transport = SipTransportProtocol.Tcp, Server = new IPEndPoint(IPAddress.Loopback, 9) }, NullLoggerFactory.Instance);
    }

    [TearDown]
    public async Task TearDown()
    {
        if (_client is not null) await _client.DisposeAsync();
        _output.Dispose();
    }

    private async Task<string[]> Run(params string[] lines)
    {
        var shell = new ClientShell(_client!, _output);
        using var cts = new CancellationTokenSource(Bound);
        await shell.RunAsync(new StringReader(string.Join("\n", lines)), cts.Token);
        return _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    [Test]
    public async Task Run_UnknownCommand_AnswersOneErrorLine()
    {
        Assert.That(await Run("frobnicate"), Is.EqualTo(new[] { "error frobnicate: unknown command (try help)" }));
    }

    [TestCase("im", "error im: usage: im <user> <text>")]
    [TestCase("im bob", "error im: usage: im <user> <text>")]
    [TestCase("presence away", "error presence: usage: presence open|closed [note]")]
    [TestCase("watch", "error watch: usage: watch <user>")]
    [TestCase("call", "error call: usage: call <user>")]
    public async Task Run_MissingArguments_SaysHowToUseIt(string line, string expected)
    {
        Assert.That((await Run(line))[0], Does.StartWith(expected));
    }

    [Test]
    public async Task Run_ConferenceCommandsOutsideAConference_AreRefusedClearly()
    {
        var lines = await Run("conference im hello", "conference leave", "slide get");

        Assert.That(lines, Has.Length.EqualTo(3));
        Assert.That(lines, Has.All.StartWith("error "));
        Assert.That(lines, Has.All.Contains("conference"));
    }

    [Test]
    public async Task Run_AnswerAndQuit_TogglesAndStopsReading()
    {
        var lines = await Run("answer on", "answer off", "quit", "answer on");

        Assert.That(lines, Is.EqualTo(new[] { "ok answer on", "ok answer off" }));
        Assert.That(_client!.AutoAnswer, Is.False);
    }

    [Test]
    public async Task Run_Help_ListsEveryCommand()
    {
        var text = string.Join("\n", await Run("help"));

        foreach (var command in new[] { "register", "presence", "watch", "im", "call", "answer", "relay", "conference", "slide", "quit" })
        {
            Assert.That(text, Does.Contain(command));
        }
    }
}
