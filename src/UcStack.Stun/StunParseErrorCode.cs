namespace UcStack.Stun;

/// <summary>Why <see cref="StunMessageReader.TryParse(ReadOnlySpan{byte}, out StunMessageReader, out StunParseError)"/> rejected its input.</summary>
public enum StunParseErrorCode
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>Fewer than the 20 bytes of a STUN header.</summary>
    TooShort,

    /// <summary>One of the two most significant bits of the message is set (RFC 8489 §5), so it is not STUN.</summary>
    NotStun,

    /// <summary>The header's message length is not a multiple of 4 (RFC 8489 §5).</summary>
    LengthNotMultipleOfFour,

    /// <summary>The header's message length differs from the number of bytes after the header.</summary>
    LengthMismatch,

    /// <summary>The magic cookie is not 0x2112A442 (RFC 8489 §5) and the MS-TURN format was not accepted or not present.</summary>
    BadMagicCookie,

    /// <summary>An attribute's header or value (with padding) runs past the end of the message.</summary>
    AttributeTruncated,

    /// <summary>An attribute's length is not allowed for its type (too short, too long or not the fixed size).</summary>
    AttributeLength,

    /// <summary>An attribute's value is malformed for its type (for example an unknown address family or an ERROR-CODE class outside 3..6).</summary>
    AttributeValue,

    /// <summary>The message has more attributes than <see cref="StunParseOptions.MaxAttributes"/>.</summary>
    TooManyAttributes,
}
