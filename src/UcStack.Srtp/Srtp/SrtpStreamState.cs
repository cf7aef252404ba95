namespace UcStack.Srtp;

/// <summary>
/// Per-SSRC state of a context (RFC 3711 §3.2.1 / §3.2.3): the RTP replay window, whose highest index carries
/// ROC and s_l, and the SRTCP replay window (receiving) or next SRTCP index (sending).
/// Created only after a packet of the SSRC authenticated (receiving) or was protected (sending).
/// </summary>
internal sealed class SrtpStreamState
{
    private readonly int _windowSize;
    private SrtpReplayWindow? _rtp;
    private SrtpReplayWindow? _rtcp;

    internal SrtpStreamState(int windowSize)
    {
        _windowSize = windowSize;
    }

    /// <summary>RTP window; its highest index is ROC·2^16 + s_l. Null until the first RTP packet.</summary>
    internal SrtpReplayWindow? Rtp => _rtp;

    /// <summary>SRTCP window of a receiving context. Null until the first SRTCP packet.</summary>
    internal SrtpReplayWindow? Rtcp => _rtcp;

    /// <summary>The SRTCP index the next protected SRTCP packet gets (RFC 3711 §3.4: starts at 0).</summary>
    internal uint NextRtcpIndex { get; set; }

    internal SrtpReplayWindow RtpWindow() => _rtp ??= new SrtpReplayWindow(_windowSize);

    internal SrtpReplayWindow RtcpWindow() => _rtcp ??= new SrtpReplayWindow(_windowSize);

    internal void Reset()
    {
        _rtp?.Reset();
        _rtcp?.Reset();
        NextRtcpIndex = 0;
    }
}
