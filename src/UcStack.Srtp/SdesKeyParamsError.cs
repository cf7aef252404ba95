namespace UcStack.Srtp;

/// <summary>Why SDES key parameters (RFC 4568 §6.1) were rejected.</summary>
public enum SdesKeyParamsError
{
    /// <summary>The field is empty, too long, or a key-params element between <c>;</c> is empty.</summary>
    Empty,

    /// <summary>The key method is not <c>inline:</c> (RFC 4568 §6.1 defines only that one).</summary>
    UnsupportedKeyMethod,

    /// <summary>The key-salt is not valid base64.</summary>
    InvalidBase64,

    /// <summary>The decoded key-salt does not have the suite's master key plus master salt length.</summary>
    WrongKeyLength,

    /// <summary>The lifetime is neither a decimal number nor <c>2^n</c>, or is zero.</summary>
    InvalidLifetime,

    /// <summary>The lifetime exceeds 2^48 packets (RFC 3711 §9.2).</summary>
    LifetimeTooLarge,

    /// <summary>The MKI field is not <c>value:length</c> with decimal digits, or has extra <c>|</c> fields.</summary>
    InvalidMki,

    /// <summary>The MKI length is outside 1 to 4 octets (RFC 4568 allows up to 128; this library supports 4).</summary>
    UnsupportedMkiLength,

    /// <summary>The MKI value does not fit in the stated MKI length.</summary>
    MkiValueTooLarge,

    /// <summary>Several keys are given but one has no MKI (RFC 4568 §6.1 requires one on each).</summary>
    MkiRequired,

    /// <summary>The keys' MKI lengths differ (RFC 4568 §6.1 requires the same length).</summary>
    MkiLengthMismatch,

    /// <summary>Two keys have the same MKI value.</summary>
    DuplicateMki,

    /// <summary>More master keys than <see cref="SrtpPolicy.MaxMasterKeys"/>.</summary>
    TooManyKeys,
}
