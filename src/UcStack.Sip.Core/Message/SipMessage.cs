using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace UcStack.Sip;

/// <summary>
/// A parsed SIP message (RFC 3261 §7): a <see cref="SipRequest"/> or a <see cref="SipResponse"/>.
/// </summary>
/// <remarks>
/// <para>The message owns one copy of its bytes in a buffer rented from <see cref="ArrayPool{T}.Shared"/>; the
/// header table (name and value positions of every header line, in order, unknown and repeated ones included)
/// lives in the same buffer. Parsing therefore allocates only the message object; strings and typed header
/// values are created on first use and cached.</para>
/// <para><see cref="Dispose()"/> returns the buffer to the pool. Every span or memory obtained from the message
/// (<see cref="CallIdBytes"/>, <see cref="Body"/>, <see cref="SipHeader.ValueBytes"/>, ...) dies with it: do not
/// use them after disposing. Cached strings and typed values stay valid. A message is not thread-safe while it
/// is being disposed; reading it from several threads otherwise is safe only after the lazy members used have
/// been materialized once.</para>
/// </remarks>
public abstract partial class SipMessage : IDisposable
{
    private byte[]? _buffer;
    private readonly int _length;
    private readonly int _tableOffset;
    private protected readonly MessageLayout Layout;

    private string? _callId;
    private string? _topViaBranch;
    private string? _topViaHost;
    private string? _topViaTransport;
    private string? _fromTag;
    private string? _toTag;
    private string? _cseqMethod;

    private protected SipMessage(byte[] buffer, int length, int tableOffset, in MessageLayout layout)
    {
        _buffer = buffer;
        _length = length;
        _tableOffset = tableOffset;
        Layout = layout;
    }

    /// <summary><see langword="true"/> for a <see cref="SipRequest"/>, <see langword="false"/> for a <see cref="SipResponse"/>.</summary>
    public bool IsRequest => Layout.IsRequest;

    /// <summary>The message bytes as received (leading CRLFs and octets after the body excluded).</summary>
    /// <exception cref="ObjectDisposedException">The message was disposed.</exception>
    public ReadOnlySpan<byte> RawBytes => Buffer.AsSpan(0, _length);

    /// <summary>The header fields in the order they appeared, each with its raw name and value.</summary>
    /// <exception cref="ObjectDisposedException">The message was disposed (when enumerating).</exception>
    public SipHeaderCollection Headers => new(this);

    /// <summary>The body: exactly Content-Length octets, or the rest of the datagram when Content-Length is absent.</summary>
    /// <exception cref="ObjectDisposedException">The message was disposed.</exception>
    public ReadOnlyMemory<byte> Body => Buffer.AsMemory(Layout.BodyStart, Layout.BodyLength);

    /// <summary>The Call-ID value (RFC 3261 §20.8), without surrounding whitespace.</summary>
    /// <exception cref="ObjectDisposedException">The message was disposed.</exception>
    public ReadOnlySpan<byte> CallIdBytes => Slice(Layout.CallId);

    /// <summary>The Call-ID value as a string (cached).</summary>
    /// <exception cref="ObjectDisposedException">The message was disposed before the first use.</exception>
    public string CallId => _callId ??= Decode(Layout.CallId)!;

    /// <summary>The branch parameter of the top Via; empty when there is none (RFC 2543 peers).</summary>
    /// <exception cref="ObjectDisposedException">The message was disposed.</exception>
    public ReadOnlySpan<byte> TopViaBranchBytes => Slice(Layout.TopViaBranch);

    /// <summary>The branch parameter of the top Via (cached), or <see langword="null"/> when there is none.</summary>
    /// <remarks>RFC 3261 §8.1.1.7: branches of RFC 3261 elements start with the magic cookie <c>z9hG4bK</c>;
    /// a branch that is just the cookie (RFC 4475 §3.2.1) is returned as is.</remarks>
    /// <exception cref="ObjectDisposedException">The message was disposed before the first use.</exception>
    public string? TopViaBranch => _topViaBranch ??= Decode(Layout.TopViaBranch);

    /// <summary>The host of the top Via sent-by (an IPv6 reference keeps its brackets).</summary>
    /// <exception cref="ObjectDisposedException">The message was disposed.</exception>
    public ReadOnlySpan<byte> TopViaHostBytes => Slice(Layout.TopViaHost);

    /// <summary>The host of the top Via sent-by as a string (cached).</summary>
    /// <exception cref="ObjectDisposedException">The message was disposed before the first use.</exception>
    public string TopViaHost => _topViaHost ??= Decode(Layout.TopViaHost)!;

    /// <summary>The port of the top Via sent-by, or <see langword="null"/> when none is written.</summary>
    public int? TopViaPort => Layout.TopViaPort >= 0 ? Layout.TopViaPort : null;

    /// <summary>The transport of the top Via sent-protocol (e.g. <c>UDP</c>, <c>TLS</c>), as written.</summary>
    /// <exception cref="ObjectDisposedException">The message was disposed.</exception>
    public ReadOnlySpan<byte> TopViaTransportBytes => Slice(Layout.TopViaTransport);

    /// <summary>The transport of the top Via as a string (cached).</summary>
    /// <exception cref="ObjectDisposedException">The message was disposed before the first use.</exception>
    public string TopViaTransport => _topViaTransport ??= Decode(Layout.TopViaTransport)!;

    /// <summary>The tag parameter of From; empty when there is none.</summary>
    /// <exception cref="ObjectDisposedException">The message was disposed.</exception>
    public ReadOnlySpan<byte> FromTagBytes => Slice(Layout.FromTag);

    /// <summary>The tag parameter of From (cached), or <see langword="null"/> when there is none.</summary>
    /// <exception cref="ObjectDisposedException">The message was disposed before the first use.</exception>
    public string? FromTag => _fromTag ??= Decode(Layout.FromTag);

    /// <summary>The tag parameter of To; empty when there is none.</summary>
    /// <exception cref="ObjectDisposedException">The message was disposed.</exception>
    public ReadOnlySpan<byte> ToTagBytes => Slice(Layout.ToTag);

    /// <summary>The tag parameter of To (cached), or <see langword="null"/> when there is none (out of dialog).</summary>
    /// <exception cref="ObjectDisposedException">The message was disposed before the first use.</exception>
    public string? ToTag => _toTag ??= Decode(Layout.ToTag);

    /// <summary>The CSeq sequence number (RFC 3261 §20.16), below 2^32.</summary>
    public uint CSeqNumber => (uint)Layout.CSeqNumber;

    /// <summary>The CSeq method.</summary>
    /// <exception cref="ObjectDisposedException">The message was disposed.</exception>
    public ReadOnlySpan<byte> CSeqMethodBytes => Slice(Layout.CSeqMethod);

    /// <summary>The CSeq method as a string (cached; known methods reuse a shared string).</summary>
    /// <exception cref="ObjectDisposedException">The message was disposed before the first use.</exception>
    public string CSeqMethod => _cseqMethod ??= SipMethods.GetName(Layout.CSeqMethodKind) ?? Decode(Layout.CSeqMethod)!;

    /// <summary>The CSeq method as a <see cref="SipMethodKind"/>.</summary>
    public SipMethodKind CSeqMethodKind => Layout.CSeqMethodKind;

    /// <summary>The Max-Forwards value (0–255), or <see langword="null"/> when the header is absent.</summary>
    public int? MaxForwards => Layout.MaxForwards >= 0 ? Layout.MaxForwards : null;

    /// <summary>The Content-Length as written, or <see langword="null"/> when absent (allowed on datagrams only).</summary>
    public int? ContentLength => Layout.ContentLength >= 0 ? Layout.ContentLength : null;

    /// <summary>Returns the buffer to the pool. Spans and memory obtained from this message must not be used afterwards.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the pooled buffer.</summary>
    /// <param name="disposing"><see langword="true"/> when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
    }

    /// <summary>The owned buffer; throws once disposed.</summary>
    private protected byte[] Buffer => _buffer ?? throw new ObjectDisposedException(GetType().Name);

    /// <summary>The header table stored after the message bytes.</summary>
    internal ReadOnlySpan<HeaderEntry> Entries
        => MemoryMarshal.Cast<byte, HeaderEntry>(Buffer.AsSpan(_tableOffset, Layout.HeaderCount * Unsafe.SizeOf<HeaderEntry>()));

    private protected ReadOnlySpan<byte> Slice(ByteRange range) => range.IsPresent ? Buffer.AsSpan(range.Start, range.Length) : default;

    private protected string? Decode(ByteRange range) => range.IsPresent ? Encoding.UTF8.GetString(Buffer, range.Start, range.Length) : null;

    /// <summary>Builds the right subclass over a buffer that already holds the message bytes and, at
    /// <paramref name="tableOffset"/>, the header table.</summary>
    internal static SipMessage Create(byte[] buffer, int length, int tableOffset, in MessageLayout layout)
        => layout.IsRequest
            ? new SipRequest(buffer, length, tableOffset, layout)
            : new SipResponse(buffer, length, tableOffset, layout);

    /// <summary>Where the header table starts for a message of <paramref name="length"/> bytes (4-byte aligned).</summary>
    internal static int TableOffsetFor(int length) => (length + 3) & ~3;
}
