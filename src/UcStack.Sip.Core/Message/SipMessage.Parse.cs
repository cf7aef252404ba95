using System.Buffers;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace UcStack.Sip;

public abstract partial class SipMessage
{
    /// <summary>
    /// Parses one message from a datagram (RFC 3261 §18.3): Content-Length is optional and, when absent, the
    /// body is the rest of the datagram; octets beyond Content-Length are discarded (RFC 4475 §3.1.1.8);
    /// fewer octets than it names is <see cref="SipParseErrorCode.BodyTruncated"/>. Leading CRLFs are skipped
    /// (RFC 3261 §7.5).
    /// </summary>
    /// <param name="datagram">The datagram. It is copied; the message does not keep a reference to it.</param>
    /// <param name="message">The message (a <see cref="SipRequest"/> or <see cref="SipResponse"/>); dispose it.</param>
    /// <param name="error">Why the datagram was rejected, with the offset in <paramref name="datagram"/>.</param>
    /// <param name="limits">Size limits, or <see langword="null"/> for <see cref="SipParserLimits.Default"/>.</param>
    /// <returns><see langword="true"/> when a message was parsed.</returns>
    [SkipLocalsInit]
    public static bool TryParse(
        ReadOnlySpan<byte> datagram, [NotNullWhen(true)] out SipMessage? message, out SipParseError error, SipParserLimits? limits = null)
    {
        limits ??= SipParserLimits.Default;
        message = null;
        var start = SkipLeadingCrlf(datagram);
        var input = datagram[start..];
        if (input.IsEmpty)
        {
            error = new SipParseError(SipParseErrorCode.Truncated, start, "no message in the datagram");
            return false;
        }

        // The scratch table lives on the stack for the default limit (no zeroing: SkipLocalsInit), else in the pool.
        var capacity = Math.Max(limits.MaxHeaderCount, 0);
        HeaderEntry[]? rented = null;
        var entries = capacity <= StackHeaderCapacity
            ? stackalloc HeaderEntry[StackHeaderCapacity]
            : (rented = ArrayPool<HeaderEntry>.Shared.Rent(capacity)).AsSpan(0, capacity);
        try
        {
            var layout = MessageLayout.CreateEmpty();
            var status = SipMessageParser.TryParseHead(input, limits, entries, ref layout, out error);
            if (status != SipMessageParser.HeadStatus.Complete)
            {
                error = error.Shift(start);
                return false;
            }

            var head = layout.HeaderSectionLength;
            int bodyLength;
            if (layout.ContentLength >= 0)
            {
                if (layout.ContentLength > limits.MaxMessageBytes - head)
                {
                    error = new SipParseError(SipParseErrorCode.MessageTooLarge, start + head, "Content-Length exceeds the message-size limit");
                    return false;
                }

                // RFC 3261 §18.3: fewer octets than Content-Length in a datagram is an error (RFC 4475 §3.1.2.2);
                // octets beyond it are discarded.
                if (input.Length - head < layout.ContentLength)
                {
                    error = new SipParseError(SipParseErrorCode.BodyTruncated, start + input.Length, "datagram shorter than Content-Length");
                    return false;
                }

                bodyLength = layout.ContentLength;
            }
            else
            {
                bodyLength = input.Length - head;
            }

            if (head + bodyLength > limits.MaxMessageBytes)
            {
                error = new SipParseError(SipParseErrorCode.MessageTooLarge, start + limits.MaxMessageBytes, "message exceeds the size limit");
                return false;
            }

            message = Materialize(input[..head], input.Slice(head, bodyLength), ReadOnlySequence<byte>.Empty, ref layout, entries);
            error = default;
            return true;
        }
        finally
        {
            if (rented is not null) ArrayPool<HeaderEntry>.Shared.Return(rented);
        }
    }

    /// <summary>Header entries kept on the stack while parsing a datagram (2 KiB); the default limit fits.</summary>
    private const int StackHeaderCapacity = 128;

    /// <summary>Parses one message from a datagram, as <see cref="TryParse"/> does, throwing on failure.</summary>
    /// <param name="datagram">The datagram.</param>
    /// <param name="limits">Size limits, or <see langword="null"/> for the defaults.</param>
    /// <returns>The message; dispose it.</returns>
    /// <exception cref="SipParseException">The datagram is not a valid SIP message.</exception>
    public static SipMessage Parse(ReadOnlySpan<byte> datagram, SipParserLimits? limits = null)
    {
        if (!TryParse(datagram, out var message, out var error, limits)) ThrowParse(error);
        return message;
    }

    /// <summary>Copies the head and body into one pooled buffer followed by the header table.</summary>
    internal static SipMessage Materialize(
        ReadOnlySpan<byte> head, ReadOnlySpan<byte> body, ReadOnlySequence<byte> bodySequence, ref MessageLayout layout, ReadOnlySpan<HeaderEntry> entries)
    {
        var bodyLength = body.Length + checked((int)bodySequence.Length);
        var length = head.Length + bodyLength;
        var tableOffset = TableOffsetFor(length);
        var tableBytes = MemoryMarshal.AsBytes(entries[..layout.HeaderCount]);
        var buffer = ArrayPool<byte>.Shared.Rent(tableOffset + tableBytes.Length);
        head.CopyTo(buffer);
        body.CopyTo(buffer.AsSpan(head.Length));
        bodySequence.CopyTo(buffer.AsSpan(head.Length + body.Length));
        tableBytes.CopyTo(buffer.AsSpan(tableOffset));
        layout.BodyStart = head.Length;
        layout.BodyLength = bodyLength;
        return Create(buffer, length, tableOffset, layout);
    }

    /// <summary>RFC 3261 §7.5: CRLFs before the start line are ignored.</summary>
    internal static int SkipLeadingCrlf(ReadOnlySpan<byte> s)
    {
        var i = 0;
        while (i + 1 < s.Length && s[i] == (byte)'\r' && s[i + 1] == (byte)'\n') i += 2;
        return i;
    }

    [DoesNotReturn]
    [StackTraceHidden]
    private protected static void ThrowParse(SipParseError error) => throw new SipParseException(error);
}
