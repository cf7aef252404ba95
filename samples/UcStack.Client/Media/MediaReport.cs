namespace UcStack.Client.Media;

/// <summary>What one side of a call sent and measured.</summary>
/// <param name="Pair">The ICE pair the media used (local and remote candidate types and addresses).</param>
/// <param name="PacketsSent">RTP packets we sent.</param>
/// <param name="Received">RTP packets that authenticated.</param>
/// <param name="Lost">Packets lost (RFC 3550 A.3).</param>
/// <param name="Rejected">Datagrams SRTP or SRTCP refused (failed authentication or replays).</param>
/// <param name="JitterMilliseconds">Interarrival jitter (RFC 3550 A.8).</param>
/// <param name="ToneHz">The dominant frequency of what we heard (Goertzel).</param>
/// <param name="TonePurity">Its share of the signal's energy, 0..1.</param>
/// <param name="ReportsReceived">SRTCP compound packets that authenticated.</param>
/// <param name="PeerFractionLost">The loss the peer reported about our stream in its last report block, 0..1.</param>
/// <param name="PeerJitterMilliseconds">The jitter the peer reported about our stream.</param>
/// <param name="RoundTripMilliseconds">The round trip from LSR/DLSR (RFC 3550 §6.4.1), when the peer echoed one of our SRs.</param>
internal sealed record MediaReport(
    string Pair,
    int PacketsSent,
    long Received,
    long Lost,
    int Rejected,
    double JitterMilliseconds,
    double ToneHz,
    double TonePurity,
    int ReportsReceived,
    double? PeerFractionLost,
    double? PeerJitterMilliseconds,
    double? RoundTripMilliseconds)
{
    /// <summary>One line for people (and the demo, which reads the key=value fields).</summary>
    public override string ToString() =>
        FormattableString.Invariant(
            $"pair={Pair} sent={PacketsSent} received={Received} lost={Lost} rejected={Rejected} jitter={JitterMilliseconds:F2}ms tone={ToneHz:F0}Hz purity={TonePurity:F2} srtcp={ReportsReceived} peer-loss={Format(PeerFractionLost, "P0")} peer-jitter={Format(PeerJitterMilliseconds, "F2")}ms rtt={Format(RoundTripMilliseconds, "F1")}ms");

    private static string Format(double? value, string format) =>
        value is { } v ? v.ToString(format, System.Globalization.CultureInfo.InvariantCulture) : "n/a";
}
