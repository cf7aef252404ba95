using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace UcStack.Sip;

/// <summary>
/// Frames SIP messages on a stream transport (TCP, TLS, WebSocket-less streams) from a
/// <see cref="ReadOnlySequence{T}"/>, as delivered by a <c>PipeReader</c>.
/// </summary>
/// <remarks>
/// <para>RFC 3261 §18.3: on a stream, Content-Length is mandatory and gives the body length; the octets after
/// the body start the next message. CRLFs between messages are skipped, including the RFC 5626 §3.5.1
/// double-CRLF keep-alive "ping" and single-CRLF "pong".</para>
/// <para>The reader is stateless apart from its limits: when more bytes are needed it returns
/// <see langword="false"/> with no error and the caller retries with the same bytes plus more. Nothing beyond
/// the limits is ever examined or copied: a header section that does not end within
/// <see cref="SipParserLimits.MaxHeaderSectionBytes"/> is rejected as soon as that many bytes are buffered.
/// A framing error leaves the stream unusable (the message boundary is lost): close the connection.</para>
/// <para>Instances are immutable and may be shared between connections and threads.</para>
/// </remarks>
public sealed class SipStreamReader
{
    /// <summary>Creates a reader.</summary>
    /// <param name="limits">Size limits, or <see langword="null"/> for <see cref="SipParserLimits.Default"/>.</param>
    public SipStreamReader(SipParserLimits? limits = null) => Limits = limits ?? SipParserLimits.Default;

    /// <summary>The limits enforced.</summary>
    public SipParserLimits Limits { get; }

    /// <summary>
    /// Reads the next message from <paramref name="buffer"/>. On success <paramref name="buffer"/> is sliced past
    /// the message; keep-alive CRLFs before it are consumed (sliced off) even when no message is complete yet.
    /// </summary>
    /// <param name="buffer">The unconsumed bytes; advanced past what was consumed.</param>
    /// <param name="message">The message (an owned copy; dispose it), when one was complete.</param>
    /// <param name="error">A framing or syntax error, with the offset from the start of <paramref name="buffer"/> as
    /// passed in; <see cref="SipParseError.IsError"/> is <see langword="false"/> when more bytes are needed.</param>
    /// <returns><see langword="true"/> when a message was read.</returns>
    public bool TryRead(ref ReadOnlySequence<byte> buffer, [NotNullWhen(true)] out SipMessage? message, out SipParseError error)
    {
        message = null;
        error = default;
        var skipped = SkipKeepAlives(ref buffer);
        if (buffer.IsEmpty) return false;

        // Limits first: look for the end of the header section only within the allowed size.
        var limit = Math.Max(Limits.MaxHeaderSectionBytes, 1);
        var window = buffer.Length > limit ? buffer.Slice(0, limit) : buffer;
        var reader = new SequenceReader<byte>(window);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> _, "\r\n\r\n"u8, advancePastDelimiter: true))
        {
            if (buffer.Length >= limit)
            {
                error = new SipParseError(SipParseErrorCode.HeaderSectionTooLarge, (int)(skipped + limit), "no empty line within the header-section limit");
            }

            return false;
        }

        var headLength = (int)reader.Consumed;
        var headSequence = buffer.Slice(0, headLength);
        byte[]? headCopy = null;
        var capacity = Math.Max(Limits.MaxHeaderCount, 0);
        var entries = ArrayPool<HeaderEntry>.Shared.Rent(capacity);
        try
        {
            ReadOnlySpan<byte> head;
            if (headSequence.IsSingleSegment)
            {
                head = headSequence.FirstSpan;
            }
            else
            {
                // Only a head that spans segments is copied, into a pooled buffer bounded by the limit.
                headCopy = ArrayPool<byte>.Shared.Rent(headLength);
                headSequence.CopyTo(headCopy);
                head = headCopy.AsSpan(0, headLength);
            }

            var layout = MessageLayout.CreateEmpty();
            var status = SipMessageParser.TryParseHead(head, Limits, entries.AsSpan(0, capacity), ref layout, out error);
            if (status != SipMessageParser.HeadStatus.Complete)
            {
                error = error.Shift((int)skipped);
                return false;
            }

            // RFC 3261 §18.3: "In the case of stream-oriented transports such as TCP, the Content-Length header
            // field indicates the size of the body. ... it MUST be used with stream oriented transports."
            if (layout.ContentLength < 0)
            {
                error = new SipParseError(SipParseErrorCode.MissingContentLength, (int)skipped + headLength, "Content-Length is mandatory on stream transports");
                return false;
            }

            if (layout.ContentLength > Limits.MaxMessageBytes - headLength)
            {
                error = new SipParseError(SipParseErrorCode.MessageTooLarge, (int)skipped + headLength, "Content-Length exceeds the message-size limit");
                return false;
            }

            var total = headLength + layout.ContentLength;
            if (buffer.Length < total)
            {
                error = default;
                return false;
            }

            message = SipMessage.Materialize(head, default, buffer.Slice(headLength, layout.ContentLength), ref layout, entries);
            buffer = buffer.Slice(total);
            return true;
        }
        finally
        {
            ArrayPool<HeaderEntry>.Shared.Return(entries);
            if (headCopy is not null) ArrayPool<byte>.Shared.Return(headCopy);
        }
    }

    /// <summary>RFC 3261 §7.5 and RFC 5626 §3.5.1: CRLFs between messages are keep-alives, not messages.</summary>
    private static long SkipKeepAlives(ref ReadOnlySequence<byte> buffer)
    {
        long skipped = 0;
        Span<byte> two = stackalloc byte[2];
        while (buffer.Length >= 2)
        {
            var first = buffer.FirstSpan;
            byte a, b;
            if (first.Length >= 2)
            {
                a = first[0];
                b = first[1];
            }
            else
            {
                buffer.Slice(0, 2).CopyTo(two);
                a = two[0];
                b = two[1];
            }

            if (a != (byte)'\r' || b != (byte)'\n') break;
            buffer = buffer.Slice(2);
            skipped += 2;
        }

        return skipped;
    }
}
