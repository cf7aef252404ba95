namespace UcStack.Psom;

/// <summary>Why a frame could not be decoded.</summary>
public enum PsomParseErrorCode
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>The length prefix announces a frame larger than the configured maximum.</summary>
    FrameTooLarge = 1,

    /// <summary>The length prefix is smaller than the fixed header.</summary>
    FrameTooShort = 2,

    /// <summary>The frame's version byte is not one this codec speaks.</summary>
    UnsupportedFrameVersion = 3,

    /// <summary>The message type byte is not defined.</summary>
    UnknownMessageType = 4,

    /// <summary>A reserved flag bit is set.</summary>
    ReservedFlags = 5,

    /// <summary>The payload is not well-formed deterministic CBOR or has the wrong shape.</summary>
    PayloadMalformed = 6,

    /// <summary>A required field is absent.</summary>
    MissingField = 7,

    /// <summary>A field's value is outside its range (negative id, unknown enum value, non-finite double).</summary>
    FieldOutOfRange = 8,

    /// <summary>A field exceeds its own size or count limit.</summary>
    LimitExceeded = 9,

    /// <summary>Bytes follow the payload's single top-level item.</summary>
    TrailingBytes = 10,

    /// <summary>The frame sequence number is not the previous one plus one.</summary>
    SequenceOutOfOrder = 11,
}
