namespace UcStack.Sdp;

/// <summary>An offer cannot be answered or an answer cannot be accepted (RFC 3264).</summary>
public sealed class SdpNegotiationException : Exception
{
    /// <summary>Creates an exception.</summary>
    /// <param name="code">The reason.</param>
    /// <param name="message">What is wrong, naming the m= line (0-based index) where it applies.</param>
    /// <param name="mediaIndex">The 0-based m= line index concerned, or -1.</param>
    /// <param name="innerException">The cause, or <see langword="null"/>.</param>
    public SdpNegotiationException(SdpNegotiationErrorCode code, string message, int mediaIndex = -1, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        MediaIndex = mediaIndex;
    }

    /// <summary>Creates an exception with a default code.</summary>
    public SdpNegotiationException()
        : this(SdpNegotiationErrorCode.NoAcceptableMedia, "SDP negotiation failed")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What is wrong.</param>
    public SdpNegotiationException(string message)
        : this(SdpNegotiationErrorCode.NoAcceptableMedia, message)
    {
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public SdpNegotiationException(string message, Exception innerException)
        : this(SdpNegotiationErrorCode.MalformedAttribute, message, -1, innerException)
    {
    }

    /// <summary>The reason.</summary>
    public SdpNegotiationErrorCode Code { get; }

    /// <summary>The 0-based m= line index concerned, or -1 when the problem is not about one stream.</summary>
    public int MediaIndex { get; }

    /// <summary>For <see cref="SdpNegotiationErrorCode.NoAcceptableMedia"/>: why each stream was rejected.</summary>
    public IReadOnlyList<SdpStreamRejection> Rejections { get; init; } = [];
}
