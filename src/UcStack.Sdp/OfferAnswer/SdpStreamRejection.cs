namespace UcStack.Sdp;

/// <summary>Why a stream was rejected (answered or seen with port 0).</summary>
public enum SdpStreamRejection
{
    /// <summary>Not rejected.</summary>
    None = 0,

    /// <summary>The offer already had port 0 (a disabled stream, RFC 3264 §6).</summary>
    DisabledInOffer,

    /// <summary>No local capability for the media type.</summary>
    NoCapability,

    /// <summary>The transport protocol is not one of the capability's protocols.</summary>
    UnsupportedProtocol,

    /// <summary>No offered format matched a local codec by name, clock rate and channels (and required fmtp parameters).</summary>
    NoCommonFormat,

    /// <summary>A secure stream offered no crypto suite we support (RFC 4568 §7.1.2).</summary>
    NoCommonCryptoSuite,

    /// <summary>The local policy requires SRTP and the offer did not allow it.</summary>
    EncryptionRequired,

    /// <summary>The peer rejected the stream in its answer.</summary>
    RejectedByPeer,
}
