namespace UcStack.Stun;

/// <summary>The outcome of <see cref="StunStreamFramer.TryReadFrame"/>.</summary>
public enum StunFrameStatus
{
    /// <summary>A whole frame is at the start of the buffer.</summary>
    Complete,

    /// <summary>The buffer holds the start of a frame only; read more bytes (not an error).</summary>
    Incomplete,

    /// <summary>
    /// The first bytes are neither a STUN header nor a ChannelData header (or a STUN length is not a
    /// multiple of 4). A byte stream cannot resynchronize after this: close the connection.
    /// </summary>
    Invalid,

    /// <summary>The frame announces more bytes than the caller's limit allows: close the connection.</summary>
    TooLarge,
}
