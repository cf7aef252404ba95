using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using UcStack.Sip;
using UcStack.Sip.Stack;
using UcStack.Sip.Transport;
using UcStack.Sip.UserAgent;
using UcStack.Srtp;

namespace UcStack.Tool.Demo;

/// <summary>
/// Two parties in one process on 127.0.0.1: "bob" runs a SIP endpoint that is also the registrar for
/// example.org, "alice" runs another and registers with it. Bob then finds alice's contact in his location
/// service and calls her; media is an SRTP G.711 tone on separate UDP sockets. Each step prints what happened;
/// the first failing step ends the run with exit code 1 and its name.
/// </summary>
internal sealed partial class LoopbackDemo
{
    private const int Packets = 50;          // one second of 20 ms G.711 frames
    private const int SamplesPerPacket = 160;
    private const double ToneHz = 440;
    private const string Domain = "example.org";
    private const string AliceAor = "sip:alice@" + Domain;
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(5);

    private readonly TextWriter _out;
    private int _step;

    public LoopbackDemo(TextWriter output) => _out = output;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var aliceMedia = BindUdp();
        using var bobMedia = BindUdp();
        var alicePassword = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        using var authenticator = new DigestAuthenticator(
            new DigestAuthenticatorOptions { Realm = Domain },
            (user, _, _) => ValueTask.FromResult(user == "alice" ? DigestSecret.FromPassword(alicePassword) : null));
        var registrar = new Registrar(authenticator);

        var bob = StartEndpoint("sip:bob@" + Domain, "bob");
        await using var bobScope = bob.ConfigureAwait(false);
        var alice = StartEndpoint(AliceAor, "alice");
        await using var aliceScope = alice.ConfigureAwait(false);
        bob.RequestReceived = registrar.HandleAsync;
        _out.WriteLine($"UcStack loopback demo: bob (registrar for {Domain}) on sip udp {bob.ListenPoints[0].EndPoint}, alice on sip udp {alice.ListenPoints[0].EndPoint}");
        _out.WriteLine($"      media sockets: alice {aliceMedia.LocalEndPoint}, bob {bobMedia.LocalEndPoint}");

        string? failed;
        try
        {
            failed = await RunStepsAsync(new Parties(alice, bob, aliceMedia, bobMedia, registrar, alicePassword), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or SipRequestTimeoutException or SipTransportException or SipRegistrationException or InvalidOperationException)
        {
            failed = $"{e.GetType().Name}: {e.Message}";
        }

        if (failed is not null)
        {
            _out.WriteLine($"FAILED at step {_step}: {failed}");
            return ToolApp.ExitFailed;
        }

        _out.WriteLine($"summary: all {_step} steps succeeded");
        return ToolApp.ExitOk;
    }

    private async Task<string?> RunStepsAsync(Parties p, CancellationToken ct)
    {
        Step("STUN: alice asks bob's media socket for her reflexive address (RFC 8489 Binding)");
        var mapped = await StunBindingAsync(p.AliceMedia, p.BobMedia, (IPEndPoint)p.BobMedia.LocalEndPoint!, ct).ConfigureAwait(false);
        if (mapped is null) return "STUN binding: no valid response";
        _out.WriteLine($"      mapped: {mapped}");

        Step($"SIP: alice registers {AliceAor} with bob's registrar (REGISTER, digest challenge 401, then 200; RFC 3261 §10, RFC 8760)");
        var registration = new SipRegistration(p.Alice, new SipRegistrationOptions
        {
            RegistrarUri = "sip:" + p.Bob.ListenPoints[0].EndPoint,
            AddressOfRecord = AliceAor,
            Username = "alice",
            Password = p.AlicePassword,
            Expires = TimeSpan.FromSeconds(300),
        });
        await using var _ = registration.ConfigureAwait(false);
        var granted = await registration.RegisterAsync(ct).WaitAsync(StepTimeout, ct).ConfigureAwait(false);
        if (!p.Registrar.TryLookup(AliceAor, out var aliceContact)) return "the registrar holds no binding for alice";
        _out.WriteLine($"      registrar: {p.Registrar.Challenges} challenge(s) sent, binding {AliceAor} -> {aliceContact} for {granted.TotalSeconds:F0} s");

        Step("SIP: bob looks alice up and calls her: INVITE with an SDP offer carrying his SRTP key (a=crypto, RFC 4568)");
        var aliceCall = new TaskCompletionSource<(SipCall Call, string? KeyAtAlice)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var aliceAgent = new SipUserAgent(p.Alice)
        {
            IncomingCall = async call =>
            {
                TryReadCryptoKey(call.RemoteBody.Span, out var bobKeyAtAlice);
                await call.RingAsync().ConfigureAwait(false);
                await call.AcceptAsync(Encoding.ASCII.GetBytes(Sdp((IPEndPoint)p.AliceMedia.LocalEndPoint!, p.Keys.AliceKeyParams)), "application/sdp").ConfigureAwait(false);
                aliceCall.TrySetResult((call, bobKeyAtAlice));
            },
        };
        var bobAgent = new SipUserAgent(p.Bob);
        var provisional = new ProvisionalLog();
        var bobCall = await bobAgent.PlaceCallAsync(
            aliceContact, Encoding.ASCII.GetBytes(Sdp((IPEndPoint)p.BobMedia.LocalEndPoint!, p.Keys.BobKeyParams)), "application/sdp", progress: provisional, cancellationToken: ct)
            .WaitAsync(StepTimeout, ct).ConfigureAwait(false);
        var (answered, bobKeyAtAlice) = await aliceCall.Task.WaitAsync(StepTimeout, ct).ConfigureAwait(false);
        if (bobKeyAtAlice is null) return "the INVITE carried no a=crypto key";
        if (!TryReadCryptoKey(bobCall.RemoteBody.Span, out var aliceKeyAtBob)) return "the 200 OK carried no a=crypto key";
        // Provisional responses are reported off the endpoint's loop, so the 180 may still be on its way.
        await provisional.FirstReported.WaitAsync(StepTimeout, ct).ConfigureAwait(false);
        _out.WriteLine($"      alice received INVITE (Call-ID {answered.CallId}) and answered {string.Join(", ", provisional.Codes)} then 200 OK with her own key");

        Step("SIP: bob acknowledges the 200 OK (ACK, RFC 3261 §13.2.2.4); the call is up on both sides");
        await answered.Established.WaitAsync(StepTimeout, ct).ConfigureAwait(false);
        _out.WriteLine($"      bob: {bobCall.State}, alice: {answered.State}");

        Step($"SRTP: bob sends {Packets} packets of a {ToneHz} Hz G.711 tone to alice, protected with AES_CM_128_HMAC_SHA1_80");
        var stats = await SendToneAsync(p.BobMedia, p.AliceMedia, p.Keys.BobKeyParams, bobKeyAtAlice, ct).ConfigureAwait(false);
        _out.WriteLine($"      alice: {stats.Authenticated} authenticated, {stats.Lost} lost, {stats.Rejected} rejected, tone ≈ {stats.FrequencyHz:F0} Hz");
        if (stats.Authenticated != Packets || stats.Lost != 0) return "media did not arrive intact";
        if (Math.Abs(stats.FrequencyHz - ToneHz) > 10) return $"tone measured at {stats.FrequencyHz:F0} Hz, expected {ToneHz} Hz";
        if (aliceKeyAtBob is null) return "bob never learned alice's key";

        Step("SRTP: an attacker replays packet 10 and forges a new packet by flipping one bit; alice rejects both");
        if (stats.ReplayVerdict != SrtpStatus.Replayed) return $"replayed packet gave {stats.ReplayVerdict}";
        if (stats.TamperVerdict != SrtpStatus.AuthenticationFailed) return $"tampered packet gave {stats.TamperVerdict}";
        _out.WriteLine($"      replay: {stats.ReplayVerdict}; tampered: {stats.TamperVerdict}");

        Step("SIP: bob hangs up (BYE), alice answers 200 OK");
        await bobCall.HangUpAsync(ct).WaitAsync(StepTimeout, ct).ConfigureAwait(false);
        var aliceEnd = await answered.Ended.WaitAsync(StepTimeout, ct).ConfigureAwait(false);
        if (aliceEnd.Reason != SipCallEndReason.RemoteHangUp) return $"alice's call ended with {aliceEnd.Reason}";
        _out.WriteLine($"      call ended: bob {(await bobCall.Ended.ConfigureAwait(false)).Reason}, alice {aliceEnd.Reason}");

        Step("SIP: alice unregisters (REGISTER with Expires: 0); the registrar drops her binding");
        await registration.UnregisterAsync(ct).WaitAsync(StepTimeout, ct).ConfigureAwait(false);
        if (p.Registrar.TryLookup(AliceAor, out var left)) return $"the binding to {left} is still there";
        _out.WriteLine("      no binding left for " + AliceAor);
        return null;
    }

    private void Step(string text)
    {
        _step++;
        _out.WriteLine($"[{_step}] {text}");
    }

    private static Socket BindUdp()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private static SipEndpoint StartEndpoint(string localUri, string user)
    {
        var transport = SipSocketTransportLayer.Start(new SipSocketTransportOptions
        {
            ListenPoints = [new SipListenPoint(SipTransportProtocol.Udp, new IPEndPoint(IPAddress.Loopback, 0))],
        });
        var endpoint = new SipEndpoint(transport, new SipEndpointOptions { LocalUri = localUri, ContactUser = user, UserAgent = "ucstack demo" });
        endpoint.Start();
        return endpoint;
    }

    private sealed record Parties(SipEndpoint Alice, SipEndpoint Bob, Socket AliceMedia, Socket BobMedia, Registrar Registrar, string AlicePassword)
    {
        public MediaKeys Keys { get; } = new();
    }

    /// <summary>The SDES keys each side offers for what it sends; the other side learns them only from the SDP.</summary>
    private sealed class MediaKeys
    {
        public string AliceKeyParams { get; } = NewKeyParams();

        public string BobKeyParams { get; } = NewKeyParams();

        private static string NewKeyParams()
        {
            // AES_CM_128_HMAC_SHA1_80: 16-byte master key || 14-byte master salt, base64 (RFC 4568 §6.1).
            Span<byte> keyAndSalt = stackalloc byte[30];
            RandomNumberGenerator.Fill(keyAndSalt);
            var text = "inline:" + Convert.ToBase64String(keyAndSalt);
            CryptographicOperations.ZeroMemory(keyAndSalt);
            return text;
        }
    }

    /// <summary>Records provisional responses in arrival order (no SynchronizationContext hop, unlike Progress).</summary>
    private sealed class ProvisionalLog : IProgress<SipProvisionalResponse>
    {
        private readonly ConcurrentQueue<string> _codes = new();
        private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IEnumerable<string> Codes => _codes;

        public Task FirstReported => _first.Task;

        public void Report(SipProvisionalResponse value)
        {
            _codes.Enqueue($"{value.StatusCode} {value.ReasonPhrase}");
            _first.TrySetResult();
        }
    }
}
