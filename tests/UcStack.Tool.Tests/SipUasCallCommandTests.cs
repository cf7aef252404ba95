using System.Net;
using UcStack.Sip.Transport;
using UcStack.Tool.Sip;

namespace UcStack.Tool.Tests;

/// <summary><c>sip uas</c>, <c>sip call</c> and <c>sip options</c> against each other on loopback sockets.</summary>
public sealed class SipUasCallCommandTests
{
    // Generous: the machine is shared; a bug fails the test instead of hanging it.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    /// <summary>A running <c>sip uas</c> on 127.0.0.1, port 0.</summary>
    private sealed class RunningUas : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly StringWriter _output = new();
        private readonly StringWriter _error = new();
        private readonly Task<int> _run;

        private RunningUas(SipTransportProtocol protocol, TaskCompletionSource<SipListenPoint> listening)
        {
            _run = SipUasCommand.RunAsync(protocol, new IPEndPoint(IPAddress.Loopback, 0), null, null, _output, _error, p => listening.TrySetResult(p), _stop.Token);
        }

        public SipListenPoint Point { get; private set; } = null!;

        public static async Task<RunningUas> StartAsync(SipTransportProtocol protocol)
        {
            var listening = new TaskCompletionSource<SipListenPoint>(TaskCreationOptions.RunContinuationsAsynchronously);
            var uas = new RunningUas(protocol, listening);
            var first = await Task.WhenAny(listening.Task, uas._run).WaitAsync(Bound);
            if (first != listening.Task) Assert.Fail($"uas stopped early ({await uas._run}): {uas._error}");
            uas.Point = await listening.Task;
            return uas;
        }

        public string Uri(string user = "bob") => $"sip:{user}@127.0.0.1:{Point.EndPoint.Port}";

        /// <summary>Stops it (as SIGINT would) and returns its exit code and output.</summary>
        public async Task<(int Exit, string Output, string Error)> StopAsync()
        {
            await _stop.CancelAsync();
            var exit = await _run.WaitAsync(Bound);
            return (exit, _output.ToString(), _error.ToString());
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await _run.WaitAsync(Bound);
            }
            finally
            {
                _stop.Dispose();
                _output.Dispose();
                _error.Dispose();
            }
        }
    }

    [TestCase(SipTransportProtocol.Udp)]
    [TestCase(SipTransportProtocol.Tcp)]
    [TestCase(SipTransportProtocol.Tls)]
    public async Task Call_AgainstUas_AllCallsSucceedAndUasCountsThem(SipTransportProtocol protocol)
    {
        const int calls = 5;
        await using var uas = await RunningUas.StartAsync(protocol);
        using var timeout = new CancellationTokenSource(Bound);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var settings = new SipCallSettings(uas.Uri(), protocol, calls, Rate: 50, HoldMilliseconds: 10, Insecure: protocol == SipTransportProtocol.Tls);
        var exit = await SipCallCommand.RunAsync(settings, output, error, TimeProvider.System, timeout.Token);
        var (uasExit, uasOutput, uasError) = await uas.StopAsync();

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.Zero, error.ToString());
            Assert.That(output.ToString(), Is.EqualTo($"calls: {calls} attempted, {calls} succeeded, 0 failed{Environment.NewLine}"));
            Assert.That(uasExit, Is.Zero, uasError);
            Assert.That(uasOutput, Does.Contain($"calls answered: {calls}, completed: {calls}"));
            Assert.That(uasOutput, Does.Contain($"requests INVITE: {calls}"));
            Assert.That(uasOutput, Does.Contain($"requests BYE: {calls}"));
            Assert.That(uasOutput, Does.Contain("failures: 0"));
        });
    }

    [Test]
    public async Task Call_PeerWithoutCallHandling_CountsEveryCallFailedAndExitsOne()
    {
        // A bare endpoint (no user agent) answers INVITE with 405 (RFC 3261 §8.2.1).
        var transport = SipSocketTransportLayer.Start(new SipSocketTransportOptions
        {
            ListenPoints = [new SipListenPoint(SipTransportProtocol.Udp, new IPEndPoint(IPAddress.Loopback, 0))],
        });
        await using var peer = new UcStack.Sip.Stack.SipEndpoint(transport);
        peer.Start();
        using var timeout = new CancellationTokenSource(Bound);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var settings = new SipCallSettings($"sip:bob@127.0.0.1:{peer.ListenPoints[0].EndPoint.Port}", SipTransportProtocol.Udp, 2, Rate: 50, HoldMilliseconds: 0, Insecure: false);
        var exit = await SipCallCommand.RunAsync(settings, output, error, TimeProvider.System, timeout.Token);

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(output.ToString(), Is.EqualTo($"calls: 2 attempted, 0 succeeded, 2 failed{Environment.NewLine}"));
            Assert.That(error.ToString(), Does.Contain("405"));
        });
    }

    [TestCase(SipTransportProtocol.Udp)]
    [TestCase(SipTransportProtocol.Tcp)]
    public async Task Options_AgainstUas_PrintsStatusAndAllowAndExitsZero(SipTransportProtocol protocol)
    {
        await using var uas = await RunningUas.StartAsync(protocol);
        using var timeout = new CancellationTokenSource(Bound);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await SipOptionsCommand.RunAsync($"sip:127.0.0.1:{uas.Point.EndPoint.Port}", protocol, false, output, error, timeout.Token);
        var (_, uasOutput, _) = await uas.StopAsync();

        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.Zero, error.ToString());
            Assert.That(output.ToString(), Does.StartWith("SIP/2.0 200 OK"));
            Assert.That(output.ToString(), Does.Contain("Allow: INVITE, ACK, BYE, CANCEL, OPTIONS, MESSAGE"));
            Assert.That(output.ToString(), Does.Contain("Supported: "));
            Assert.That(uasOutput, Does.Contain("requests OPTIONS: 1"));
        });
    }

    [Test]
    public async Task Uas_ThroughCommandLine_BadListen_ExitsTwo()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await ToolApp.RunAsync(["sip", "uas", "--listen", "localhost:5060"], output, error);

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error.ToString(), Does.Contain("--listen"));
    }

    [TestCase("sip", "call", "sip:bob@example.invalid:5060")]
    [TestCase("sip", "call", "not a uri")]
    [TestCase("sip", "call", "sip:bob@127.0.0.1:5060", "--transport", "sctp")]
    [TestCase("sip", "call", "sip:bob@127.0.0.1:5060", "--calls", "0")]
    [TestCase("sip", "options", "sip:example.invalid")]
    public async Task Client_BadArguments_ExitTwoWithAMessage(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await ToolApp.RunAsync(args, output, error);

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error.ToString(), Is.Not.Empty);
    }
}
