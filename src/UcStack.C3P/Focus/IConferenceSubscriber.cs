namespace UcStack.C3P;

/// <summary>Why a conference subscription ended on the focus side.</summary>
public enum ConferenceSubscriptionEnd
{
    /// <summary>The subscriber cancelled it (disposed the subscription).</summary>
    Unsubscribed = 1,

    /// <summary>The subscriber's user left, was ejected or was refused entry from the lobby.</summary>
    UserRemoved,

    /// <summary>The conference ended (deleted or expired).</summary>
    ConferenceEnded,

    /// <summary>A delivery failed; the focus stopped sending.</summary>
    DeliveryFailed,
}

/// <summary>Receives one subscriber's conference-info documents from a <see cref="ConferenceFocus"/>: a full
/// document first, then partial ones with versions increasing by one (RFC 4575 §4.6). Calls are serial: the next
/// document is delivered after the previous delivery completed.</summary>
public interface IConferenceSubscriber
{
    /// <summary>Delivers a document (e.g. as a NOTIFY body). Throwing ends the subscription.</summary>
    /// <param name="document">The document.</param>
    /// <param name="cancellationToken">Cancelled when the subscription is disposed.</param>
    /// <returns>A task that completes when the document was handed on.</returns>
    Task DeliverAsync(ConferenceInfoDocument document, CancellationToken cancellationToken);

    /// <summary>Called once, after the last document, when the focus ends the subscription.</summary>
    /// <param name="reason">Why.</param>
    /// <returns>A task that completes when the subscriber has closed (e.g. sent the terminating NOTIFY).</returns>
    Task ClosedAsync(ConferenceSubscriptionEnd reason);
}
