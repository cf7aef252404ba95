using UcStack.Sip.Stack;
using UcStack.Sip.Transport;

namespace UcStack.Sip.UserAgent;

/// <summary>
/// The user-agent API over a <see cref="SipEndpoint"/>: outgoing and incoming calls, MESSAGE (RFC 3428),
/// OPTIONS, registrations and subscriptions. Requests it does not take go to <see cref="SipEndpoint.RequestReceived"/>.
/// </summary>
/// <remarks>Thread-safe. Handlers run on the thread pool. The user agent does not own the endpoint.</remarks>
public sealed class SipUserAgent
{
    /// <summary>Creates the user agent and takes incoming INVITEs (and SUBSCRIBE and REFER outside dialogs) of
    /// <paramref name="endpoint"/>.</summary>
    /// <param name="endpoint">The endpoint.</param>
    /// <exception cref="ArgumentNullException"><paramref name="endpoint"/> is <see langword="null"/>.</exception>
    public SipUserAgent(SipEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        Endpoint = endpoint;
        endpoint.InvokeAsync(() =>
        {
            endpoint.SetOutOfDialogHandler(SipMethodKind.Invite, OnInvite);
            endpoint.SetOutOfDialogHandler(SipMethodKind.Subscribe, request => Takes(request) && SipIncomingSubscription.Dispatch(this, request));
            return true;
        });
    }

    /// <summary>The endpoint.</summary>
    public SipEndpoint Endpoint { get; }

    /// <summary>Which new out-of-dialog INVITE and SUBSCRIBE requests this user agent takes; the others go on to
    /// <see cref="SipEndpoint.RequestReceived"/>, as when no user agent is installed. Lets a service that answers
    /// for a few URIs (a conference focus) share an endpoint with a proxy. Called on the endpoint's loop: it must be
    /// quick and must not throw. <see langword="null"/> (the default) takes them all.</summary>
    public Func<SipRequest, bool>? AcceptsRequest { get; set; }

    /// <summary>Invoked (thread pool) for each incoming call: ring, accept or reject it. When unset, incoming
    /// INVITEs get 480 (Temporarily Unavailable). A handler that throws before answering gets 500 sent for it.</summary>
    public Func<SipCall, Task>? IncomingCall { get; set; }

    /// <summary>Invoked (thread pool) when an INVITE of ours forked and a further branch answered 2xx after the
    /// call was established: the extra session, ACKed, as an established <see cref="SipCall"/> of its own, which
    /// the application now owns (hang it up when done). When unset (the default), such a 2xx is ACKed and at once
    /// ended with BYE (RFC 3261 §13.2.2.4). Read when a call starts. A handler that throws has the call hung up.</summary>
    public Func<SipCall, Task>? ForkedCallAnswered { get; set; }

    /// <summary>Invoked (thread pool) for each SUBSCRIBE outside a dialog (RFC 6665 §4.2): accept it to get a
    /// <see cref="SipNotifier"/>. When unset, SUBSCRIBE gets 489 (Bad Event).</summary>
    public Func<SipIncomingSubscription, Task>? SubscriptionReceived { get; set; }

    /// <summary>Subscribes to an event package (RFC 6665 §4.1) and returns once the SUBSCRIBE was accepted.</summary>
    /// <param name="toUri">The resource.</param>
    /// <param name="eventPackage">The Event header value, e.g. <c>presence</c>.</param>
    /// <param name="expires">The duration asked for.</param>
    /// <param name="accept">The Accept header value, or <see langword="null"/>.</param>
    /// <param name="target">Where to send it, or <see langword="null"/> to resolve <paramref name="toUri"/>.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The subscription (its NOTIFYs may have arrived already: read <see cref="SipSubscription.State"/>).</returns>
    /// <exception cref="SipSubscriptionException">The SUBSCRIBE was refused.</exception>
    /// <exception cref="SipRequestTimeoutException">No final response.</exception>
    /// <exception cref="SipTransportException">The transport failed.</exception>
    public Task<SipSubscription> SubscribeAsync(
        string toUri, string eventPackage, TimeSpan expires, string? accept = null, SipTransportTarget? target = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(toUri);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventPackage);
        return Endpoint.InvokeAsync(() =>
                SipSubscription.Start(Endpoint, toUri, eventPackage, expires, accept, target ?? Endpoint.Resolve(AddressUri.Parse(toUri))))
            .Unwrap()
            .WaitAsync(cancellationToken);
    }

    /// <summary>Starts a call: sends the INVITE and returns the call at once; await <see cref="SipCall.Established"/>.</summary>
    /// <param name="toUri">The callee (Request-URI and To).</param>
    /// <param name="body">The offer (e.g. SDP, copied), empty for none.</param>
    /// <param name="contentType">Its media type, e.g. <c>application/sdp</c>.</param>
    /// <param name="headers">Extra header lines, or <see langword="null"/>.</param>
    /// <param name="target">Where to send the INVITE; resolved from <paramref name="toUri"/> when <see langword="null"/>.</param>
    /// <param name="progress">Receives every provisional response 101–199, attached before the INVITE leaves
    /// (unlike <see cref="SipCall.Provisional"/>, which can only see those after it is subscribed).</param>
    /// <returns>The call.</returns>
    /// <exception cref="ArgumentException">The URI or a header cannot be carried.</exception>
    /// <exception cref="SipTransportException">The URI cannot be resolved.</exception>
    /// <exception cref="ObjectDisposedException">The endpoint was disposed.</exception>
    public Task<SipCall> StartCallAsync(
        string toUri,
        ReadOnlyMemory<byte> body = default,
        string? contentType = null,
        IEnumerable<KeyValuePair<string, string>>? headers = null,
        SipTransportTarget? target = null,
        IProgress<SipProvisionalResponse>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(toUri);
        var list = headers?.ToList();
        return Endpoint.InvokeAsync(() =>
        {
            var to = target ?? Endpoint.Resolve(AddressUri.Parse(toUri));
            var builder = Endpoint.CreateRequest("INVITE", toUri, toUri, to.Protocol);
            if (list is not null)
            {
                foreach (var (name, value) in list) builder.AddHeader(name, value);
            }

            // RFC 3262 §4: a UAC that can PRACK says so in the INVITE's Supported.
            if (Endpoint.Options.ReliableProvisionals) builder.AddHeader("Supported", "100rel");
            if (!body.IsEmpty || contentType is not null) builder.SetBody(body.Span, contentType);
            return SipCall.StartOutgoing(Endpoint, builder.Build(), to, progress, ForkedCallAnswered);
        });
    }

    /// <summary>Places a call and waits until it is established. Cancelling <paramref name="cancellationToken"/>
    /// cancels the INVITE (RFC 3261 §9.1); if the 2xx wins that race the call is ACKed and ended with BYE.</summary>
    /// <param name="toUri">The callee.</param>
    /// <param name="body">The offer, empty for none.</param>
    /// <param name="contentType">Its media type.</param>
    /// <param name="target">Where to send the INVITE, or <see langword="null"/> to resolve <paramref name="toUri"/>.</param>
    /// <param name="progress">Receives provisional responses, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call attempt.</param>
    /// <returns>The established call.</returns>
    /// <exception cref="SipCallFailedException">A non-2xx final response.</exception>
    /// <exception cref="SipRequestTimeoutException">No final response (timer B).</exception>
    /// <exception cref="SipTransportException">The transport failed.</exception>
    /// <exception cref="OperationCanceledException">The attempt was cancelled.</exception>
    public async Task<SipCall> PlaceCallAsync(
        string toUri,
        ReadOnlyMemory<byte> body,
        string? contentType,
        SipTransportTarget? target = null,
        IProgress<SipProvisionalResponse>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var call = await StartCallAsync(toUri, body, contentType, null, target, progress).ConfigureAwait(false);
        using (cancellationToken.Register(static c => _ = ((SipCall)c!).CancelAsync(), call))
        {
            await call.Established.ConfigureAwait(false);
        }

        return call;
    }

    /// <summary>Sends a MESSAGE (RFC 3428) outside any dialog and returns the final response (the caller owns it).</summary>
    /// <param name="toUri">The recipient.</param>
    /// <param name="body">The message body (copied; RFC 3428 §8 limits MESSAGE outside a session to 1300 bytes over UDP).</param>
    /// <param name="contentType">Its media type.</param>
    /// <param name="target">Where to send it, or <see langword="null"/> to resolve <paramref name="toUri"/>.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The final response.</returns>
    /// <exception cref="SipRequestTimeoutException">No final response.</exception>
    /// <exception cref="SipTransportException">The transport failed or the URI cannot be resolved.</exception>
    /// <exception cref="ObjectDisposedException">The endpoint was disposed.</exception>
    public Task<SipResponse> SendMessageAsync(
        string toUri, ReadOnlyMemory<byte> body, string contentType = "text/plain;charset=UTF-8", SipTransportTarget? target = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(toUri);
        var to = target ?? Endpoint.Resolve(AddressUri.Parse(toUri));
        var request = Endpoint.CreateRequest("MESSAGE", toUri, toUri, to.Protocol).SetBody(body.Span, contentType).Build();
        return Endpoint.SendRequestAsync(request, to, cancellationToken);
    }

    /// <summary>Sends OPTIONS (RFC 3261 §11) and returns the final response (the caller owns it).</summary>
    /// <param name="toUri">The URI queried.</param>
    /// <param name="target">Where to send it, or <see langword="null"/> to resolve <paramref name="toUri"/>.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The final response.</returns>
    /// <exception cref="SipRequestTimeoutException">No final response.</exception>
    /// <exception cref="SipTransportException">The transport failed or the URI cannot be resolved.</exception>
    /// <exception cref="ObjectDisposedException">The endpoint was disposed.</exception>
    public Task<SipResponse> SendOptionsAsync(string toUri, SipTransportTarget? target = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(toUri);
        var to = target ?? Endpoint.Resolve(AddressUri.Parse(toUri));
        var request = Endpoint.CreateRequest("OPTIONS", toUri, toUri, to.Protocol).AddHeader("Accept", "application/sdp").Build();
        return Endpoint.SendRequestAsync(request, to, cancellationToken);
    }

    private bool Takes(SipIncomingRequest request) => AcceptsRequest is not { } accepts || accepts(request.Request);

    private bool OnInvite(SipIncomingRequest invite)
    {
        if (!Takes(invite)) return false;
        var call = SipCall.Incoming(Endpoint, invite);
        var handler = IncomingCall;
        if (handler is null)
        {
            invite.RespondInLoop(480, null, null, default, null);
            return true;
        }

        Endpoint.StartHandler(async () =>
        {
            try
            {
                await handler(call).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                if (!invite.HasFinalResponse)
                {
                    try
                    {
                        await invite.RespondAsync(500).ConfigureAwait(false);
                    }
                    catch (Exception inner) when (inner is InvalidOperationException or ObjectDisposedException)
                    {
                        // answered or cancelled meanwhile
                    }
                }
            }
        });
        return true;
    }
}
