using Microsoft.Extensions.Logging;
using UcStack.C3P;
using UcStack.Sip;
using UcStack.Sip.Proxy;
using UcStack.Sip.Stack;
using UcStack.Sip.UserAgent;

namespace UcStack.Server;

/// <summary>
/// The focus factory's SIP side on the server's own endpoint: a <see cref="C3PSipFocusServer"/> (focus dialogs,
/// conference subscriptions, the chat MCU) that takes only requests for conferencing URIs of the domain
/// (<c>sip:&lt;user&gt;@&lt;domain&gt;;gruu;opaque=app:conf:…</c>), leaving every other INVITE and SUBSCRIBE to the
/// proxy and presence server. Callers are authenticated by the proxy's digest check first; users of other
/// domains take part as unauthenticated callers unless they came over the federation listener.
/// </summary>
internal sealed class ConferenceSipBinding : IAsyncDisposable
{
    private readonly SipDomainServer _domain;
    private readonly string _domainName;
    private readonly Func<SipIncomingRequest, bool> _isFederated;
    private readonly C3PSipFocusServer _focus;
    private readonly Func<SipIncomingRequest, Task> _focusHandler;

    /// <summary>Installs the focus server on <paramref name="domain"/>'s endpoint.</summary>
    public ConferenceSipBinding(
        SipEndpoint endpoint, SipDomainServer domain, string domainName, ConferenceFocusFactory factory, Func<SipIncomingRequest, bool> isFederated, ILoggerFactory loggerFactory)
    {
        _domain = domain;
        _domainName = domainName;
        _isFederated = isFederated;
        var agent = new SipUserAgent(endpoint) { AcceptsRequest = IsConferenceRequest };
        var previous = endpoint.RequestReceived;
        _focus = new C3PSipFocusServer(agent, factory, new C3PSipFocusServerOptions { AuthorizeAsync = AuthorizeAsync }, loggerFactory);

        // The focus server put itself in front of the domain server; keep its handler for conferencing requests only.
        _focusHandler = endpoint.RequestReceived!;
        endpoint.RequestReceived = previous;
    }

    /// <summary>Whether a request's target is a conferencing URI (focus factory, focus or MCU) of the domain.</summary>
    public bool IsConferenceRequest(SipRequest request) =>
        C3PAddress.TryParse(request.RequestUriText, out var address)
        && AddressUri.TryParse(System.Text.Encoding.UTF8.GetBytes(address.UserUri), out var user, out _)
        && user is SipUri sip && sip.Host.Equals(_domainName, StringComparison.OrdinalIgnoreCase);

    /// <summary>Serves a SERVICE or MESSAGE for a conferencing URI (INVITE and SUBSCRIBE reach the focus through its user agent).</summary>
    public Task HandleAsync(SipIncomingRequest incoming) => _focusHandler(incoming);

    public ValueTask DisposeAsync() => _focus.DisposeAsync();

    private async Task<C3PCaller?> AuthorizeAsync(SipIncomingRequest incoming)
    {
        SipRequestAuthorization authorization;
        try
        {
            authorization = await _domain.Proxy.AuthorizeAsync(incoming).ConfigureAwait(false);
        }
        catch (SipParseException)
        {
            if (!incoming.HasFinalResponse) await incoming.RespondAsync(400, "Malformed From").ConfigureAwait(false);
            return null;
        }

        if (!authorization.Allowed) return null;
        var from = incoming.Request.From.Uri;
        if (authorization.User is not null)
        {
            // The digest (or the registered connection) vouches for the From user of the domain.
            return SipUriOf(from) is { } uri ? new C3PCaller(uri, true) : null;
        }

        // Another domain's user: authenticated by a peer we admitted by certificate, otherwise only as anonymous.
        return SipUriOf(from) is { } foreign ? new C3PCaller(foreign, _isFederated(incoming)) : null;
    }

    private static string? SipUriOf(AddressUri? uri) =>
        uri is SipUri { EscapedUser: { Length: > 0 } user } sip ? "sip:" + user + "@" + sip.Host.ToLowerInvariant() : null;
}
