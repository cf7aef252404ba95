namespace UcStack.Turn.Protocol;

/// <summary>Why a ChannelData message was rejected.</summary>
public enum TurnParseErrorCode
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>Fewer than the 4 header bytes.</summary>
    Truncated,

    /// <summary>The first two bits are not 0b01, so this is not ChannelData (RFC 8656 §12).</summary>
    NotChannelData,

    /// <summary>The channel number is in the reserved range 0x5000–0x7FFF (RFC 8656 §12).</summary>
    ReservedChannelNumber,

    /// <summary>The length field announces more data than the datagram or frame holds (RFC 8656 §12.4).</summary>
    LengthExceedsInput,
}
