using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;

namespace UcStack.Sip.Transport;

/// <summary>
/// The server transport's edit of a received request's top Via: RFC 3261 §18.2.1 <c>received</c> and RFC 3581 §4
/// <c>rport</c>. Messages are immutable, so an edit splices the new via-parm into a copy of the bytes and parses
/// the copy; the common case (sent-by is the source address, no <c>rport</c>) costs a byte scan and no allocation.
/// </summary>
internal static class SipViaStamp
{
    /// <summary>The outcome of <see cref="TryApply"/>.</summary>
    internal enum Result
    {
        /// <summary>The top Via already describes the source: the message is returned unchanged.</summary>
        Unchanged,

        /// <summary>A new message with the edited top Via replaces the original (which was disposed).</summary>
        Stamped,

        /// <summary>The top Via is not a valid via-parm (the eager parse is lenient; this is the full grammar).</summary>
        InvalidVia,
    }

    /// <summary>Applies RFC 3261 §18.2.1 and RFC 3581 §4 to <paramref name="request"/> received from
    /// <paramref name="source"/>. On <see cref="Result.Stamped"/> the original is disposed and replaced.</summary>
    internal static Result TryApply(ref SipMessage request, IPEndPoint source, SipParserLimits limits)
    {
        var raw = request.RawBytes;
        if (!TryFindTopVia(request, out var valueOffset, out var value)) return Result.InvalidVia;
        var parmLength = FirstViaParmLength(value);
        var parm = value[..parmLength];
        var sourceAddress = Normalize(source.Address);

        // Fast path. RFC 3261 §18.2.1: "If the host portion of the 'sent-by' parameter contains a domain name, or
        // if it contains an IP address that differs from the packet source address, the server MUST add a
        // 'received' parameter". RFC 3581 §4 adds it (and fills rport) whenever rport is present.
        var sentByIsSource = TryParseHostAddress(request.TopViaHostBytes, out var sentBy) && sentBy.Equals(sourceAddress);
        if (sentByIsSource && !MentionsRPort(parm)) return Result.Unchanged;

        if (!ViaHeader.TryParse(parm, out var via, out _)) return Result.InvalidVia;
        var changed = false;
        if (via.HasRPort && via.RPort is null)
        {
            // RFC 3581 §4: "the server MUST insert the source port ... into the rport parameter ... and MUST add a
            // received parameter ... even if the host in sent-by equals the source address."
            via.Parameters.Set("rport", source.Port.ToString(CultureInfo.InvariantCulture));
            via.Parameters.Set("received", FormatReceived(sourceAddress));
            changed = true;
        }
        else if (!sentByIsSource)
        {
            via.Parameters.Set("received", FormatReceived(sourceAddress));
            changed = true;
        }

        if (!changed) return Result.Unchanged;

        var replacement = Encoding.ASCII.GetBytes(via.ToString());
        var length = raw.Length - parmLength + replacement.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            raw[..valueOffset].CopyTo(rented);
            replacement.CopyTo(rented.AsSpan(valueOffset));
            raw[(valueOffset + parmLength)..].CopyTo(rented.AsSpan(valueOffset + replacement.Length));

            // The edit can only grow the head by the new parameters; a limit hit here means the message was at
            // the limit already, so the stricter answer (reject) is the safe one.
            if (!SipMessage.TryParse(rented.AsSpan(0, length), out var stamped, out _, limits)) return Result.InvalidVia;
            request.Dispose();
            request = stamped;
            return Result.Stamped;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The IP address in a host (brackets allowed for IPv6), when it is an IP literal.</summary>
    internal static bool TryParseHostAddress(ReadOnlySpan<byte> host, out IPAddress address)
    {
        address = IPAddress.None;
        if (host.Length is 0 or > 64) return false;
        if (host[0] == (byte)'[')
        {
            if (host.Length < 3 || host[^1] != (byte)']') return false;
            host = host[1..^1];
        }

        Span<char> chars = stackalloc char[host.Length];
        for (var i = 0; i < host.Length; i++) chars[i] = (char)host[i];
        if (!IPAddress.TryParse(chars, out var parsed)) return false;

        // IPAddress.TryParse accepts forms SIP hosts are not (e.g. "1" or "0x7f.1"): insist on dotted quads or a colon.
        if (parsed.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && host.Count((byte)'.') != 3) return false;
        address = Normalize(parsed);
        return true;
    }

    /// <summary>Dual-mode sockets report IPv4 peers as IPv4-mapped IPv6; SIP writes them as IPv4.</summary>
    internal static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    /// <summary>RFC 3261 §25.1 via-received = "received" EQUAL (IPv4address / IPv6address): no brackets.</summary>
    private static string FormatReceived(IPAddress address)
    {
        var text = address.ToString();
        var zone = text.IndexOf('%', StringComparison.Ordinal);
        return zone >= 0 ? text[..zone] : text;
    }

    /// <summary>Finds the first Via header value and its offset in the raw bytes.</summary>
    internal static bool TryFindTopVia(SipMessage message, out int offset, out ReadOnlySpan<byte> value)
    {
        foreach (var header in message.Headers)
        {
            if (header.Id != KnownHeader.Via) continue;
            value = header.ValueBytes;
            if (!message.RawBytes.Overlaps(value, out offset)) break;
            return true;
        }

        offset = 0;
        value = default;
        return false;
    }

    /// <summary>The length of the first via-parm of a Via value: up to the first comma outside a quoted string,
    /// without trailing LWS.</summary>
    internal static int FirstViaParmLength(ReadOnlySpan<byte> value)
    {
        var inQuotes = false;
        var end = value.Length;
        for (var i = 0; i < value.Length; i++)
        {
            var b = value[i];
            if (inQuotes)
            {
                if (b == (byte)'\\') i++;
                else if (b == (byte)'"') inQuotes = false;
            }
            else if (b == (byte)'"')
            {
                inQuotes = true;
            }
            else if (b == (byte)',')
            {
                end = i;
                break;
            }
        }

        return SipSyntax.TrimEndLws(value[..end]).Length;
    }

    /// <summary>Whether the via-parm may carry rport (any case); a false positive only costs the slow path.</summary>
    private static bool MentionsRPort(ReadOnlySpan<byte> parm)
    {
        for (var i = 0; i + 5 <= parm.Length; i++)
        {
            if ((parm[i] | 0x20) == 'r' && (parm[i + 1] | 0x20) == 'p' && (parm[i + 2] | 0x20) == 'o'
                && (parm[i + 3] | 0x20) == 'r' && (parm[i + 4] | 0x20) == 't')
            {
                return true;
            }
        }

        return false;
    }
}
