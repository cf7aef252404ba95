namespace UcStack.Srtp;

/// <summary>Outcome of protecting or unprotecting one packet. Only <see cref="Ok"/> leaves a usable packet.</summary>
public enum SrtpStatus
{
    /// <summary>The packet was protected or verified and decrypted.</summary>
    Ok = 0,

    /// <summary>The authentication tag (HMAC-SHA1 or the GCM tag) did not verify; the packet is not genuine.</summary>
    AuthenticationFailed,

    /// <summary>The packet index was already seen (RFC 3711 §3.3.2); on protect, the index was already used.</summary>
    Replayed,

    /// <summary>The packet index lies behind the replay window (RFC 3711 §3.3.2), so it cannot be checked for replay.</summary>
    TooOld,

    /// <summary>The packet is too short or its RTP/RTCP header is invalid (version, CSRC count, extension length).</summary>
    Malformed,

    /// <summary>The MKI in the packet names no master key of the policy (RFC 3711 §3.3 step 3).</summary>
    UnknownMki,

    /// <summary>The master key reached its lifetime (RFC 3711 §9.2, or the SDES lifetime) and no other key is usable.</summary>
    KeyLifetimeExceeded,

    /// <summary>The buffer has no room for the trailer (tag, MKI, SRTCP index) the protected packet needs.</summary>
    BufferTooSmall,

    /// <summary>The packet comes from a new SSRC, and the context already tracks <see cref="SrtpPolicy.MaxSsrcCount"/> SSRCs.</summary>
    SsrcLimitReached,
}
