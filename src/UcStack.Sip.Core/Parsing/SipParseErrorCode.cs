namespace UcStack.Sip;

/// <summary>
/// Why a SIP message, header value or URI was rejected. Values are stable: they are logged and
/// shown by tools, so new reasons are appended, never renumbered.
/// </summary>
public enum SipParseErrorCode
{
    /// <summary>No error.</summary>
    None = 0,

    // Framing and limits.
    /// <summary>The input ended before the message (or the value) was complete.</summary>
    Truncated = 1,
    /// <summary>The message is larger than <see cref="SipParserLimits.MaxMessageBytes"/>.</summary>
    MessageTooLarge = 2,
    /// <summary>More header fields than <see cref="SipParserLimits.MaxHeaderCount"/>.</summary>
    TooManyHeaders = 3,
    /// <summary>One header field (with its continuation lines) is longer than <see cref="SipParserLimits.MaxHeaderBytes"/>.</summary>
    HeaderTooLong = 4,
    /// <summary>The header section is longer than <see cref="SipParserLimits.MaxHeaderSectionBytes"/>.</summary>
    HeaderSectionTooLarge = 5,
    /// <summary>A line ends with a bare CR or LF, or contains a NUL or other forbidden control octet.</summary>
    InvalidLineEnding = 6,

    // Start line.
    /// <summary>The Request-Line or Status-Line is malformed (RFC 3261 §7.1, §7.2).</summary>
    InvalidStartLine = 10,
    /// <summary>The method is not a token (RFC 3261 §25.1).</summary>
    InvalidMethod = 11,
    /// <summary>The SIP-Version is not <c>SIP/2.0</c> (answered with 505, RFC 3261 §8.2.2 / RFC 4475 §3.1.2.16).</summary>
    UnsupportedVersion = 12,
    /// <summary>The Status-Code is not exactly three digits in 100–699 (RFC 3261 §7.2).</summary>
    InvalidStatusCode = 13,
    /// <summary>The Reason-Phrase contains forbidden octets.</summary>
    InvalidReasonPhrase = 14,

    // Headers.
    /// <summary>A header line has no name or no colon (RFC 3261 §7.3.1).</summary>
    InvalidHeaderLine = 20,
    /// <summary>A header field value does not match its grammar.</summary>
    InvalidHeaderValue = 21,
    /// <summary>A header that allows only one value appears more than once (RFC 4475 §3.3.8).</summary>
    DuplicateHeader = 22,
    /// <summary>A header required by RFC 3261 §8.1.1 (To, From, CSeq, Call-ID, Max-Forwards, Via) is missing.</summary>
    MissingHeader = 23,
    /// <summary>A number is outside the range its grammar allows (e.g. CSeq above 2^32-1, Max-Forwards above 255; RFC 4475 §3.1.2.4).</summary>
    ValueOutOfRange = 24,
    /// <summary>The CSeq method differs from the Request-Line method (RFC 3261 §8.1.1.5 / RFC 4475 §3.1.2.17).</summary>
    CSeqMethodMismatch = 25,

    // Body and framing.
    /// <summary>Content-Length is missing where it is mandatory (stream transports, RFC 3261 §18.3).</summary>
    MissingContentLength = 30,
    /// <summary>Content-Length is not a non-negative decimal number, or there are conflicting values (RFC 4475 §3.3.9).</summary>
    InvalidContentLength = 31,
    /// <summary>Content-Length names more octets than the datagram carries (RFC 3261 §18.3, RFC 4475 §3.1.2.2).</summary>
    BodyTruncated = 32,

    // URIs.
    /// <summary>A URI does not match RFC 3261 §25.1 (SIP-URI, SIPS-URI, absoluteURI) or RFC 3966 (tel).</summary>
    InvalidUri = 40,
    /// <summary>A URI uses a scheme this operation does not accept.</summary>
    UnsupportedUriScheme = 41,
    /// <summary>A percent-escape is not followed by two hexadecimal digits.</summary>
    InvalidEscape = 42,
    /// <summary>The host part is not a valid hostname, IPv4 address or IPv6 reference (RFC 3261 §25.1, RFC 5118).</summary>
    InvalidHost = 43,
    /// <summary>The port is not a decimal number in 0–65535.</summary>
    InvalidPort = 44,
    /// <summary>A Request-URI carries escaped headers or is enclosed in angle brackets (RFC 3261 §19.1.1, RFC 4475 §3.1.2.7, §3.1.2.11).</summary>
    InvalidRequestUri = 45,

    // Header-value grammar.
    /// <summary>A quoted-string is not terminated (RFC 4475 §3.1.2.6).</summary>
    UnterminatedQuotedString = 50,
    /// <summary>An unquoted display name contains characters that are not tokens (RFC 4475 §3.1.2.15).</summary>
    InvalidDisplayName = 51,
    /// <summary>A parameter has an empty name or an invalid value.</summary>
    InvalidParameter = 52,
    /// <summary>An angle-bracket address (<c>&lt;...&gt;</c>) is not closed.</summary>
    UnterminatedAngleBracket = 53,

    // URI and header grammar additions
    /// <summary>A parameter list holds more than <see cref="SipParameters.MaxCount"/> parameters.</summary>
    TooManyParameters = 60,
    /// <summary>A comma-separated header value holds more elements than the parser accepts.</summary>
    TooManyListElements = 61,
    /// <summary>A comma-separated header value has an empty element (e.g. <c>a,,b</c>; RFC 4475 §3.1.2.1).</summary>
    EmptyListElement = 62,
    /// <summary>A parameter name appears twice in one list (RFC 3261 §19.1.1 for URI parameters).</summary>
    DuplicateParameter = 63,
}
