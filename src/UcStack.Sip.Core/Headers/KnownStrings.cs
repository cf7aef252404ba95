using System.Text;

namespace UcStack.Sip;

/// <summary>
/// Returns one shared instance for the names and values that appear in almost every message (parameter
/// names, transports, common methods), so parsing them allocates nothing; anything else is decoded as ASCII.
/// </summary>
internal static class KnownStrings
{
    internal static string Get(ReadOnlySpan<byte> s)
    {
        switch (s.Length)
        {
            case 1:
                if (s[0] == (byte)'q') return "q";
                break;
            case 2:
                if (s.SequenceEqual("lr"u8)) return "lr";
                break;
            case 3:
                if (s.SequenceEqual("tag"u8)) return "tag";
                if (s.SequenceEqual("ttl"u8)) return "ttl";
                if (s.SequenceEqual("UDP"u8)) return "UDP";
                if (s.SequenceEqual("TCP"u8)) return "TCP";
                if (s.SequenceEqual("TLS"u8)) return "TLS";
                if (s.SequenceEqual("udp"u8)) return "udp";
                if (s.SequenceEqual("tcp"u8)) return "tcp";
                if (s.SequenceEqual("tls"u8)) return "tls";
                if (s.SequenceEqual("SIP"u8)) return "SIP";
                if (s.SequenceEqual("2.0"u8)) return "2.0";
                if (s.SequenceEqual("ACK"u8)) return "ACK";
                if (s.SequenceEqual("BYE"u8)) return "BYE";
                break;
            case 4:
                if (s.SequenceEqual("user"u8)) return "user";
                if (s.SequenceEqual("SCTP"u8)) return "SCTP";
                break;
            case 5:
                if (s.SequenceEqual("maddr"u8)) return "maddr";
                if (s.SequenceEqual("rport"u8)) return "rport";
                if (s.SequenceEqual("phone"u8)) return "phone";
                break;
            case 6:
                if (s.SequenceEqual("branch"u8)) return "branch";
                if (s.SequenceEqual("method"u8)) return "method";
                if (s.SequenceEqual("INVITE"u8)) return "INVITE";
                break;
            case 7:
                if (s.SequenceEqual("expires"u8)) return "expires";
                if (s.SequenceEqual("OPTIONS"u8)) return "OPTIONS";
                break;
            case 8:
                if (s.SequenceEqual("received"u8)) return "received";
                if (s.SequenceEqual("REGISTER"u8)) return "REGISTER";
                break;
            case 9:
                if (s.SequenceEqual("transport"u8)) return "transport";
                break;
        }

        return Encoding.ASCII.GetString(s);
    }
}
