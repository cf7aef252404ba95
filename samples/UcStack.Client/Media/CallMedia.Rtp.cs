using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using UcStack.Ice;
using UcStack.Srtp;
using UcStack.Srtp.Rtcp;
using UcStack.Srtp.Rtp;

namespace UcStack.Client.Media;

internal sealed partial class CallMedia
{
    private const int SampleRate = 8000;
    private const int SamplesPerPacket = 160;          // 20 ms of PCMU (RFC 3551 §4.5.14)
    private const int PacketsPerReport = 50;           // one SRTCP report a second (well under RFC 3550 §6.2's 5 %)
    private static readonly TimeSpan PacketInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan Linger = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Sends <paramref name="duration"/> of a <paramref name="toneHz"/> tone as SRTP over the selected pair while
    /// receiving the peer's stream, with an SRTCP SR (and SDES CNAME) every second and SR + BYE at the end; returns
    /// once the peer's BYE arrived (or a few seconds after we finished). Call after <see cref="ConnectAsync"/>.
    /// </summary>
    public async Task<MediaReport> ExchangeToneAsync(double toneHz, TimeSpan duration, TimeProvider time, CancellationToken cancellationToken)
    {
        using var sendPolicy = CreatePolicy(_stream?.LocalCrypto, "local");
        using var receivePolicy = CreatePolicy(_stream?.RemoteCrypto, "remote");
        using var sender = new SrtpContext(sendPolicy);
        using var receiver = new SrtpContext(receivePolicy);
        var path = _agent.GetDatagramPath(1);
        var pair = path.SelectedPair ?? throw new InvalidOperationException("no selected ICE pair");
        var state = new ExchangeState(BinaryPrimitives.ReadUInt32BigEndian(RandomNumberGenerator.GetBytes(4)), time);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var receiving = ReceiveAsync(path, receiver, state, stop.Token);
        var sent = await SendAsync(path, sender, state, new ToneGenerator(toneHz), (int)(duration / PacketInterval), cancellationToken).ConfigureAwait(false);
        // Wait for the peer's BYE, but not forever: its stream may have been cut.
        await Task.WhenAny(state.PeerSaidGoodbye, Task.Delay(Linger, time, cancellationToken)).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        await receiving.ConfigureAwait(false);

        var (frequency, purity) = GoertzelDetector.Dominant(state.Samples.ToArray(), SampleRate);
        var statistics = state.Statistics;
        return new MediaReport(
            $"{pair.Local.Type}:{pair.Local.EndPoint}->{pair.Remote.Type}:{pair.Remote.EndPoint}",
            sent,
            statistics.Received,
            statistics.Lost,
            state.Rejected,
            statistics.JitterMilliseconds,
            frequency,
            purity,
            state.ReportsReceived,
            state.PeerBlock is { } block ? block.FractionLost / 256.0 : null,
            state.PeerBlock is { } jitterBlock ? jitterBlock.Jitter * 1000.0 / SampleRate : null,
            state.RoundTrip?.TotalMilliseconds);
    }

    private static async Task<int> SendAsync(IceDatagramPath path, SrtpContext sender, ExchangeState state, ToneGenerator tone, int packets, CancellationToken cancellationToken)
    {
        var packet = new byte[1500];
        var frame = new byte[SamplesPerPacket];
        using var timer = new PeriodicTimer(PacketInterval, state.Time);
        var sent = 0;
        var sequence = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue); // RFC 3550 §5.1: random initial values
        var timestampBase = (uint)RandomNumberGenerator.GetInt32(int.MaxValue);
        for (var i = 0; i < packets && await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false); i++)
        {
            tone.NextFrame(frame);
            var header = new RtpHeader(Marker: i == 0, PayloadType: 0, SequenceNumber: (ushort)(sequence + i), Timestamp: timestampBase + (uint)(i * SamplesPerPacket), Ssrc: state.LocalSsrc);
            if (!RtpPacketWriter.TryWrite(packet, header, default, frame, out var length)) break;
            if (sender.ProtectRtp(packet, length, out var protectedLength) != SrtpStatus.Ok) break;
            if (path.TrySend(packet.AsSpan(0, protectedLength))) sent++;
            state.RecordSent(header.Timestamp, frame.Length);
            if ((i + 1) % PacketsPerReport == 0) SendReport(path, sender, state, goodbye: false);
        }

        SendReport(path, sender, state, goodbye: true);
        return sent;
    }

    /// <summary>An SRTCP compound packet: SR with a report block on the peer's stream, SDES CNAME (RFC 3550 §6.1
    /// requires both), and BYE when we are done.</summary>
    private static void SendReport(IceDatagramPath path, SrtpContext sender, ExchangeState state, bool goodbye)
    {
        Span<byte> buffer = stackalloc byte[512];
        var builder = new RtcpCompoundBuilder(buffer);
        Span<RtcpReportBlock> blocks = stackalloc RtcpReportBlock[1];
        var blockCount = state.TryCreateReportBlock(out blocks[0]) ? 1 : 0;
        var ok = builder.TryAddSenderReport(state.LocalSsrc, state.SenderInfo(), blocks[..blockCount])
            && builder.TryBeginSourceDescription()
            && builder.TryAddSdesChunk(state.LocalSsrc)
            && builder.TryAddSdesItem(RtcpSdesItemType.CanonicalName, state.CanonicalName)
            && (!goodbye || builder.TryAddGoodbye([state.LocalSsrc], "call done"u8))
            && builder.TryFinish(out _);
        if (!ok) return;
        var length = builder.Length;
        if (sender.ProtectRtcp(buffer, length, out var protectedLength) == SrtpStatus.Ok) path.TrySend(buffer[..protectedLength]);
    }

    private static async Task ReceiveAsync(IceDatagramPath path, SrtpContext receiver, ExchangeState state, CancellationToken cancellationToken)
    {
        var buffer = new byte[1500];
        while (!cancellationToken.IsCancellationRequested)
        {
            IceReceivedDatagram datagram;
            try
            {
                datagram = await path.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (datagram.Kind != IceDatagramKind.Rtp || datagram.Truncated || datagram.Length < 12) continue;
            var span = buffer.AsSpan(0, datagram.Length);
            // RFC 5761 §4: with rtcp-mux, payload types 64-95 (second byte 192-223) are RTCP.
            if (span[1] is >= 192 and <= 223) state.OnRtcp(receiver, span);
            else state.OnRtp(receiver, span);
        }
    }

    /// <summary>Counters and statistics of one exchange; the receive loop and the sender share it.</summary>
    private sealed class ExchangeState(uint localSsrc, TimeProvider time)
    {
        private const int MaxSamples = SampleRate * 30;
        private readonly Lock _gate = new();
        private readonly TaskCompletionSource _goodbye = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private uint _lastRtpTimestamp;
        private uint _packetCount;
        private uint _octetCount;
        private uint? _remoteSsrc;
        private uint _lastSrFromPeer;
        private long _lastSrArrival;

        public uint LocalSsrc { get; } = localSsrc;

        public TimeProvider Time { get; } = time;

        public byte[] CanonicalName { get; } = Encoding.ASCII.GetBytes("ucstack-client-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)));

        public RtpReceiveStatistics Statistics { get; } = new(SampleRate);

        public List<short> Samples { get; } = [];

        public int Rejected { get; private set; }

        public int ReportsReceived { get; private set; }

        public RtcpReportBlock? PeerBlock { get; private set; }

        public TimeSpan? RoundTrip { get; private set; }

        public Task PeerSaidGoodbye => _goodbye.Task;

        public void RecordSent(uint rtpTimestamp, int payloadBytes)
        {
            lock (_gate)
            {
                _lastRtpTimestamp = rtpTimestamp;
                _packetCount++;
                _octetCount += (uint)payloadBytes;
            }
        }

        public RtcpSenderInfo SenderInfo()
        {
            lock (_gate) return new RtcpSenderInfo(NtpNow(), _lastRtpTimestamp, _packetCount, _octetCount);
        }

        public bool TryCreateReportBlock(out RtcpReportBlock block)
        {
            lock (_gate)
            {
                block = default;
                if (_remoteSsrc is not { } ssrc) return false;
                // RFC 3550 §6.4.1: DLSR in 1/65536 s since the peer's last SR arrived.
                var delay = _lastSrFromPeer == 0 ? 0u : (uint)(Time.GetElapsedTime(_lastSrArrival).TotalSeconds * 65536);
                block = Statistics.CreateReportBlock(ssrc, _lastSrFromPeer, delay);
                return true;
            }
        }

        public void OnRtp(SrtpContext receiver, Span<byte> datagram)
        {
            if (receiver.UnprotectRtp(datagram, out var length) != SrtpStatus.Ok || !RtpPacket.TryParse(datagram[..length], out var rtp, out _))
            {
                lock (_gate) Rejected++;
                return;
            }

            var arrival = (long)(Time.GetTimestamp() * (double)SampleRate / Time.TimestampFrequency);
            lock (_gate)
            {
                _remoteSsrc ??= rtp.Ssrc;
                if (rtp.Ssrc != _remoteSsrc || !Statistics.Update(rtp.SequenceNumber, rtp.Timestamp, arrival)) return;
                if (rtp.PayloadType != 0) return;
                foreach (var code in rtp.Payload)
                {
                    if (Samples.Count < MaxSamples) Samples.Add(G711.DecodeMuLaw(code));
                }
            }
        }

        public void OnRtcp(SrtpContext receiver, Span<byte> datagram)
        {
            if (receiver.UnprotectRtcp(datagram, out var length) != SrtpStatus.Ok || !RtcpCompoundReader.TryCreate(datagram[..length], out var reader, out _))
            {
                lock (_gate) Rejected++;
                return;
            }

            lock (_gate)
            {
                ReportsReceived++;
                foreach (var packet in reader)
                {
                    if (packet.PacketType == RtcpPacketType.SenderReport && RtcpSenderReport.TryParse(packet, out var sr, out _))
                    {
                        _lastSrFromPeer = sr.SenderInfo.CompactNtpTimestamp;
                        _lastSrArrival = Time.GetTimestamp();
                        for (var i = 0; i < sr.ReportCount; i++) OnReportBlock(sr.GetReportBlock(i));
                    }
                    else if (packet.PacketType == RtcpPacketType.ReceiverReport && RtcpReceiverReport.TryParse(packet, out var rr, out _))
                    {
                        for (var i = 0; i < rr.ReportCount; i++) OnReportBlock(rr.GetReportBlock(i));
                    }
                    else if (packet.PacketType == RtcpPacketType.Goodbye)
                    {
                        _goodbye.TrySetResult();
                    }
                }
            }
        }

        private void OnReportBlock(RtcpReportBlock block)
        {
            if (block.Ssrc != LocalSsrc) return;
            PeerBlock = block;
            if (block.LastSenderReport == 0) return;
            // RFC 3550 §6.4.1: RTT = A - LSR - DLSR, all in 1/65536 s of the compact NTP format.
            var now = (uint)(NtpNow() >> 16);
            var rtt = unchecked(now - block.LastSenderReport - block.DelaySinceLastSenderReport);
            if (rtt < 65536 * 10) RoundTrip = TimeSpan.FromSeconds(rtt / 65536.0);
        }

        private ulong NtpNow()
        {
            // RFC 3550 §4: NTP format, seconds since 1900 in the high 32 bits, the fraction in the low 32.
            var now = Time.GetUtcNow() - new DateTimeOffset(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);
            var seconds = (ulong)now.Ticks / TimeSpan.TicksPerSecond;
            var fraction = (ulong)(now.Ticks % TimeSpan.TicksPerSecond) * (1UL << 32) / TimeSpan.TicksPerSecond;
            return (seconds << 32) | fraction;
        }
    }
}
