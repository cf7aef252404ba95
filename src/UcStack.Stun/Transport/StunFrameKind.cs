namespace UcStack.Stun;

/// <summary>What a frame on a STUN/TURN byte stream is (RFC 8656 §12.5).</summary>
public enum StunFrameKind
{
    /// <summary>A STUN message: first two bits 0b00, 20-byte header plus its length field.</summary>
    StunMessage,

    /// <summary>A TURN ChannelData message: channel number 0x4000-0x4FFF, 4-byte header, data padded to 4 over streams.</summary>
    ChannelData,
}
