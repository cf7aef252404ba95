namespace UcStack.Ice;

/// <summary>Why a candidate attribute was rejected.</summary>
public enum IceCandidateParseErrorCode
{
    /// <summary>No error.</summary>
    None,

    /// <summary>The text is longer than <see cref="IceCandidate.MaxAttributeLength"/>.</summary>
    TooLong,

    /// <summary>A mandatory field is missing.</summary>
    MissingField,

    /// <summary>The foundation is empty, longer than 32 characters or has a character outside ALPHA / DIGIT / "+" / "/".</summary>
    InvalidFoundation,

    /// <summary>The component id is not a number from 1 to 256.</summary>
    InvalidComponent,

    /// <summary>The transport is not UDP, TCP, TCP-PASS or TCP-ACT.</summary>
    UnsupportedTransport,

    /// <summary>The priority is not a number from 1 to 2^31 - 1.</summary>
    InvalidPriority,

    /// <summary>The connection address is not an IPv4 or IPv6 literal (FQDN candidates are not supported).</summary>
    InvalidAddress,

    /// <summary>The port is not a number from 0 to 65535.</summary>
    InvalidPort,

    /// <summary>The <c>typ</c> keyword is missing or the type is not host, srflx, prflx or relay.</summary>
    InvalidType,

    /// <summary><c>raddr</c> without <c>rport</c>, or a related address that is not an IP literal or port.</summary>
    InvalidRelatedAddress,

    /// <summary>The <c>tcptype</c> is missing for TCP, present for UDP, or not active, passive or so.</summary>
    InvalidTcpType,

    /// <summary>An extension name has no value, or there are more than <see cref="IceCandidate.MaxExtensions"/>.</summary>
    InvalidExtension,
}
