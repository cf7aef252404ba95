using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using UcStack.Srtp;

namespace UcStack.Reliability.Tests.Srtp;

/// <summary>
/// A receiver under a flood of captured, replayed SRTP packets: every replay is refused by the RFC 3711 §3.3.2
/// window before it costs a decryption, the live stream is accepted packet for packet, and the receive path does not
/// allocate per packet.
/// </summary>
[TestFixture]
public sealed class SrtpReplayFloodTests
{
    private const int PayloadLength = 160;
    private const uint Ssrc = 0x1234_5678;

    private static SrtpPolicy Policy(byte[] key, byte[] salt)
        => new(SrtpSuite.AesCm128HmacSha1Tag80, new SrtpMasterKey(key, salt));

    /// <summary>The protected RTP packets of one stream, sequence numbers 1…<paramref name="count"/>.</summary>
    private static List<byte[]> ProtectedStream(SrtpContext sender, int count, int firstSequence = 1)
    {
        var packets = new List<byte[]>(count);
        var buffer = new byte[12 + PayloadLength + sender.RtpTrailerLength];
        for (var i = 0; i < count; i++)
        {
            buffer.AsSpan().Clear();
            buffer[0] = 0x80;
            buffer[1] = 0;
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), (ushort)(firstSequence + i));
            BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), (uint)((firstSequence + i) * 160));
            BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8), Ssrc);
            buffer.AsSpan(12, PayloadLength).Fill((byte)i);
            Assert.That(sender.ProtectRtp(buffer, 12 + PayloadLength, out var length), Is.EqualTo(SrtpStatus.Ok));
            packets.Add(buffer[..length]);
        }

        return packets;
    }

    [Test]
    public void ReplayFlood_Interleaved_WithTheLiveStream_AcceptsEveryLivePacket_RefusesEveryReplay_WithoutAllocating()
    {
        var key = RandomNumberGenerator.GetBytes(16);
        var salt = RandomNumberGenerator.GetBytes(14);
        using var policy = Policy(key, salt);
        using var sender = new SrtpContext(policy);
        using var receiver = new SrtpContext(policy);
        var captured = ProtectedStream(sender, 200);
        var live = ProtectedStream(sender, 2000, firstSequence: 201);
        const int ReplaysPerLivePacket = 50;
        var scratch = new byte[2048];

        // The captured packets were received once, legitimately.
        foreach (var packet in captured) Assert.That(Unprotect(receiver, packet, scratch), Is.EqualTo(SrtpStatus.Ok));

        var statuses = new int[Enum.GetValues<SrtpStatus>().Length];
        var accepted = 0;
        var watch = Stopwatch.StartNew();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < live.Count; i++)
        {
            for (var r = 0; r < ReplaysPerLivePacket; r++)
            {
                // Old captures (outside the window) and recent ones (inside it, already seen).
                var replay = r % 2 == 0 || i == 0 ? captured[(i + r) % captured.Count] : live[Math.Max(0, i - 1 - (r % 100))];
                statuses[(int)Unprotect(receiver, replay, scratch)]++;
            }

            if (Unprotect(receiver, live[i], scratch) == SrtpStatus.Ok) accepted++;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var elapsed = watch.Elapsed;
        var total = live.Count * (ReplaysPerLivePacket + 1);
        TestContext.Out.WriteLine($"{total} packets in {elapsed.TotalMilliseconds:F0} ms ({total / elapsed.TotalSeconds:F0}/s); replayed {statuses[(int)SrtpStatus.Replayed]}, too old {statuses[(int)SrtpStatus.TooOld]}; {allocated} bytes allocated");

        Assert.That(accepted, Is.EqualTo(live.Count), "every live packet is accepted");
        Assert.That(statuses[(int)SrtpStatus.Ok], Is.Zero, "no replay is accepted");
        Assert.That(statuses[(int)SrtpStatus.Replayed] + statuses[(int)SrtpStatus.TooOld], Is.EqualTo(live.Count * ReplaysPerLivePacket));
        Assert.That(statuses[(int)SrtpStatus.TooOld], Is.Positive);
        Assert.That(statuses[(int)SrtpStatus.Replayed], Is.Positive);
        Assert.That(allocated, Is.Zero, "no allocation per packet");
        Assert.That(receiver.SsrcCount, Is.EqualTo(1));
    }

    [Test]
    public async Task ReceiverLoop_OnASocket_UnderAReplayFlood_DeliversTheLiveStream()
    {
        var key = RandomNumberGenerator.GetBytes(16);
        var salt = RandomNumberGenerator.GetBytes(14);
        using var policy = Policy(key, salt);
        using var sender = new SrtpContext(policy);
        using var receiver = new SrtpContext(policy);
        var packets = ProtectedStream(sender, 300);
        const int Live = 300, ReplaysPerLivePacket = 20;

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 4 * 1024 * 1024 };
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var liveSource = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        using var attacker = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var target = (IPEndPoint)socket.LocalEndPoint!;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var accepted = 0;
        var refused = 0;
        var loop = Task.Run(async () =>
        {
            var buffer = new byte[2048];
            while (accepted < Live)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
                if (receiver.UnprotectRtp(buffer.AsSpan(0, n), out _) == SrtpStatus.Ok) accepted++;
                else refused++;
            }
        }, CancellationToken.None);

        // Each live packet is followed by replays of what the attacker captured so far.
        for (var i = 0; i < Live; i++)
        {
            await liveSource.SendToAsync(packets[i], SocketFlags.None, target, cts.Token);
            for (var r = 0; r < ReplaysPerLivePacket; r++) await attacker.SendToAsync(packets[(i * 7 + r) % (i + 1)], SocketFlags.None, target, cts.Token);
        }

        await loop.WaitAsync(cts.Token);
        TestContext.Out.WriteLine($"accepted {accepted} live packets, refused {refused} replays");
        Assert.That(accepted, Is.EqualTo(Live));
        Assert.That(refused, Is.Positive);
    }

    private static SrtpStatus Unprotect(SrtpContext receiver, byte[] packet, byte[] scratch)
    {
        // UnprotectRtp works in place: the captured bytes are copied first, as a receive buffer would hold them.
        packet.CopyTo(scratch, 0);
        return receiver.UnprotectRtp(scratch.AsSpan(0, packet.Length), out _);
    }
}
