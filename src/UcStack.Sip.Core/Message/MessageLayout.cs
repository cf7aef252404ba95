using System.Runtime.InteropServices;

namespace UcStack.Sip;

/// <summary>A slice of the message bytes: start offset (from the first byte of the start line) and length.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct ByteRange(int Start, int Length)
{
    /// <summary>The range used for "absent".</summary>
    internal static ByteRange None => new(-1, 0);

    internal bool IsPresent => Start >= 0;

    internal int End => Start + Length;

    internal ReadOnlySpan<byte> Of(ReadOnlySpan<byte> message) => Start < 0 ? default : message.Slice(Start, Length);
}

/// <summary>
/// One header field as it appeared on the wire. Stored in the message's pooled buffer after the message
/// bytes, so the table costs no managed allocation.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct HeaderEntry
{
    /// <summary>Offset of the name.</summary>
    public int NameStart;

    /// <summary>Length of the name as written (without the colon or whitespace before it).</summary>
    public ushort NameLength;

    /// <summary>Which header this is, or <see cref="KnownHeader.Unknown"/>.</summary>
    public KnownHeader Id;

    /// <summary>Offset of the value, after the colon and leading LWS.</summary>
    public int ValueStart;

    /// <summary>Length of the value with trailing LWS removed; folded continuation lines are included raw.</summary>
    public int ValueLength;
}

/// <summary>
/// Everything the parser learned about a message besides the header table: start-line parts, the values
/// the transaction layer matches on, and the body position. Offsets are relative to the message start.
/// </summary>
internal struct MessageLayout
{
    public bool IsRequest;

    // Start line.
    public ByteRange Method;
    public SipMethodKind MethodKind;
    public ByteRange RequestUri;
    public int StatusCode;
    public ByteRange ReasonPhrase;

    // Eagerly extracted header values.
    public ByteRange TopVia;
    public ByteRange TopViaTransport;
    public ByteRange TopViaHost;
    public int TopViaPort;
    public ByteRange TopViaBranch;
    public ByteRange From;
    public ByteRange FromTag;
    public ByteRange To;
    public ByteRange ToTag;
    public ByteRange CallId;
    public long CSeqNumber;
    public ByteRange CSeqMethod;
    public SipMethodKind CSeqMethodKind;
    public int MaxForwards;
    public int ContentLength;

    // Framing.
    public int HeaderCount;
    public int HeaderSectionLength;
    public int BodyStart;
    public int BodyLength;

    internal static MessageLayout CreateEmpty() => new()
    {
        Method = ByteRange.None,
        RequestUri = ByteRange.None,
        ReasonPhrase = ByteRange.None,
        TopVia = ByteRange.None,
        TopViaTransport = ByteRange.None,
        TopViaHost = ByteRange.None,
        TopViaPort = -1,
        TopViaBranch = ByteRange.None,
        From = ByteRange.None,
        FromTag = ByteRange.None,
        To = ByteRange.None,
        ToTag = ByteRange.None,
        CallId = ByteRange.None,
        CSeqNumber = -1,
        CSeqMethod = ByteRange.None,
        MaxForwards = -1,
        ContentLength = -1,
    };
}
