using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace UcStack.Sdp.Tests;

/// <summary>FsCheck generators of valid SDP models and of hostile byte strings.</summary>
internal static class SdpGenerators
{
    private const string TokenAlphabet = "abcXYZ019-.!#$%&'*+^_`{|}~";
    private const string TextAlphabet = "ab Z9:/=-;,.é会\u00A0\t~\"";

    public static Gen<string> Token(int max = 8) =>
        from length in Gen.Choose(1, max)
        from chars in Gen.Elements(TokenAlphabet.ToCharArray()).ArrayOf(length)
        select new string(chars);

    /// <summary>Non-empty, no spaces or controls (usernames, addresses).</summary>
    public static Gen<string> NonWhitespace(int max = 12) =>
        from length in Gen.Choose(1, max)
        from chars in Gen.Elements("abcZ09:.-_é[]@".ToCharArray()).ArrayOf(length)
        select new string(chars);

    /// <summary>Any line-safe text, possibly empty, with spaces and non-ASCII.</summary>
    public static Gen<string> Text(int max = 16) =>
        from length in Gen.Choose(0, max)
        from chars in Gen.Elements(TextAlphabet.ToCharArray()).ArrayOf(length)
        select new string(chars);

    /// <summary>Non-empty line-safe text that does not start with a space (e=, p=, r=, z=).</summary>
    public static Gen<string> NonEmptyLine(int max = 16) =>
        from first in Gen.Elements("aZ9é+".ToCharArray())
        from rest in Text(max)
        select first + rest;

    public static Gen<string> Digits(int max = 12) =>
        from first in Gen.Elements("123456789".ToCharArray())
        from length in Gen.Choose(0, max - 1)
        from rest in Gen.Elements("0123456789".ToCharArray()).ArrayOf(length)
        select first + new string(rest);

    public static Gen<ulong> UInt64() =>
        Gen.OneOf(Gen.Choose(0, 1000).Select(static i => (ulong)i), Gen.Choose(0, int.MaxValue).Two().Select(static t => ((ulong)(uint)t.Item1 << 32) | (uint)t.Item2));

    public static Gen<SdpOrigin> Origin() =>
        from username in NonWhitespace()
        from id in Digits(20)
        from version in UInt64()
        from address in NonWhitespace()
        from addressType in Gen.Elements("IP4", "IP6", "X1")
        from netType in Gen.Elements("IN", "ATM")
        select new SdpOrigin(username, id, version, address, addressType, netType);

    public static Gen<SdpConnection> Connection() => Gen.OneOf(
        from address in NonWhitespace().Where(static a => !a.Contains('/', StringComparison.Ordinal))
        select new SdpConnection(address),
        from ttl in Gen.Choose(0, 255)
        from count in Gen.Choose(0, 5)
        select new SdpConnection("233.252.0.1", "IP4", "IN", ttl, count == 0 ? null : count),
        from count in Gen.Choose(0, 5)
        select new SdpConnection("ff0e::1", "IP6", "IN", null, count == 0 ? null : count));

    public static Gen<SdpBandwidth> Bandwidth() =>
        from type in Gen.Elements("AS", "CT", "TIAS", "X-YZ")
        from value in UInt64()
        select new SdpBandwidth(type, value);

    public static Gen<SdpAttribute> Attribute() => Gen.OneOf(
        Token(12).Select(static name => new SdpAttribute(name)),
        from name in Token(12)
        from value in Text(24)
        select new SdpAttribute(name, value),
        from value in Gen.Elements("0 PCMU/8000", "96 opus/48000/2", "1 1 UDP 2130706431 192.0.2.1 5000 typ host", "0")
        from name in Gen.Elements("rtpmap", "candidate", "mid")
        select new SdpAttribute(name, value));

    public static Gen<SdpTime> Time() =>
        from start in UInt64()
        from stop in UInt64()
        from repeats in NonEmptyLine().ListOf().Select(static l => l.Take(2).ToArray())
        from hasZone in Gen.Elements(false, true)
        from zone in NonEmptyLine()
        select MakeTime(start, stop, repeats, hasZone ? zone : null);

    public static Gen<SdpMedia> Media() =>
        from type in Token()
        from port in Gen.Choose(0, 65535)
        from portCount in Gen.Choose(0, 3)
        from protoParts in Token(5).ArrayOf(1).Select(static a => a).Zip(Token(5)).Select(static t => new[] { t.Item1[0], t.Item2 })
        from formatCount in Gen.Choose(1, 5)
        from formats in Token(4).ArrayOf(formatCount)
        from information in Gen.OneOf(Gen.Constant<string?>(null), Text().Select(static t => (string?)t))
        from connections in Connection().ListOf().Select(static l => l.Take(2).ToArray())
        from bandwidths in Bandwidth().ListOf().Select(static l => l.Take(2).ToArray())
        from key in Gen.OneOf(Gen.Constant<string?>(null), Text().Select(static t => (string?)t))
        from attributes in Attribute().ListOf().Select(static l => l.Take(6).ToArray())
        select MakeMedia(type, port, portCount, string.Join('/', protoParts), formats, information, connections, bandwidths, key, attributes);

    public static Gen<SdpSession> Session() =>
        from origin in Origin()
        from name in Text()
        from information in Gen.OneOf(Gen.Constant<string?>(null), Text().Select(static t => (string?)t))
        from uri in Gen.OneOf(Gen.Constant<string?>(null), NonEmptyLine().Select(static t => (string?)t))
        from emails in NonEmptyLine().ListOf().Select(static l => l.Take(2).ToArray())
        from phones in NonEmptyLine().ListOf().Select(static l => l.Take(2).ToArray())
        from connection in Gen.OneOf(Gen.Constant<SdpConnection?>(null), Connection().Select(static c => (SdpConnection?)c))
        from bandwidths in Bandwidth().ListOf().Select(static l => l.Take(2).ToArray())
        from timeCount in Gen.Choose(1, 3)
        from times in Time().ArrayOf(timeCount)
        from key in Gen.OneOf(Gen.Constant<string?>(null), Text().Select(static t => (string?)t))
        from attributes in Attribute().ListOf().Select(static l => l.Take(6).ToArray())
        from media in Media().ListOf().Select(static l => l.Take(4).ToArray())
        select MakeSession(origin, name, information, uri, emails, phones, connection, bandwidths, times, key, attributes, media);

    public static Gen<byte> AnyByte => Gen.Choose(0, 255).Select(static b => (byte)b);

    /// <summary>Bytes that look like SDP lines often enough to get past the first checks.</summary>
    public static Gen<byte[]> SdpLikeBytes() =>
        from lines in Gen.OneOf(
                Gen.Elements("v=0", "o=- 1 1 IN IP4 a", "s=-", "t=0 0", "c=IN IP4 1.2.3.4/1/2", "m=audio 0 RTP/AVP 0", "a=x", "b=AS:1", "r=1", "z=1", "k=a", "i=", "e=x", "m=video 1/2 a/b c"),
                Text(10).Select(static t => "a=" + t))
            .ArrayOf()
        from ending in Gen.Elements("\r\n", "\n", "\r", " \r\n")
        select Encoding.UTF8.GetBytes(string.Join(ending, lines));

    public static Gen<byte[]> Mutations(byte[] seed) =>
        from count in Gen.Choose(1, 6)
        from edits in (from kind in Gen.Choose(0, 2) from position in Gen.Choose(0, seed.Length) from value in AnyByte select (kind, position, value)).ArrayOf(count)
        select Mutate(seed, edits);

    private static byte[] Mutate(byte[] seed, (int Kind, int Position, byte Value)[] edits)
    {
        var bytes = new List<byte>(seed);
        foreach (var (kind, position, value) in edits)
        {
            var at = Math.Min(position, bytes.Count);
            switch (kind)
            {
                case 0 when at < bytes.Count:
                    bytes[at] = value;
                    break;
                case 1:
                    bytes.Insert(at, value);
                    break;
                default:
                    if (at < bytes.Count)
                    {
                        bytes.RemoveAt(at);
                    }

                    break;
            }
        }

        return bytes.ToArray();
    }

    private static SdpTime MakeTime(ulong start, ulong stop, string[] repeats, string? zone)
    {
        var time = new SdpTime(start, stop) { ZoneAdjustments = zone };
        foreach (var repeat in repeats)
        {
            time.Repeats.Add(repeat);
        }

        return time;
    }

    private static SdpMedia MakeMedia(string type, int port, int portCount, string protocol, string[] formats, string? information, SdpConnection[] connections, SdpBandwidth[] bandwidths, string? key, SdpAttribute[] attributes)
    {
        var media = new SdpMedia(type, port, protocol, formats) { Information = information, Key = key, PortCount = portCount == 0 ? null : portCount };
        foreach (var c in connections)
        {
            media.Connections.Add(c);
        }

        foreach (var b in bandwidths)
        {
            media.Bandwidths.Add(b);
        }

        foreach (var a in attributes)
        {
            media.Attributes.Add(a);
        }

        return media;
    }

    private static SdpSession MakeSession(SdpOrigin origin, string name, string? information, string? uri, string[] emails, string[] phones, SdpConnection? connection, SdpBandwidth[] bandwidths, SdpTime[] times, string? key, SdpAttribute[] attributes, SdpMedia[] media)
    {
        var session = new SdpSession(origin, name) { Information = information, Uri = uri, Connection = connection, Key = key };
        session.Times.Clear();
        foreach (var t in times)
        {
            session.Times.Add(t);
        }

        foreach (var e in emails)
        {
            session.Emails.Add(e);
        }

        foreach (var p in phones)
        {
            session.Phones.Add(p);
        }

        foreach (var b in bandwidths)
        {
            session.Bandwidths.Add(b);
        }

        foreach (var a in attributes)
        {
            session.Attributes.Add(a);
        }

        foreach (var m in media)
        {
            session.Media.Add(m);
        }

        return session;
    }

    /// <summary>A structural description of a session that does not go through the writer.</summary>
    public static string Dump(SdpSession session)
    {
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"O[{session.Origin.Username}|{session.Origin.SessionId}|{session.Origin.SessionVersion}|{session.Origin.NetType}|{session.Origin.AddressType}|{session.Origin.Address}]");
        b.Append(CultureInfo.InvariantCulture, $"S[{session.SessionName}]I[{session.Information ?? "<null>"}]U[{session.Uri ?? "<null>"}]");
        b.Append(CultureInfo.InvariantCulture, $"E[{string.Join("|", session.Emails)}]P[{string.Join("|", session.Phones)}]");
        b.Append(CultureInfo.InvariantCulture, $"C[{DumpConnection(session.Connection)}]B[{string.Join("|", session.Bandwidths)}]");
        foreach (var t in session.Times)
        {
            b.Append(CultureInfo.InvariantCulture, $"T[{t.Start}|{t.Stop}|{string.Join("/", t.Repeats)}|{t.ZoneAdjustments ?? "<null>"}]");
        }

        b.Append(CultureInfo.InvariantCulture, $"K[{session.Key ?? "<null>"}]");
        DumpAttributes(b, session.Attributes);
        foreach (var m in session.Media)
        {
            b.Append(CultureInfo.InvariantCulture, $"M[{m.MediaType}|{m.Port}|{m.PortCount}|{m.Protocol}|{string.Join(",", m.Formats)}|{m.Information ?? "<null>"}|{m.Key ?? "<null>"}]");
            foreach (var c in m.Connections)
            {
                b.Append(CultureInfo.InvariantCulture, $"C[{DumpConnection(c)}]");
            }

            b.Append(CultureInfo.InvariantCulture, $"B[{string.Join("|", m.Bandwidths)}]");
            DumpAttributes(b, m.Attributes);
        }

        return b.ToString();
    }

    private static string DumpConnection(SdpConnection? c) =>
        c is null ? "<null>" : $"{c.NetType}|{c.AddressType}|{c.Address}|{c.Ttl}|{c.AddressCount}";

    private static void DumpAttributes(StringBuilder b, SdpAttributeList attributes)
    {
        foreach (var a in attributes)
        {
            b.Append("A[").Append(a.Name).Append(a.HasValue ? "=" + a.Value : "!").Append(']');
        }
    }
}
