using System.Buffers;
using System.Text;
using UcStack.Sip;

namespace UcStack.Fuzz;

/// <summary>SIP message, stream framing and URI targets. The one error type they may report is SipParseException / a false TryParse.</summary>
internal static class SipTargets
{
    /// <summary>Segment size for the multi-segment stream pass: small and odd, so headers straddle segments.</summary>
    private const int StreamSegmentLength = 7;

    public static void Message(byte[] input)
    {
        if (!SipMessage.TryParse(input, out var message, out var error))
        {
            RequireOffsetInside(error, input.Length);
            return;
        }

        using (message)
        {
            Touch(message);

            // The canonical form of anything the parser accepted must itself parse: the stack forwards and stores it.
            var canonical = message.ToArray();
            if (!SipMessage.TryParse(canonical, out var again, out var againError))
            {
                throw new FuzzInvariantException($"the canonical form of an accepted message does not parse: {againError}");
            }

            again.Dispose();
        }
    }

    public static void Stream(byte[] input)
    {
        ReadAll(new ReadOnlySequence<byte>(input));
        ReadAll(Segments.Split(input, StreamSegmentLength));
    }

    public static void Uri(byte[] input)
    {
        if (!AddressUri.TryParse(input, out var uri, out var error))
        {
            RequireOffsetInside(error, input.Length);
            return;
        }

        var text = uri.ToString();
        _ = uri.GetHashCode();
        var writer = new ArrayBufferWriter<byte>();
        uri.WriteTo(writer);

        // What we print we must read back as the same URI (the stack copies URIs between headers as text).
        if (!AddressUri.TryParse(Encoding.UTF8.GetBytes(text), out var again, out var againError) || !again.Equals(uri))
        {
            throw new FuzzInvariantException($"the text of an accepted URI does not parse back to it: {againError}");
        }
    }

    private static void ReadAll(ReadOnlySequence<byte> buffer)
    {
        var reader = new SipStreamReader();
        while (true)
        {
            var before = buffer.Length;
            if (!reader.TryRead(ref buffer, out var message, out var error))
            {
                // Either the frame is incomplete (no error) or the connection must be dropped (error): both end the read.
                return;
            }

            using (message)
            {
                Touch(message);
            }

            if (buffer.Length >= before)
            {
                throw new FuzzInvariantException("SipStreamReader returned a message without consuming input");
            }
        }
    }

    private static void Touch(SipMessage message)
    {
        _ = message.CallId + message.TopViaBranch + message.TopViaHost + message.TopViaTransport + message.FromTag + message.ToTag + message.CSeqMethod;
        _ = message.TopViaPort + message.MaxForwards + message.ContentLength + (int)message.CSeqNumber + (int)message.CSeqMethodKind;
        _ = message.Body.Length + message.RawBytes.Length;
        foreach (var header in message.Headers)
        {
            _ = header.Name + header.CanonicalName + header.Value;
        }

        if (message is SipRequest request)
        {
            _ = request.Method + request.RequestUriText;
            Typed(() => request.RequestUri.ToString());
        }
        else if (message is SipResponse response)
        {
            _ = response.ReasonPhrase + response.StatusCode;
        }

        Typed(() => string.Join(",", message.Vias));
        Typed(() => message.From.ToString());
        Typed(() => message.To.ToString());
        Typed(() => string.Join(",", message.Contacts));
        Typed(() => string.Join(",", message.Routes));
        Typed(() => string.Join(",", message.RecordRoutes));
        Typed(() => message.ContentType?.ToString());
        Typed(() => message.Expires?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Typed(() => string.Join(",", message.Supported));
        Typed(() => string.Join(",", message.Require));
        Typed(() => string.Join(",", message.ProxyRequire));
        Typed(() => string.Join(",", message.Authorization));
        Typed(() => string.Join(",", message.ProxyAuthorization));
        Typed(() => string.Join(",", message.WwwAuthenticate));
        Typed(() => string.Join(",", message.ProxyAuthenticate));
        _ = message.CSeq.ToString();
        message.TryValidate(out _, requireMaxForwards: true);
        _ = message.GetEncodedLength();
    }

    private static void Typed(Func<string?> read)
    {
        try
        {
            _ = read();
        }
        catch (SipParseException)
        {
            // A header that does not match its grammar: the documented failure of a typed property.
        }
    }

    private static void RequireOffsetInside(SipParseError error, int length)
    {
        if (error.Offset < 0 || error.Offset > length)
        {
            throw new FuzzInvariantException($"parse error offset {error.Offset} outside the {length}-byte input: {error}");
        }
    }
}
