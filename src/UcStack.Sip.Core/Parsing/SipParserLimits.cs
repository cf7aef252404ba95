namespace UcStack.Sip;

/// <summary>
/// Size limits applied while reading SIP from the network. Every limit is checked before the bytes it
/// guards are copied or materialized, so a hostile peer cannot make the parser allocate without bound.
/// </summary>
/// <remarks>The defaults suit a server: generous for legitimate traffic (RFC 4475 §3.1.1.7 "longreq"
/// passes), small enough that a flood of maximal messages stays cheap.</remarks>
public sealed record SipParserLimits
{
    /// <summary>The defaults.</summary>
    public static SipParserLimits Default { get; } = new();

    /// <summary>Largest whole message (start line, headers and body), in bytes. Default 64 KiB, the
    /// largest UDP datagram; stream transports use the same bound.</summary>
    public int MaxMessageBytes { get; init; } = 65_535;

    /// <summary>Largest header section (start line through the blank line), in bytes. Default 16 KiB.</summary>
    public int MaxHeaderSectionBytes { get; init; } = 16_384;

    /// <summary>Largest number of header fields (lines after unfolding). Default 128.</summary>
    public int MaxHeaderCount { get; init; } = 128;

    /// <summary>Largest single header field, name and value with continuation lines, in bytes. Default 8 KiB.</summary>
    public int MaxHeaderBytes { get; init; } = 8_192;
}
