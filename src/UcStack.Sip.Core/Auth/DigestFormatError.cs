namespace UcStack.Sip;

/// <summary>Why an <see cref="AuthenticationHeader"/> is not a usable digest challenge or credentials value.</summary>
public enum DigestFormatError
{
    /// <summary>No error.</summary>
    None,

    /// <summary>The scheme is not <c>Digest</c>.</summary>
    NotDigest,

    /// <summary>A required parameter (realm, nonce, username, uri, response, ...) is absent.</summary>
    MissingParameter,

    /// <summary>The <c>algorithm</c> is not one of MD5, MD5-sess, SHA-256, SHA-256-sess.</summary>
    UnsupportedAlgorithm,

    /// <summary>A parameter has a value outside its grammar (nc not 8 hex digits, a qop other than auth, ...).</summary>
    InvalidParameter,

    /// <summary>A parameter is longer than <see cref="DigestCredentials.MaxParameterLength"/>.</summary>
    TooLong,

    /// <summary>The header value itself does not parse.</summary>
    Syntax,
}
