using System.Buffers.Text;
using System.Text;

namespace UcStack.Sdp;

/// <summary>The typed fields: o=, c=, b=, t=, m= and a=.</summary>
internal sealed partial class SdpParser
{
    // Column of byte i of a value: the value starts after "x=".
    private static int Column(int offsetInValue) => offsetInValue + 3;

    private bool ParseOrigin(ReadOnlySpan<byte> value)
    {
        // RFC 8866 §5.2: o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>
        var fields = new FieldReader(value);
        if (!fields.Next(out var username, out var at) || !IsNonWhitespace(username))
        {
            return Fail(SdpParseErrorCode.MalformedOrigin, Column(at), "missing or empty username");
        }

        if (!fields.Next(out var sessionId, out at) || sessionId.Length > 40 || !IsDigits(sessionId))
        {
            return Fail(SdpParseErrorCode.MalformedOrigin, Column(at), "sess-id must be 1 to 40 digits");
        }

        if (!fields.Next(out var version, out at) || !IsDigits(version) || !Utf8Parser.TryParse(version, out ulong sessionVersion, out var used) || used != version.Length)
        {
            return Fail(SdpParseErrorCode.MalformedOrigin, Column(at), "sess-version must be a number below 2^64");
        }

        if (!fields.Next(out var netType, out at) || !SdpText.IsToken(netType))
        {
            return Fail(SdpParseErrorCode.MalformedOrigin, Column(at), "nettype must be a token");
        }

        if (!fields.Next(out var addressType, out at) || !SdpText.IsToken(addressType))
        {
            return Fail(SdpParseErrorCode.MalformedOrigin, Column(at), "addrtype must be a token");
        }

        if (!fields.Next(out var address, out at) || !IsNonWhitespace(address))
        {
            return Fail(SdpParseErrorCode.MalformedOrigin, Column(at), "missing unicast-address");
        }

        if (!fields.AtEnd)
        {
            return Fail(SdpParseErrorCode.MalformedOrigin, Column(fields.Offset), "o= has more than six fields, or a stray space");
        }

        _origin = new SdpOrigin(
            Encoding.UTF8.GetString(username),
            Encoding.UTF8.GetString(sessionId),
            sessionVersion,
            Encoding.UTF8.GetString(address),
            SdpNames.Intern(addressType),
            SdpNames.Intern(netType));
        return true;
    }

    private bool ParseConnection(ReadOnlySpan<byte> value, out SdpConnection? connection)
    {
        // RFC 8866 §5.7: c=<nettype> <addrtype> <connection-address>, address [/ttl] [/number]
        connection = null;
        var fields = new FieldReader(value);
        if (!fields.Next(out var netType, out var at) || !SdpText.IsToken(netType))
        {
            return Fail(SdpParseErrorCode.MalformedConnection, Column(at), "nettype must be a token");
        }

        if (!fields.Next(out var addressType, out at) || !SdpText.IsToken(addressType))
        {
            return Fail(SdpParseErrorCode.MalformedConnection, Column(at), "addrtype must be a token");
        }

        if (!fields.Next(out var address, out at) || !IsNonWhitespace(address))
        {
            return Fail(SdpParseErrorCode.MalformedConnection, Column(at), "missing connection-address");
        }

        if (!fields.AtEnd)
        {
            return Fail(SdpParseErrorCode.MalformedConnection, Column(fields.Offset), "c= has more than three fields, or a stray space");
        }

        var isIp4 = addressType.SequenceEqual("IP4"u8);
        int? ttl = null;
        int? count = null;
        var slash = address.IndexOf((byte)'/');
        var host = slash < 0 ? address : address[..slash];
        if (host.IsEmpty)
        {
            return Fail(SdpParseErrorCode.MalformedConnection, Column(at), "empty address before '/'");
        }

        if (slash >= 0)
        {
            var suffix = address[(slash + 1)..];
            var second = suffix.IndexOf((byte)'/');
            var first = second < 0 ? suffix : suffix[..second];
            if (!TryParseCanonical(first, 1_000_000, out var firstNumber))
            {
                return Fail(SdpParseErrorCode.MalformedConnection, Column(at + slash + 1), "the '/' suffix must be a number without leading zeros");
            }

            if (isIp4)
            {
                // RFC 8866 §5.7: IP4 multicast is <base>/<ttl>[/<number of addresses>], ttl 0..255.
                if (firstNumber > 255)
                {
                    return Fail(SdpParseErrorCode.MalformedConnection, Column(at + slash + 1), "TTL must be 0..255");
                }

                ttl = firstNumber;
                if (second >= 0)
                {
                    if (!TryParseCanonical(suffix[(second + 1)..], 1_000_000, out var n) || n < 1)
                    {
                        return Fail(SdpParseErrorCode.MalformedConnection, Column(at + slash + second + 2), "number of addresses must be a positive number");
                    }

                    count = n;
                }
            }
            else
            {
                // IP6 (and other families): <base>[/<number of addresses>] only.
                if (second >= 0 || firstNumber < 1)
                {
                    return Fail(SdpParseErrorCode.MalformedConnection, Column(at + slash + 1), "only IP4 has a TTL; expected /<number of addresses>");
                }

                count = firstNumber;
            }
        }

        connection = new SdpConnection(Encoding.UTF8.GetString(host), SdpNames.Intern(addressType), SdpNames.Intern(netType), ttl, count);
        return true;
    }

    private bool ParseBandwidth(ReadOnlySpan<byte> value, IList<SdpBandwidth> target)
    {
        // RFC 8866 §5.8: b=<bwtype>:<bandwidth>
        var colon = value.IndexOf((byte)':');
        if (colon <= 0 || !SdpText.IsToken(value[..colon]))
        {
            return Fail(SdpParseErrorCode.MalformedBandwidth, 3, "expected <bwtype>:<bandwidth>");
        }

        var number = value[(colon + 1)..];
        if (!IsDigits(number) || !Utf8Parser.TryParse(number, out ulong amount, out var used) || used != number.Length)
        {
            return Fail(SdpParseErrorCode.MalformedBandwidth, Column(colon + 1), "bandwidth must be a number below 2^64");
        }

        ((ValidatedList<SdpBandwidth>)target).AddParsed(new SdpBandwidth(SdpNames.Intern(value[..colon]), amount));
        return true;
    }

    private bool ParseTime(ReadOnlySpan<byte> value, out SdpTime time)
    {
        // RFC 8866 §5.9: t=<start-time> <stop-time>, decimal NTP seconds.
        time = null!;
        var fields = new FieldReader(value);
        if (!fields.Next(out var start, out var at) || !TryParseUInt64(start, out var startTime))
        {
            return Fail(SdpParseErrorCode.MalformedTime, Column(at), "start-time must be a number");
        }

        if (!fields.Next(out var stop, out at) || !TryParseUInt64(stop, out var stopTime))
        {
            return Fail(SdpParseErrorCode.MalformedTime, Column(at), "stop-time must be a number");
        }

        if (!fields.AtEnd)
        {
            return Fail(SdpParseErrorCode.MalformedTime, Column(fields.Offset), "t= has more than two fields, or a stray space");
        }

        time = new SdpTime(startTime, stopTime);
        return true;
    }

    private bool StartMedia(ReadOnlySpan<byte> value)
    {
        FlushAttributes();
        var session = _session!;
        if (session.Media.Count >= _options.MaxMediaSections)
        {
            return Fail(SdpParseErrorCode.TooManyMediaSections, 1, $"more than {_options.MaxMediaSections} media sections");
        }

        // RFC 8866 §5.14: m=<media> <port>[/<number of ports>] <proto> <fmt> ...
        var fields = new FieldReader(value);
        if (!fields.Next(out var mediaType, out var at) || !SdpText.IsToken(mediaType))
        {
            return Fail(SdpParseErrorCode.MalformedMedia, Column(at), "media type must be a token");
        }

        if (!fields.Next(out var portField, out at))
        {
            return Fail(SdpParseErrorCode.MalformedMedia, Column(at), "missing port");
        }

        var slash = portField.IndexOf((byte)'/');
        var portText = slash < 0 ? portField : portField[..slash];
        // RFC 8866 §9: port = 1*DIGIT; leading zeros are accepted and written back without them.
        if (portText.Length > 10 || !TryParseUInt64(portText, out var portValue) || portValue > 65535)
        {
            return Fail(SdpParseErrorCode.MalformedMedia, Column(at), "port must be 0..65535");
        }

        int? portCount = null;
        if (slash >= 0)
        {
            if (!TryParseCanonical(portField[(slash + 1)..], 65536, out var count) || count < 1)
            {
                return Fail(SdpParseErrorCode.MalformedMedia, Column(at + slash + 1), "number of ports must be a positive number");
            }

            portCount = count;
        }

        if (!fields.Next(out var protocol, out at) || !IsProtocol(protocol))
        {
            return Fail(SdpParseErrorCode.MalformedMedia, Column(at), "proto must be token *(\"/\" token)");
        }

        var media = new SdpMedia(SdpNames.Intern(mediaType), (int)portValue, portCount, SdpNames.Intern(protocol));
        var formats = (ValidatedList<string>)media.Formats;
        while (fields.Next(out var format, out at))
        {
            if (!SdpText.IsToken(format))
            {
                return Fail(SdpParseErrorCode.MalformedMedia, Column(at), "a format must be a token");
            }

            formats.AddParsed(SdpNames.Intern(format));
        }

        if (!fields.AtEnd)
        {
            return Fail(SdpParseErrorCode.MalformedMedia, Column(fields.Offset), "stray space in m=");
        }

        if (formats.Count == 0)
        {
            // RFC 8866 §9: media-field ends with 1*(SP fmt).
            return Fail(SdpParseErrorCode.MalformedMedia, Column(value.Length), "m= needs at least one format");
        }

        ((ValidatedList<SdpMedia>)session.Media).AddParsed(media);
        _media = media;
        _rank = MediaRankM;
        return true;
    }

    private bool ParseAttribute(int valueStart, ReadOnlySpan<byte> value, SdpAttributeList target)
    {
        if (++_attributeCount > _options.MaxAttributes)
        {
            return Fail(SdpParseErrorCode.TooManyAttributes, 1, $"more than {_options.MaxAttributes} attributes");
        }

        // RFC 8866 §5.13: a=<attribute-name> or a=<attribute-name>:<attribute-value>
        var colon = value.IndexOf((byte)':');
        var name = colon < 0 ? value : value[..colon];
        if (!SdpText.IsToken(name))
        {
            return Fail(SdpParseErrorCode.MalformedAttribute, 3, "attribute name must be a non-empty token");
        }

        // Only the position is recorded; the list builds SdpAttribute objects when first read.
        if (!ReferenceEquals(target, _pendingTarget))
        {
            _pendingTarget = target;
            _pendingStart = _pendingCount;
        }

        if (_pendingCount == _pendingEntries.Length)
        {
            Array.Resize(ref _pendingEntries, _pendingEntries.Length * 2);
        }

        _pendingEntries[_pendingCount++] = new PendingAttribute(valueStart, name.Length, colon < 0 ? -1 : value.Length - colon - 1, _lineNumber);
        return true;
    }

    /// <summary>Hands the finished run of a= lines to its list (called when a section ends and at the end of input).</summary>
    private void FlushAttributes()
    {
        if (_pendingTarget is not null)
        {
            _pendingTarget.SetPending(new PendingAttributes(_source, _pendingEntries, _pendingStart, _pendingCount - _pendingStart));
            _pendingTarget = null;
        }
    }

    private static bool IsProtocol(ReadOnlySpan<byte> protocol)
    {
        while (true)
        {
            var slash = protocol.IndexOf((byte)'/');
            if (!SdpText.IsToken(slash < 0 ? protocol : protocol[..slash]))
            {
                return false;
            }

            if (slash < 0)
            {
                return true;
            }

            protocol = protocol[(slash + 1)..];
        }
    }

    private static bool IsDigits(ReadOnlySpan<byte> text) => !text.IsEmpty && text.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0;

    private static bool IsNonWhitespace(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (var b in text)
        {
            if (b <= ' ' || b == 0x7F)
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryParseUInt64(ReadOnlySpan<byte> text, out ulong value)
    {
        value = 0;
        return IsDigits(text) && Utf8Parser.TryParse(text, out value, out var used) && used == text.Length;
    }

    /// <summary>A decimal without leading zeros (RFC 8866 §9 integer / ttl), at most <paramref name="max"/>.</summary>
    private static bool TryParseCanonical(ReadOnlySpan<byte> text, int max, out int value)
    {
        value = 0;
        if (!IsDigits(text) || text.Length > 10 || (text.Length > 1 && text[0] == '0'))
        {
            return false;
        }

        long number = 0;
        foreach (var digit in text)
        {
            number = (number * 10) + (digit - '0');
        }

        if (number > max)
        {
            return false;
        }

        value = (int)number;
        return true;
    }

    /// <summary>Walks fields separated by exactly one SP; an empty field (two spaces, or a space at either end) stops it.</summary>
    private ref struct FieldReader
    {
        private readonly ReadOnlySpan<byte> _text;
        private bool _afterSeparator;

        public FieldReader(ReadOnlySpan<byte> text)
        {
            _text = text;
        }

        public int Offset { get; private set; }

        /// <summary>Everything was consumed and the text did not end with a separator.</summary>
        public readonly bool AtEnd => Offset >= _text.Length && !_afterSeparator;

        public bool Next(out ReadOnlySpan<byte> field, out int start)
        {
            start = Offset;
            field = default;
            if (Offset >= _text.Length)
            {
                return false;
            }

            var rest = _text[Offset..];
            var space = rest.IndexOf((byte)' ');
            field = space < 0 ? rest : rest[..space];
            if (field.IsEmpty)
            {
                return false;
            }

            _afterSeparator = space >= 0;
            Offset += field.Length + (space < 0 ? 0 : 1);
            return true;
        }
    }
}
