using System.Buffers;
using System.Globalization;

namespace UcStack.Sip;

// Serialization in canonical form; the form is documented on WriteTo.
public abstract partial class SipMessage
{
    private static ReadOnlySpan<byte> Version => "SIP/2.0"u8;

    /// <summary>The number of bytes <see cref="WriteTo"/> produces (the canonical form described on <see cref="WriteTo"/>).</summary>
    /// <returns>The encoded length.</returns>
    /// <exception cref="ObjectDisposedException">The message was disposed.</exception>
    public int GetEncodedLength() => Encode(default, measureOnly: true);

    /// <summary>Writes the message in canonical form to <paramref name="writer"/>.</summary>
    /// <remarks>
    /// The canonical form:
    /// <list type="bullet">
    /// <item>the start line as <c>Method SP Request-URI SP SIP/2.0</c> or <c>SIP/2.0 SP Status-Code SP Reason-Phrase</c>;</item>
    /// <item>every header in wire order as <c>Name: value</c>, where Name is the canonical full name for known headers
    /// (compact forms expanded, e.g. <c>v</c> → <c>Via</c>) and the name as written for unknown ones, and value is the
    /// value with surrounding LWS trimmed and each fold collapsed to one SP (RFC 3261 §7.3.1);</item>
    /// <item>Content-Length recomputed from the body actually held: written in place of the first Content-Length
    /// header (repeats, which parsing accepted only with the same value, are dropped) or appended after the last
    /// header when there was none;</item>
    /// <item>an empty line, then the body.</item>
    /// </list>
    /// Parsing the canonical form gives the same start line, headers (by canonical name and value) and body.
    /// </remarks>
    /// <param name="writer">The destination.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is <see langword="null"/>.</exception>
    /// <exception cref="ObjectDisposedException">The message was disposed.</exception>
    public void WriteTo(IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var length = GetEncodedLength();
        var span = writer.GetSpan(length);
        Encode(span, measureOnly: false);
        writer.Advance(length);
    }

    /// <summary>Writes the message in canonical form (see <see cref="WriteTo"/>) into <paramref name="destination"/> if it fits.</summary>
    /// <param name="destination">The destination.</param>
    /// <param name="bytesWritten">Bytes written, or 0 when the destination is too small.</param>
    /// <returns><see langword="false"/> when <paramref name="destination"/> is shorter than <see cref="GetEncodedLength"/>.</returns>
    /// <exception cref="ObjectDisposedException">The message was disposed.</exception>
    public bool TryWriteTo(Span<byte> destination, out int bytesWritten)
    {
        var length = GetEncodedLength();
        if (destination.Length < length)
        {
            bytesWritten = 0;
            return false;
        }

        bytesWritten = Encode(destination, measureOnly: false);
        return true;
    }

    /// <summary>Returns the message in canonical form (see <see cref="WriteTo"/>) as a new array.</summary>
    /// <returns>The bytes.</returns>
    /// <exception cref="ObjectDisposedException">The message was disposed.</exception>
    public byte[] ToArray()
    {
        var bytes = new byte[GetEncodedLength()];
        Encode(bytes, measureOnly: false);
        return bytes;
    }

    private int Encode(Span<byte> destination, bool measureOnly)
    {
        var raw = RawBytes;
        var w = new SpanWriter(destination, measureOnly);
        if (Layout.IsRequest)
        {
            w.Write(Layout.Method.Of(raw));
            w.Write((byte)' ');
            w.Write(Layout.RequestUri.Of(raw));
            w.Write((byte)' ');
            w.Write(Version);
        }
        else
        {
            w.Write(Version);
            w.Write((byte)' ');
            w.WriteNumber(Layout.StatusCode);
            w.Write((byte)' ');
            w.Write(Layout.ReasonPhrase.Of(raw));
        }

        w.WriteCrlf();
        var wroteContentLength = false;
        foreach (ref readonly var entry in Entries)
        {
            if (entry.Id == KnownHeader.ContentLength)
            {
                if (!wroteContentLength) WriteContentLength(ref w, Layout.BodyLength);
                wroteContentLength = true;
                continue;
            }

            if (entry.Id == KnownHeader.Unknown) w.Write(raw.Slice(entry.NameStart, entry.NameLength));
            else w.WriteHeaderName(entry.Id);
            w.Write(": "u8);
            w.WriteCollapsed(raw.Slice(entry.ValueStart, entry.ValueLength));
            w.WriteCrlf();
        }

        if (!wroteContentLength) WriteContentLength(ref w, Layout.BodyLength);
        w.WriteCrlf();
        w.Write(raw.Slice(Layout.BodyStart, Layout.BodyLength));
        return w.Position;
    }

    private static void WriteContentLength(ref SpanWriter w, int length)
    {
        w.Write("Content-Length: "u8);
        w.WriteNumber(length);
        w.WriteCrlf();
    }

    /// <summary>Writes into a span, or only counts when measuring, so both share one code path.</summary>
    private ref struct SpanWriter
    {
        private readonly Span<byte> _destination;
        private readonly bool _measureOnly;

        public SpanWriter(Span<byte> destination, bool measureOnly)
        {
            _destination = destination;
            _measureOnly = measureOnly;
            Position = 0;
        }

        public int Position { get; private set; }

        public void Write(scoped ReadOnlySpan<byte> bytes)
        {
            if (!_measureOnly) bytes.CopyTo(_destination[Position..]);
            Position += bytes.Length;
        }

        public void Write(byte b)
        {
            if (!_measureOnly) _destination[Position] = b;
            Position++;
        }

        public void WriteCrlf() => Write("\r\n"u8);

        public void WriteNumber(int value)
        {
            Span<byte> digits = stackalloc byte[11];
            value.TryFormat(digits, out var n, default, CultureInfo.InvariantCulture);
            Write(digits[..n]);
        }

        public void WriteHeaderName(KnownHeader id)
        {
            Position += _measureOnly
                ? SipHeaderNames.GetCanonicalName(id).Length
                : SipHeaderNames.WriteCanonical(id, _destination[Position..]);
        }

        public void WriteCollapsed(ReadOnlySpan<byte> value)
        {
            Position += _measureOnly ? SipFolding.CollapsedLength(value) : SipFolding.Collapse(value, _destination[Position..]);
        }
    }
}
