using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using UcStack.Client.Media;
using UcStack.Srtp;
using UcStack.Srtp.Rtp;
using UcStack.Stun;

namespace UcStack.Tool.Demo;

internal sealed partial class LoopbackDemo
{
    private const string Suite = "AES_CM_128_HMAC_SHA1_80";

    private static async Task<IPEndPoint?> StunBindingAsync(Socket client, Socket server, IPEndPoint serverEp, CancellationToken ct)
    {
        var buffer = new byte[548];
        var transactionId = new byte[12];
        StunMessageWriter.GenerateTransactionId(transactionId);
        var length = WriteBindingRequest(buffer, transactionId);
        await client.SendToAsync(buffer.AsMemory(0, length), serverEp, ct).ConfigureAwait(false);

        // Server side: parse, check the FINGERPRINT, answer with XOR-MAPPED-ADDRESS of the source.
        var (received, from) = await ReceiveAsync(server, buffer, ct).ConfigureAwait(false);
        var responseLength = AnswerBinding(buffer.AsSpan(0, received), (IPEndPoint)from, new byte[548], out var response);
        if (responseLength < 0) return null;
        await server.SendToAsync(response.AsMemory(0, responseLength), from, ct).ConfigureAwait(false);

        // Client side: the response must match our transaction and carry the mapped address.
        var (got, _) = await ReceiveAsync(client, buffer, ct).ConfigureAwait(false);
        return ReadMappedAddress(buffer.AsSpan(0, got), transactionId);
    }

    private static int WriteBindingRequest(Span<byte> buffer, ReadOnlySpan<byte> transactionId)
    {
        var writer = new StunMessageWriter(buffer, new StunMessageType(StunMessageClass.Request, StunMethod.Binding), transactionId);
        writer.AddSoftware("ucstack demo");
        writer.AddFingerprint();
        return writer.Complete();
    }

    private static int AnswerBinding(ReadOnlySpan<byte> request, IPEndPoint source, byte[] output, out byte[] response)
    {
        response = output;
        if (!StunMessageReader.TryParse(request, out var reader, out _) || reader.VerifyFingerprint() != StunVerification.Ok)
        {
            return -1;
        }

        var writer = new StunMessageWriter(output, new StunMessageType(StunMessageClass.SuccessResponse, StunMethod.Binding), reader.TransactionId);
        writer.AddXorMappedAddress(StunEndPoint.FromIPEndPoint(source));
        writer.AddFingerprint();
        return writer.Complete();
    }

    private static IPEndPoint? ReadMappedAddress(ReadOnlySpan<byte> response, ReadOnlySpan<byte> transactionId)
    {
        if (!StunMessageReader.TryParse(response, out var reader, out _)) return null;
        if (!reader.TransactionId.SequenceEqual(transactionId) || reader.VerifyFingerprint() != StunVerification.Ok) return null;
        return reader.TryGetXorMappedAddress(out var mapped) ? mapped.ToIPEndPoint() : null;
    }

    private static string Sdp(IPEndPoint media, string keyParams) =>
        "v=0\r\n" +
        $"o=- 1 1 IN IP4 {media.Address}\r\n" +
        "s=-\r\n" +
        $"c=IN IP4 {media.Address}\r\n" +
        "t=0 0\r\n" +
        $"m=audio {media.Port} RTP/SAVP 0\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n" +
        $"a=crypto:1 {Suite} {keyParams}\r\n" +
        "a=sendrecv\r\n";

    /// <summary>Finds the key-params of our suite in an SDP body (UcStack.Sdp parses SDP fully; the demo needs
    /// one line).</summary>
    private static bool TryReadCryptoKey(ReadOnlySpan<byte> body, out string? keyParams)
    {
        keyParams = null;
        foreach (var line in Encoding.ASCII.GetString(body).Split("\r\n"))
        {
            var prefix = $"a=crypto:1 {Suite} ";
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                keyParams = line[prefix.Length..];
                return true;
            }
        }

        return false;
    }

    private static async Task<(int Length, EndPoint From)> ReceiveAsync(Socket socket, byte[] buffer, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(StepTimeout);
        var result = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), timeout.Token).ConfigureAwait(false);
        return (result.ReceivedBytes, result.RemoteEndPoint);
    }

    private sealed record MediaStats(int Authenticated, int Lost, int Rejected, double FrequencyHz, SrtpStatus ReplayVerdict, SrtpStatus TamperVerdict);

    /// <summary>Sends the tone from <paramref name="from"/> to <paramref name="to"/> under the sender's key and
    /// receives it under the key the receiver learned from the SDP; then the attacker's replay and forgery.</summary>
    private static async Task<MediaStats> SendToneAsync(Socket from, Socket to, string sendKeyParams, string keyLearnedByReceiver, CancellationToken ct)
    {
        var suite = SrtpSuite.AesCm128HmacSha1Tag80;
        using var sendPolicy = SrtpPolicy.FromSdesInline(suite, sendKeyParams);
        using var receivePolicy = SrtpPolicy.FromSdesInline(suite, keyLearnedByReceiver);
        using var sender = new SrtpContext(sendPolicy);
        using var receiver = new SrtpContext(receivePolicy);
        var toEp = (IPEndPoint)to.LocalEndPoint!;

        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(RandomNumberGenerator.GetBytes(4));
        var sent = new List<byte[]>();
        var payload = new byte[SamplesPerPacket];
        var packet = new byte[1500];
        // One packet more than the call sends: the last one is only used for the forgery below.
        for (var i = 0; i <= Packets; i++)
        {
            for (var s = 0; s < SamplesPerPacket; s++)
            {
                var t = (i * SamplesPerPacket + s) / 8000.0;
                payload[s] = G711.EncodeMuLaw((short)(8000 * Math.Sin(2 * Math.PI * ToneHz * t)));
            }

            var header = new RtpHeader(Marker: i == 0, PayloadType: 0, SequenceNumber: (ushort)(65_520 + i), Timestamp: (uint)(i * SamplesPerPacket), Ssrc: ssrc);
            RtpPacketWriter.TryWrite(packet, header, default, payload, out var rtpLength);
            if (sender.ProtectRtp(packet, rtpLength, out var srtpLength) != SrtpStatus.Ok) break;
            sent.Add(packet.AsSpan(0, srtpLength).ToArray());
            if (i < Packets) await from.SendToAsync(packet.AsMemory(0, srtpLength), toEp, ct).ConfigureAwait(false);
        }

        // The attacker's two packets: an exact replay of packet 10, and a packet the receiver has not seen yet
        // with one payload bit flipped (a replay check alone would not catch that one).
        await from.SendToAsync(sent[10], toEp, ct).ConfigureAwait(false);
        var tampered = sent[Packets].ToArray();
        tampered[20] ^= 0x01;
        await from.SendToAsync(tampered, toEp, ct).ConfigureAwait(false);

        var authenticated = 0;
        var rejected = 0;
        var samples = new List<short>();
        int? lastSeq = null;
        var lost = 0;
        var verdicts = new List<SrtpStatus>();
        var buffer = new byte[1500];
        for (var i = 0; i < Packets + 2; i++)
        {
            var (length, _) = await ReceiveAsync(to, buffer, ct).ConfigureAwait(false);
            var status = receiver.UnprotectRtp(buffer.AsSpan(0, length), out var rtpLength);
            if (i >= Packets) verdicts.Add(status);
            if (status != SrtpStatus.Ok)
            {
                rejected++;
                continue;
            }

            authenticated++;
            if (!RtpPacket.TryParse(buffer.AsSpan(0, rtpLength), out var rtp, out _)) continue;
            if (lastSeq is int previous) lost += (ushort)(rtp.SequenceNumber - previous - 1);
            lastSeq = rtp.SequenceNumber;
            foreach (var b in rtp.Payload) samples.Add(G711.DecodeMuLaw(b));
        }

        return new MediaStats(authenticated, lost, rejected, ToneFrequency.Estimate(samples, 8000), verdicts[0], verdicts[1]);
    }
}
