namespace UcStack.Psom;

/// <summary>Why an admission token was refused.</summary>
public enum PsomAdmissionError
{
    /// <summary>The token is valid.</summary>
    None = 0,

    /// <summary>The bytes are not a token of a known format.</summary>
    Malformed = 1,

    /// <summary>The HMAC does not match: forged, altered or made with another key.</summary>
    BadSignature = 2,

    /// <summary>The token's expiry has passed.</summary>
    Expired = 3,

    /// <summary>The token is for another conference.</summary>
    WrongConference = 4,

    /// <summary>The token is for another user.</summary>
    WrongUser = 5,

    /// <summary>The token grants another role than the one claimed.</summary>
    WrongRole = 6,
}
