namespace UcStack.Sdp;

/// <summary>Why an SDP description, line or attribute value was rejected.</summary>
public enum SdpParseErrorCode
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>The input is longer than <see cref="SdpParseOptions.MaxLength"/>.</summary>
    TooLarge,

    /// <summary>The input has more lines than <see cref="SdpParseOptions.MaxLines"/>.</summary>
    TooManyLines,

    /// <summary>A line is longer than <see cref="SdpParseOptions.MaxLineLength"/>.</summary>
    LineTooLong,

    /// <summary>The input has more media sections than <see cref="SdpParseOptions.MaxMediaSections"/>.</summary>
    TooManyMediaSections,

    /// <summary>The input has more attributes than <see cref="SdpParseOptions.MaxAttributes"/>.</summary>
    TooManyAttributes,

    /// <summary>The input is empty.</summary>
    Empty,

    /// <summary>The bytes are not valid UTF-8.</summary>
    InvalidUtf8,

    /// <summary>A line is not <c>&lt;type&gt;=&lt;value&gt;</c> with a single lower-case letter type (RFC 8866 §5).</summary>
    MalformedLine,

    /// <summary>A value holds a NUL, or a CR not followed by LF (RFC 8866 §5: byte-string excludes them).</summary>
    InvalidCharacter,

    /// <summary>An empty line before the end of the description.</summary>
    EmptyLine,

    /// <summary>A line's type is not allowed at this place (RFC 8866 §5 fixes the order of lines).</summary>
    UnexpectedLine,

    /// <summary>A line that may appear once appears again.</summary>
    DuplicateLine,

    /// <summary>A mandatory line (v=, o=, s=, t=) is missing.</summary>
    MissingLine,

    /// <summary>The first line is not <c>v=0</c> (RFC 8866 §5.1).</summary>
    UnsupportedVersion,

    /// <summary>The o= line is malformed (RFC 8866 §5.2).</summary>
    MalformedOrigin,

    /// <summary>A c= line is malformed (RFC 8866 §5.7).</summary>
    MalformedConnection,

    /// <summary>A b= line is malformed (RFC 8866 §5.8).</summary>
    MalformedBandwidth,

    /// <summary>A t=, r= or z= line is malformed (RFC 8866 §5.9-§5.11).</summary>
    MalformedTime,

    /// <summary>An m= line is malformed (RFC 8866 §5.14).</summary>
    MalformedMedia,

    /// <summary>An a= line's name is not a token (RFC 8866 §5.13).</summary>
    MalformedAttribute,

    /// <summary>An attribute's value does not match the syntax of its typed reader.</summary>
    InvalidAttributeValue,

    /// <summary>An attribute's value breaks a strict profile rule (for example MS-SDPEXT §3.1.5.1 for a=crypto).</summary>
    ProfileViolation,
}
