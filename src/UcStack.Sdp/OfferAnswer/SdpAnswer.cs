namespace UcStack.Sdp;

/// <summary>An answer built by <see cref="SdpOfferAnswerEngine.CreateAnswer"/> and the per-stream outcome.</summary>
/// <param name="Session">The answer description to send.</param>
/// <param name="Streams">One entry per m= line, in order.</param>
public sealed record SdpAnswer(SdpSession Session, IReadOnlyList<SdpNegotiatedMedia> Streams);
