using System.Net;
using UcStack.Stun;

namespace UcStack.Tool.Tests;

public sealed class StunBindingCommandTests
{
    private static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await ToolApp.RunAsync(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task Binding_AgainstLoopbackServer_PrintsMappedAndExitsZero(bool tcp)
    {
        await using var server = StunBindingServer.Start(new StunBindingServerOptions { LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 0) });
        string[] args = tcp
            ? ["stun", "binding", $"127.0.0.1:{server.UdpEndPoint!.Port}", "--tcp"]
            : ["stun", "binding", $"127.0.0.1:{server.UdpEndPoint!.Port}"];

        var (exit, output, _) = await Run(args);

        Assert.That(exit, Is.Zero);
        Assert.That(output, Does.Match(@"^mapped: 127\.0\.0\.1:\d+\r?\n$"));
    }

    [Test]
    public async Task Binding_WrongPassword_ReportsErrorResponseAndExitsOne()
    {
        using var key = StunIntegrityKey.ForShortTerm("right");
        await using var server = StunBindingServer.Start(new StunBindingServerOptions
        {
            LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            CredentialLookup = _ => key,
        });

        var (exit, _, error) = await Run("stun", "binding", $"127.0.0.1:{server.UdpEndPoint!.Port}", "--username", "u", "--password", "wrong");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error, Does.Contain("401"));
    }

    [TestCase("127.0.0.1:99999")]
    [TestCase("[::1")]
    [TestCase(":3478")]
    public async Task Binding_BadServerArgument_ExitsTwo(string server)
    {
        var (exit, _, error) = await Run("stun", "binding", server);

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Is.Not.Empty);
    }

    [Test]
    public async Task Binding_UsernameWithoutPassword_ExitsTwo()
    {
        var (exit, _, _) = await Run("stun", "binding", "127.0.0.1:3478", "--username", "u");

        Assert.That(exit, Is.EqualTo(2));
    }
}
