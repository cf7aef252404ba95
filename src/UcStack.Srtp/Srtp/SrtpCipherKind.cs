namespace UcStack.Srtp;

/// <summary>Which transform a suite applies to the packet body.</summary>
internal enum SrtpCipherKind
{
    /// <summary>AES counter mode (RFC 3711 §4.1.1) plus HMAC-SHA1 (§4.2.1).</summary>
    AesCounterMode,

    /// <summary>AES-GCM AEAD (RFC 7714).</summary>
    AesGcm,

    /// <summary>No encryption (RFC 3711 §4.1.3) plus HMAC-SHA1.</summary>
    Null,
}
