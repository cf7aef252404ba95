using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using UcStack.Sip;
using UcStack.Srtp;
using UcStack.Srtp.Rtp;
using UcStack.Stun;

namespace UcStack.Tool.Demo;

/// <summary>
/// A caller ("alice") and a callee ("bob") in one process, each with its own UDP socket on 127.0.0.1.
/// Each step prints what happened; the first failing step ends the run with exit code 1 and its name.
/// </summary>
internal sealed partial class LoopbackDemo
{
    private const int Packets = 50;          // one second of 20 ms G.711 frames
    private const int SamplesPerPacket = 160;
    private const double ToneHz = 440;
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(5);

    private readonly TextWriter _out;
    private int _step;

    public LoopbackDemo(TextWriter output) => _out = output;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var alice = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        using var bob = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        alice.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        bob.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var aliceEp = (IPEndPoint)alice.LocalEndPoint!;
        var bobEp = (IPEndPoint)bob.LocalEndPoint!;
        _out.WriteLine($"UcStack loopback demo: alice on udp {aliceEp}, bob on udp {bobEp}");

        var failed = await RunStepsAsync(alice, bob, aliceEp, bobEp, cancellationToken).ConfigureAwait(false);
        if (failed is not null)
        {
            _out.WriteLine($"FAILED at step {_step}: {failed}");
            return ToolApp.ExitFailed;
        }

        _out.WriteLine($"summary: all {_step} steps succeeded");
        return ToolApp.ExitOk;
    }

    private async Task<string?> RunStepsAsync(Socket alice, Socket bob, IPEndPoint aliceEp, IPEndPoint bobEp, CancellationToken ct)
    {
        var call = new CallState();

        Step("STUN: alice asks bob's socket for her reflexive address (RFC 8489 Binding)");
        var mapped = await StunBindingAsync(alice, bob, bobEp, ct).ConfigureAwait(false);
        if (mapped is null) return "STUN binding: no valid response";
        _out.WriteLine($"      mapped: {mapped}");

        Step("SIP: alice sends INVITE with an SDP offer carrying her SRTP key (a=crypto, RFC 4568)");
        var invite = BuildInvite(aliceEp, bobEp, call);
        await alice.SendToAsync(invite, bobEp, ct).ConfigureAwait(false);
        using (var received = await ReceiveSipAsync(bob, ct).ConfigureAwait(false))
        {
            if (received is not SipRequest { Method: "INVITE" } request) return "bob did not receive a valid INVITE";
            _out.WriteLine($"      bob received INVITE {request.RequestUri} (Call-ID {request.CallId}, branch {request.TopViaBranch})");
            if (!TryReadCryptoKey(request.Body.Span, out call.AliceKeyAtBob)) return "INVITE carries no a=crypto key";

            Step("SIP: bob answers 180 Ringing, then 200 OK with his own SRTP key in the SDP answer");
            var ringing = SipResponseBuilder.For(request, 180).WithToTag(call.BobTag).ToArray();
            await bob.SendToAsync(ringing, aliceEp, ct).ConfigureAwait(false);
            var answer = SipResponseBuilder.For(request, 200).WithToTag(call.BobTag)
                .AddContact($"sip:bob@{bobEp}")
                .SetBody(Encoding.ASCII.GetBytes(Sdp(bobEp, call.BobKeyParams)), "application/sdp")
                .ToArray();
            await bob.SendToAsync(answer, aliceEp, ct).ConfigureAwait(false);
        }

        for (var expected = 180; expected <= 200; expected += 20)
        {
            using var response = await ReceiveSipAsync(alice, ct).ConfigureAwait(false);
            if (response is not SipResponse r || r.StatusCode != expected) return $"alice expected {expected}";
            if (!r.TopViaBranchBytes.SequenceEqual(Encoding.ASCII.GetBytes(call.InviteBranch))) return "response branch does not match the INVITE";
            _out.WriteLine($"      alice received {r.StatusCode} {r.ReasonPhrase} (To tag {r.ToTag})");
            if (expected == 200 && !TryReadCryptoKey(r.Body.Span, out call.BobKeyAtAlice)) return "200 OK carries no a=crypto key";
        }

        Step("SIP: alice acknowledges the 200 OK (ACK, RFC 3261 §13.2.2.4)");
        await alice.SendToAsync(BuildInDialog("ACK", 1, aliceEp, bobEp, call), bobEp, ct).ConfigureAwait(false);
        using (var ack = await ReceiveSipAsync(bob, ct).ConfigureAwait(false))
        {
            if (ack is not SipRequest { Method: "ACK" }) return "bob did not receive the ACK";
        }

        Step($"SRTP: alice sends {Packets} packets of a {ToneHz} Hz G.711 tone, protected with AES_CM_128_HMAC_SHA1_80");
        var stats = await SendToneAsync(alice, bob, bobEp, call, ct).ConfigureAwait(false);
        _out.WriteLine($"      bob: {stats.Authenticated} authenticated, {stats.Lost} lost, {stats.Rejected} rejected, tone ≈ {stats.FrequencyHz:F0} Hz");
        if (stats.Authenticated != Packets || stats.Lost != 0) return "media did not arrive intact";
        if (Math.Abs(stats.FrequencyHz - ToneHz) > 10) return $"tone measured at {stats.FrequencyHz:F0} Hz, expected {ToneHz} Hz";

        Step("SRTP: an attacker replays packet 10 and forges a new packet by flipping one bit; bob rejects both");
        if (stats.ReplayVerdict != SrtpStatus.Replayed) return $"replayed packet gave {stats.ReplayVerdict}";
        if (stats.TamperVerdict != SrtpStatus.AuthenticationFailed) return $"tampered packet gave {stats.TamperVerdict}";
        _out.WriteLine($"      replay: {stats.ReplayVerdict}; tampered: {stats.TamperVerdict}");

        Step("SIP: alice hangs up (BYE), bob answers 200 OK");
        await alice.SendToAsync(BuildInDialog("BYE", 2, aliceEp, bobEp, call), bobEp, ct).ConfigureAwait(false);
        using (var bye = await ReceiveSipAsync(bob, ct).ConfigureAwait(false))
        {
            if (bye is not SipRequest { Method: "BYE" } byeRequest) return "bob did not receive the BYE";
            await bob.SendToAsync(SipResponseBuilder.For(byeRequest, 200).ToArray(), aliceEp, ct).ConfigureAwait(false);
        }

        using (var ok = await ReceiveSipAsync(alice, ct).ConfigureAwait(false))
        {
            if (ok is not SipResponse { StatusCode: 200 } okResponse || okResponse.CSeq.Method != "BYE") return "alice did not receive 200 OK for BYE";
            _out.WriteLine("      call ended");
        }

        return null;
    }

    private void Step(string text)
    {
        _step++;
        _out.WriteLine($"[{_step}] {text}");
    }

    private sealed class CallState
    {
        public string CallId { get; } = $"{Hex(12)}@127.0.0.1";
        public string AliceTag { get; } = Hex(8);
        public string BobTag { get; } = Hex(8);
        public string InviteBranch { get; } = "z9hG4bK" + Hex(10);
        public string AliceKeyParams { get; } = NewKeyParams();
        public string BobKeyParams { get; } = NewKeyParams();

        // What each side learned from the other's SDP: the only way keys cross between them.
        public string? AliceKeyAtBob;
        public string? BobKeyAtAlice;

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

    private static string Hex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));
}
