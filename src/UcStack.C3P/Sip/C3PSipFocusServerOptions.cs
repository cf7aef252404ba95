using UcStack.Sip.Stack;

namespace UcStack.C3P;

/// <summary>Settings of a <see cref="C3PSipFocusServer"/>.</summary>
public sealed record C3PSipFocusServerOptions
{
    /// <summary>Establishes who sent a request. The default trusts the From URI (a registrar or proxy in front of the
    /// focus is expected to have authenticated it) and treats <c>anonymous</c> users as unauthenticated. Return
    /// <see langword="null"/> to refuse the request with 403.</summary>
    public Func<SipIncomingRequest, C3PCaller?>? IdentifyCaller { get; init; }

    /// <summary>Authenticates a request before it is served (SERVICE, the join INVITE, SUBSCRIBE, chat MESSAGE), e.g.
    /// with a digest challenge when the focus shares an endpoint with a proxy. Return the caller, or
    /// <see langword="null"/> to stop: a request the handler has not answered (e.g. with 407) then gets 403. Takes
    /// precedence over <see cref="IdentifyCaller"/>.</summary>
    public Func<SipIncomingRequest, Task<C3PCaller?>>? AuthorizeAsync { get; init; }

    /// <summary>The longest conference subscription granted.</summary>
    public TimeSpan SubscriptionExpires { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The largest chat MESSAGE body the chat MCU fans out.</summary>
    public int MaxChatMessageBytes { get; init; } = 64 * 1024;
}
