using System.Globalization;
using UcStack.Sip.Transport;

namespace UcStack.Sip.Tests.Interop;

/// <summary>
/// Interop with SIPp 3.6.1 (Debian <c>sip-tester</c>) on loopback: our UAS answers sipp's built-in <c>uac</c>
/// scenario, and sipp's built-in <c>uas</c> answers our UAC, over UDP and TCP (the packaged sipp has no TLS); a
/// scenario of ours (<see cref="SippScenarios.DigestUas"/>) checks our digest retry with sipp's <c>verifyauth</c>.
/// Every test fails with a clear message when sipp is not installed.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class SippInteropTests
{
    private const int Calls = 300;

    // sipp's default rate (10 cps) would make 300 calls take 30 s; 150 cps keeps each run to a few seconds.
    private const int Rate = 150;

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private static string Transport(SipTransportProtocol protocol) => protocol == SipTransportProtocol.Tcp ? "t1" : "u1";

    [OneTimeSetUp]
    public void RequireSipp() => SippRunner.Require();

    [TestCase(SipTransportProtocol.Udp, 0)]
    [TestCase(SipTransportProtocol.Tcp, 0)]
    [TestCase(SipTransportProtocol.Udp, 5)]
    public async Task OurUas_AnswersSippUac_AllCallsSucceed(SipTransportProtocol protocol, int lossPercent)
    {
        await using var uas = SippPeer.Start(protocol);
        uas.AnswerCalls();
        using var runner = new SippRunner();
        List<string> arguments =
        [
            "-sn", "uac", $"127.0.0.1:{uas.Port}", "-i", "127.0.0.1", "-p", FreePort(protocol).ToString(CultureInfo.InvariantCulture), "-t", Transport(protocol),
            "-m", Calls.ToString(CultureInfo.InvariantCulture), "-r", Rate.ToString(CultureInfo.InvariantCulture),
            "-timeout", "50s", "-timeout_error", "-max_socket", "64",
        ];

        // -lost drops that share of the messages sipp sends and receives, so both sides must retransmit (RFC 3261 §17).
        if (lossPercent > 0) arguments.AddRange(["-lost", lossPercent.ToString(CultureInfo.InvariantCulture)]);

        var sipp = runner.Start(arguments);
        SippResult result;
        try
        {
            result = await runner.WaitAsync(sipp, Bound);
        }
        finally
        {
            SippRunner.Kill(sipp);
            sipp.Dispose();
        }

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.Details);
            Assert.That(result.Successful, Is.EqualTo(Calls), result.Details);
            Assert.That(result.Failed, Is.Zero, result.Details);
            Assert.That(uas.AnswerFailures, Is.Zero);
            Assert.That(uas.Answered, Is.GreaterThanOrEqualTo(Calls));
        });
        if (lossPercent > 0) Assert.That(result.Retransmissions, Is.Positive, "with loss, sipp must have retransmitted: " + result.Details);
    }

    [TestCase(SipTransportProtocol.Udp)]
    [TestCase(SipTransportProtocol.Tcp)]
    public async Task SippUas_AnswersOurUac_AllCallsSucceed(SipTransportProtocol protocol)
    {
        using var runner = new SippRunner();
        var port = FreePort(protocol);
        var sipp = runner.Start(
        [
            "-sn", "uas", "-i", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-t", Transport(protocol),
            "-m", Calls.ToString(CultureInfo.InvariantCulture), "-timeout", "50s", "-timeout_error",
        ]);
        SippResult result;
        var failures = new List<string>();

        // Our endpoint stays up (its TCP connection open) until sipp has exited: sipp's UAS counts a call
        // failed with TcpClosed when the client closes during its post-BYE wait.
        await using (var uac = SippPeer.Start(protocol))
        {
            try
            {
                using var timeout = new CancellationTokenSource(Bound);
                var uri = $"sip:service@127.0.0.1:{port}" + (protocol == SipTransportProtocol.Tcp ? ";transport=tcp" : string.Empty);
                await WaitUntilBoundAsync(port, protocol == SipTransportProtocol.Tcp, sipp, timeout.Token);
                var calls = new List<Task<string?>>(Calls);
                var started = TimeProvider.System.GetTimestamp();
                for (var i = 0; i < Calls; i++)
                {
                    var due = TimeSpan.FromSeconds((double)i / Rate) - TimeProvider.System.GetElapsedTime(started);
                    if (due > TimeSpan.Zero) await Task.Delay(due, timeout.Token);
                    calls.Add(uac.CallAsync(uri, timeout.Token));
                }

                foreach (var call in calls)
                {
                    if (await call is { } failure) failures.Add(failure);
                }

                result = await runner.WaitAsync(sipp, Bound);
            }
            finally
            {
                SippRunner.Kill(sipp);
                sipp.Dispose();
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(failures, Is.Empty, "our UAC: " + string.Join("; ", failures.Take(10)));
            Assert.That(result.ExitCode, Is.Zero, result.Details);
            Assert.That(result.Successful, Is.EqualTo(Calls), result.Details);
            Assert.That(result.Failed, Is.Zero, result.Details);
        });
    }

    /// <summary>
    /// sipp's UAS (<see cref="SippScenarios.DigestUas"/>) challenges every INVITE of ours with 401; our UAC retries
    /// with MD5 qop=auth credentials, which sipp checks with its own <c>verifyauth</c> (RFC 3261 §22.2, §22.4).
    /// </summary>
    [TestCase(SipTransportProtocol.Udp)]
    [TestCase(SipTransportProtocol.Tcp)]
    public async Task SippUas_ChallengesOurInvite_RetryPassesVerifyAuth(SipTransportProtocol protocol)
    {
        const int calls = 50;
        using var runner = new SippRunner();
        var port = FreePort(protocol);
        var scenario = runner.WriteScenario("uas-digest.xml", SippScenarios.DigestUas);
        var sipp = runner.Start(
        [
            "-sf", scenario, "-i", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-t", Transport(protocol),
            "-m", calls.ToString(CultureInfo.InvariantCulture), "-timeout", "50s", "-timeout_error",
        ]);
        SippResult result;
        var failures = new List<string>();
        await using (var uac = SippPeer.Start(protocol, new DigestClient(SippScenarios.Username, SippScenarios.Password)))
        {
            try
            {
                using var timeout = new CancellationTokenSource(Bound);
                var uri = $"sip:service@127.0.0.1:{port}" + (protocol == SipTransportProtocol.Tcp ? ";transport=tcp" : string.Empty);
                await WaitUntilBoundAsync(port, protocol == SipTransportProtocol.Tcp, sipp, timeout.Token);
                var pending = new List<Task<string?>>(calls);
                for (var i = 0; i < calls; i++) pending.Add(uac.CallAsync(uri, timeout.Token));
                foreach (var call in pending)
                {
                    if (await call is { } failure) failures.Add(failure);
                }

                result = await runner.WaitAsync(sipp, Bound);
            }
            finally
            {
                SippRunner.Kill(sipp);
                sipp.Dispose();
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(failures, Is.Empty, "our UAC: " + string.Join("; ", failures.Take(10)));
            Assert.That(result.ExitCode, Is.Zero, result.Details);
            Assert.That(result.Successful, Is.EqualTo(calls), result.Details);
            Assert.That(result.Failed, Is.Zero, result.Details);
        });
    }

    /// <summary>The same scenario with a wrong password: sipp's verifyauth refuses every retry (403), so the check
    /// above cannot pass by accident.</summary>
    [Test]
    public async Task SippUas_WrongPassword_VerifyAuthRefuses()
    {
        using var runner = new SippRunner();
        var port = FreePort(SipTransportProtocol.Udp);
        var scenario = runner.WriteScenario("uas-digest.xml", SippScenarios.DigestUas);
        var sipp = runner.Start(["-sf", scenario, "-i", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-t", "u1", "-m", "1", "-timeout", "20s"]);
        string? failure;
        SippResult result;
        await using (var uac = SippPeer.Start(SipTransportProtocol.Udp, new DigestClient(SippScenarios.Username, "wrong")))
        {
            try
            {
                using var timeout = new CancellationTokenSource(Bound);
                await WaitUntilBoundAsync(port, false, sipp, timeout.Token);
                failure = await uac.CallAsync($"sip:service@127.0.0.1:{port}", timeout.Token);
                result = await runner.WaitAsync(sipp, Bound);
            }
            finally
            {
                SippRunner.Kill(sipp);
                sipp.Dispose();
            }
        }

        Assert.That(failure, Does.Contain("403"));
        Assert.That(result.Failed, Is.EqualTo(1), result.Details);
    }

    /// <summary>sipp binds its port a moment after it starts; wait (bounded) until it holds it.</summary>
    private static async Task WaitUntilBoundAsync(int port, bool tcp, System.Diagnostics.Process sipp, CancellationToken cancellationToken)
    {
        while (!IsBound(port, tcp))
        {
            if (sipp.HasExited) Assert.Fail($"sipp exited early with {sipp.ExitCode}");
            await Task.Delay(20, cancellationToken);
        }
    }

    private static bool IsBound(int port, bool tcp)
    {
        using var probe = tcp
            ? new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp)
            : new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        try
        {
            // Binding the same port fails once sipp holds it (no SO_REUSEADDR here).
            probe.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port));
            return false;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return true;
        }
    }

    /// <summary>A port the OS just handed out and released (sipp takes a fixed port number).</summary>
    private static int FreePort(SipTransportProtocol protocol)
    {
        var tcp = protocol == SipTransportProtocol.Tcp;
        using var socket = tcp
            ? new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp)
            : new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        socket.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        return ((System.Net.IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
