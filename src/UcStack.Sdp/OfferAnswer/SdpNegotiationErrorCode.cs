namespace UcStack.Sdp;

/// <summary>Why an offer could not be answered, or an answer could not be accepted.</summary>
public enum SdpNegotiationErrorCode
{
    /// <summary>Every offered stream was rejected (a SIP UAS answers 488).</summary>
    NoAcceptableMedia = 1,

    /// <summary>RFC 3264 §8: a new offer has fewer m= lines than the previous description.</summary>
    MediaSectionsRemoved,

    /// <summary>RFC 3264 §8: a new description changed the o= line other than its version.</summary>
    OriginChanged,

    /// <summary>RFC 3264 §8: the description changed but its o= version did not grow, or it went backwards.</summary>
    VersionNotIncremented,

    /// <summary>RFC 8866 §5.7: an active stream has no c= line at media or session level.</summary>
    MissingConnection,

    /// <summary>An attribute the negotiation needs is malformed (the inner <see cref="SdpParseException"/> says which).</summary>
    MalformedAttribute,

    /// <summary>RFC 3264 §6: the answer's m= lines differ in number or type from the offer.</summary>
    AnswerMediaMismatch,

    /// <summary>RFC 3264 §6.1: an accepted answer stream lists no format that was offered.</summary>
    AnswerFormatNotOffered,

    /// <summary>RFC 4568 §7.1.2: the answer's a=crypto tag or suite was not offered, or a secure stream has none.</summary>
    AnswerCryptoMismatch,

    /// <summary>An answer arrived but no offer of ours is outstanding.</summary>
    NoOfferOutstanding,

    /// <summary>An offer arrived while our own offer is outstanding (glare; a SIP UA answers 491).</summary>
    OfferOutstanding,

    /// <summary>An action needs a completed negotiation (for example hold before any answer).</summary>
    NotNegotiated,
}
