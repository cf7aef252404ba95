namespace UcStack.Sdp;

/// <summary>Attribute names this library knows, as constants, and interning of common wire strings while parsing.</summary>
public static class SdpNames
{
    /// <summary><c>a=rtpmap</c> (RFC 8866 §6.6).</summary>
    public const string RtpMap = "rtpmap";

    /// <summary><c>a=fmtp</c> (RFC 8866 §6.15).</summary>
    public const string Fmtp = "fmtp";

    /// <summary><c>a=ptime</c> (RFC 8866 §6.4).</summary>
    public const string PTime = "ptime";

    /// <summary><c>a=maxptime</c> (RFC 8866 §6.5).</summary>
    public const string MaxPTime = "maxptime";

    /// <summary><c>a=sendrecv</c> (RFC 8866 §6.7.1).</summary>
    public const string SendRecv = "sendrecv";

    /// <summary><c>a=sendonly</c> (RFC 8866 §6.7.3).</summary>
    public const string SendOnly = "sendonly";

    /// <summary><c>a=recvonly</c> (RFC 8866 §6.7.2).</summary>
    public const string RecvOnly = "recvonly";

    /// <summary><c>a=inactive</c> (RFC 8866 §6.7.4).</summary>
    public const string Inactive = "inactive";

    /// <summary><c>a=rtcp</c> (RFC 3605).</summary>
    public const string Rtcp = "rtcp";

    /// <summary><c>a=rtcp-mux</c> (RFC 5761).</summary>
    public const string RtcpMux = "rtcp-mux";

    /// <summary><c>a=mid</c> (RFC 5888).</summary>
    public const string Mid = "mid";

    /// <summary><c>a=group</c> (RFC 5888; BUNDLE semantics RFC 9143).</summary>
    public const string Group = "group";

    /// <summary><c>a=ssrc</c> (RFC 5576).</summary>
    public const string Ssrc = "ssrc";

    /// <summary><c>a=crypto</c> (RFC 4568).</summary>
    public const string Crypto = "crypto";

    /// <summary><c>a=cryptoscale</c> ([MS-SDPEXT] §3.1.5.2).</summary>
    public const string CryptoScale = "cryptoscale";

    /// <summary><c>a=candidate</c> (RFC 8839 §5.1).</summary>
    public const string Candidate = "candidate";

    /// <summary><c>a=x-candidate-ipv6</c> ([MS-SDPEXT]: IPv6 candidates hidden from IPv4-only parsers).</summary>
    public const string XCandidateIpv6 = "x-candidate-ipv6";

    /// <summary><c>a=ice-ufrag</c> (RFC 8839 §5.4).</summary>
    public const string IceUfrag = "ice-ufrag";

    /// <summary><c>a=ice-pwd</c> (RFC 8839 §5.4).</summary>
    public const string IcePwd = "ice-pwd";

    /// <summary><c>a=ice-options</c> (RFC 8839 §5.6).</summary>
    public const string IceOptions = "ice-options";

    /// <summary><c>a=ice-lite</c> (RFC 8839 §5.3).</summary>
    public const string IceLite = "ice-lite";

    /// <summary><c>a=remote-candidates</c> (RFC 8839 §5.2).</summary>
    public const string RemoteCandidates = "remote-candidates";

    /// <summary><c>a=remote-candidate</c> ([MS-ICE] ICE-6 form: the selected remote candidate's user fragment).</summary>
    public const string RemoteCandidate = "remote-candidate";

    /// <summary><c>a=end-of-candidates</c> (RFC 8840 §8.2).</summary>
    public const string EndOfCandidates = "end-of-candidates";

    private static readonly string[] Known =
    [
        RtpMap, Fmtp, PTime, MaxPTime, SendRecv, SendOnly, RecvOnly, Inactive, Rtcp, RtcpMux, Mid, Group, Ssrc,
        Crypto, CryptoScale, Candidate, XCandidateIpv6, IceUfrag, IcePwd, IceOptions, IceLite, RemoteCandidates,
        RemoteCandidate, EndOfCandidates, "rtcp-fb", "extmap", "setup", "fingerprint", "msid", "rtcp-rsize",
        "x-ssrc-range", "x-source", "label", "x-caps", "x-mediabw", "x-devicecaps", "x-candidate-info", "ssrc-group",
        "msid-semantic", "framerate", "encryption", "content", "tool",
        "-", "IN", "IP4", "IP6", "AS", "CT", "TIAS", "audio", "video", "application", "text", "message",
        "RTP/AVP", "RTP/SAVP", "RTP/AVPF", "RTP/SAVPF", "UDP/TLS/RTP/SAVPF", "UDP/TLS/RTP/SAVP", "UDP/DTLS/SCTP",
    ];

    // Known names grouped by length so a lookup compares against a handful of strings, not all of them.
    private static readonly string[][] KnownByLength = Enumerable.Range(0, Known.Max(static k => k.Length) + 1)
        .Select(static length => Known.Where(k => k.Length == length).ToArray())
        .ToArray();

    private static readonly string[] SmallNumbers = Enumerable.Range(0, 128).Select(static i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Returns a shared string for well-known bytes and a new one otherwise; the bytes must be ASCII.</summary>
    internal static string Intern(ReadOnlySpan<byte> ascii)
    {
        if (ascii.Length is > 0 and <= 3 && ascii.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0 && (ascii.Length == 1 || ascii[0] != '0'))
        {
            var number = 0;
            foreach (var digit in ascii)
            {
                number = (number * 10) + (digit - '0');
            }

            if (number < SmallNumbers.Length)
            {
                return SmallNumbers[number];
            }
        }

        if (ascii.Length < KnownByLength.Length)
        {
            foreach (var candidate in KnownByLength[ascii.Length])
            {
                if (candidate[0] == ascii[0] && EqualsAscii(ascii, candidate))
                {
                    return candidate;
                }
            }
        }

        return System.Text.Encoding.UTF8.GetString(ascii);
    }

    private static bool EqualsAscii(ReadOnlySpan<byte> bytes, string text)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != text[i])
            {
                return false;
            }
        }

        return true;
    }
}
