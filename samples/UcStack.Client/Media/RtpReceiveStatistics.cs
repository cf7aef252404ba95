using UcStack.Srtp.Rtcp;

namespace UcStack.Client.Media;

/// <summary>
/// What a receiver knows about one RTP source, kept as RFC 3550 Appendix A describes: the extended highest
/// sequence number with wrap-around and resynchronisation after a jump (A.1), expected and lost packet counts and
/// the fraction lost per report interval (A.3), and the interarrival jitter estimate (A.8).
/// </summary>
/// <remarks>Packets are fed only after SRTP authenticated them, so the probation of A.1 is not needed: a forged
/// packet never gets here. Not thread-safe: one receive loop owns it.</remarks>
internal sealed class RtpReceiveStatistics(uint clockRate)
{
    private const int MaxDropout = 3000;
    private const int MaxMisorder = 100;
    private const uint SequenceModulus = 1 << 16;

    private bool _started;
    private ushort _maxSeq;
    private uint _cycles;
    private uint _baseSeq;
    private uint _badSeq = SequenceModulus + 1;
    private long _received;
    private long _expectedPrior;
    private long _receivedPrior;
    private uint _lastTransit;
    private double _jitter;

    /// <summary>The RTP clock rate (8000 for G.711).</summary>
    public uint ClockRate { get; } = clockRate;

    /// <summary>Packets received (duplicates included, as in A.3).</summary>
    public long Received => _received;

    /// <summary>The extended highest sequence number: cycles in the high bits.</summary>
    public uint ExtendedHighestSequence => _cycles + _maxSeq;

    /// <summary>Packets expected from the first to the highest sequence number seen.</summary>
    public long Expected => _started ? (long)ExtendedHighestSequence - _baseSeq + 1 : 0;

    /// <summary>Packets lost: expected minus received (negative when duplicates outnumber losses).</summary>
    public long Lost => Expected - _received;

    /// <summary>The interarrival jitter in timestamp units (A.8).</summary>
    public double Jitter => _jitter;

    /// <summary>The jitter in milliseconds.</summary>
    public double JitterMilliseconds => _jitter * 1000 / ClockRate;

    /// <summary>Accounts for one packet.</summary>
    /// <param name="sequenceNumber">Its RTP sequence number.</param>
    /// <param name="rtpTimestamp">Its RTP timestamp.</param>
    /// <param name="arrival">When it arrived, in the same units as the RTP clock (any origin).</param>
    /// <returns>False when the packet was not counted: a large jump in sequence numbers, held back until the next
    /// packet confirms the source restarted (A.1).</returns>
    public bool Update(ushort sequenceNumber, uint rtpTimestamp, long arrival)
    {
        if (!_started)
        {
            Restart(sequenceNumber);
            _lastTransit = unchecked((uint)arrival - rtpTimestamp);
        }
        else
        {
            var delta = (ushort)(sequenceNumber - _maxSeq);
            if (delta < MaxDropout)
            {
                // In order, possibly with a gap: a smaller number than the highest means the 16 bits wrapped.
                if (sequenceNumber < _maxSeq) _cycles += SequenceModulus;
                _maxSeq = sequenceNumber;
            }
            else if (delta <= SequenceModulus - MaxMisorder)
            {
                // RFC 3550 A.1: a very large jump; believe it only when the next packet follows on from it.
                if (sequenceNumber != _badSeq)
                {
                    _badSeq = (uint)((sequenceNumber + 1) & (SequenceModulus - 1));
                    return false;
                }

                Restart(sequenceNumber);
            }

            // Otherwise a duplicate or a reordered packet: counted, the highest number unchanged.
        }

        _received++;
        UpdateJitter(rtpTimestamp, arrival);
        return true;
    }

    /// <summary>A report block for an SR or RR (RFC 3550 §6.4.1), with the fraction lost since the previous one.</summary>
    /// <param name="ssrc">The source reported on.</param>
    /// <param name="lastSenderReport">LSR: the middle 32 bits of the NTP timestamp of the last SR from it, or 0.</param>
    /// <param name="delaySinceLastSenderReport">DLSR in 1/65536 s, or 0.</param>
    public RtcpReportBlock CreateReportBlock(uint ssrc, uint lastSenderReport = 0, uint delaySinceLastSenderReport = 0)
    {
        // RFC 3550 A.3: the fraction is over the interval since the last report, in 1/256, and 0 when duplicates
        // made the interval's loss negative.
        var expectedInterval = Expected - _expectedPrior;
        var receivedInterval = _received - _receivedPrior;
        _expectedPrior = Expected;
        _receivedPrior = _received;
        var lostInterval = expectedInterval - receivedInterval;
        var fraction = expectedInterval == 0 || lostInterval <= 0 ? (byte)0 : (byte)Math.Min(255, (lostInterval << 8) / expectedInterval);
        var cumulative = (int)Math.Clamp(Lost, RtcpReportBlock.MinCumulativeLost, RtcpReportBlock.MaxCumulativeLost);
        return new RtcpReportBlock(ssrc, fraction, cumulative, ExtendedHighestSequence, (uint)_jitter, lastSenderReport, delaySinceLastSenderReport);
    }

    private void Restart(ushort sequenceNumber)
    {
        _started = true;
        _baseSeq = sequenceNumber;
        _maxSeq = sequenceNumber;
        _badSeq = SequenceModulus + 1;
        _cycles = 0;
        _received = 0;
        _expectedPrior = 0;
        _receivedPrior = 0;
    }

    private void UpdateJitter(uint rtpTimestamp, long arrival)
    {
        // RFC 3550 A.8: J += (|D(i-1,i)| - J) / 16, with D the change in relative transit time.
        // Both clocks wrap at 32 bits; the difference of two transits is small, so signed 32-bit arithmetic holds it.
        var transit = unchecked((uint)arrival - rtpTimestamp);
        var d = Math.Abs((double)unchecked((int)(transit - _lastTransit)));
        _lastTransit = transit;
        _jitter += (d - _jitter) / 16;
    }
}
