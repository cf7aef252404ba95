using UcStack.Sip.Stack;
using UcStack.Sip.Transport;

namespace UcStack.Sip.Dialogs;

/// <summary>
/// A dialog (RFC 3261 §12): the peer-to-peer relationship identified by Call-ID, local tag and remote tag,
/// with its sequence numbers, route set and remote target. In-dialog requests are built from this state
/// (§12.2.1.1) and received ones checked against it (§12.2.2).
/// </summary>
/// <remarks>Thread-safe to read; the state changes only on the endpoint's loop. <see cref="SendRequestAsync"/>
/// may be called from any thread. Only loose routing (RFC 3261 §16.12, <c>lr</c>) is supported: a route set
/// whose first entry is a strict router is used as if it were loose.</remarks>
public sealed class SipDialog
{
    private readonly SipEndpoint _endpoint;
    private volatile SipDialogState _state;
    private AddressUri _remoteTarget;

    internal SipDialog(
        SipEndpoint endpoint, ISipDialogOwner owner, bool isUac, string callId, string localTag, string remoteTag,
        NameAddressHeader local, NameAddressHeader remote, AddressUri remoteTarget, IReadOnlyList<string> routeSet,
        uint localSequence, uint? remoteSequence, SipDialogState state)
    {
        _endpoint = endpoint;
        Owner = owner;
        IsUac = isUac;
        CallId = callId;
        LocalTag = localTag;
        RemoteTag = remoteTag;
        LocalUri = local.Uri!.ToString();
        LocalDisplayName = local.DisplayName;
        RemoteUri = remote.Uri!.ToString();
        RemoteDisplayName = remote.DisplayName;
        _remoteTarget = remoteTarget;
        RouteSet = routeSet;
        LocalSequence = localSequence;
        RemoteSequence = remoteSequence;
        _state = state;
    }

    /// <summary>Whether this side created the dialog as UAC.</summary>
    public bool IsUac { get; }

    /// <summary>The Call-ID.</summary>
    public string CallId { get; }

    /// <summary>The local tag (our From tag as UAC, our To tag as UAS).</summary>
    public string LocalTag { get; }

    /// <summary>The remote tag.</summary>
    public string RemoteTag { get; }

    /// <summary>The local URI (RFC 3261 §12.1.1).</summary>
    public string LocalUri { get; }

    /// <summary>The local display name, if any.</summary>
    public string? LocalDisplayName { get; }

    /// <summary>The remote URI.</summary>
    public string RemoteUri { get; }

    /// <summary>The remote display name, if any.</summary>
    public string? RemoteDisplayName { get; }

    /// <summary>The remote target: the peer's Contact, refreshed by target refresh requests (RFC 3261 §12.2).</summary>
    public AddressUri RemoteTarget
    {
        get => Volatile.Read(ref _remoteTarget);
        internal set => Volatile.Write(ref _remoteTarget, value);
    }

    /// <summary>The route set (Record-Route in order as UAS, reversed as UAC; RFC 3261 §12.1).</summary>
    public IReadOnlyList<string> RouteSet { get; }

    /// <summary>The last CSeq number used by this side.</summary>
    public uint LocalSequence { get; internal set; }

    /// <summary>The last CSeq number received from the peer, or <see langword="null"/> before any request.</summary>
    public uint? RemoteSequence { get; internal set; }

    /// <summary>The state.</summary>
    public SipDialogState State => _state;

    internal ISipDialogOwner Owner { get; }

    internal string Key => MakeKey(CallId, LocalTag, RemoteTag);

    internal SipEndpoint Endpoint => _endpoint;

    /// <summary>Raised on the thread pool after the state changed.</summary>
    public event EventHandler<SipDialogState>? StateChanged;

    internal static string MakeKey(string callId, string localTag, string remoteTag) =>
        string.Concat(callId, "\n", localTag, "\n", remoteTag);

    internal void SetState(SipDialogState state)
    {
        if (_state == state || _state == SipDialogState.Terminated) return;
        _state = state;
        _endpoint.OnDialogStateChanged(this, state);
        if (state == SipDialogState.Terminated)
        {
            _endpoint.RemoveDialog(this);
            Owner.OnDialogTerminated(this);
        }

        var handler = StateChanged;
        if (handler is not null) _endpoint.RunHandler(() => handler(this, state));
    }

    /// <summary>The next hop for in-dialog requests: the first route, else the remote target (RFC 3261 §12.2.1.1).</summary>
    internal SipTransportTarget NextHop()
    {
        if (RouteSet.Count > 0) return _endpoint.Resolve(NameAddressHeader.Parse(RouteSet[0]).Uri!);
        return _endpoint.Resolve(RemoteTarget);
    }

    /// <summary>Builds an in-dialog request (RFC 3261 §12.2.1.1). Call on the loop.</summary>
    /// <param name="method">The method.</param>
    /// <param name="sequence">The CSeq number; <see langword="null"/> takes the next local one.</param>
    /// <param name="protocol">The transport for Via and Contact.</param>
    internal SipRequestBuilder CreateRequestBuilder(string method, uint? sequence, SipTransportProtocol protocol)
    {
        // RFC 3261 §12.2.1.1: Request-URI is the remote target (loose routing), To carries the remote tag,
        // From the local tag, Call-ID the dialog's, CSeq the local sequence plus one, Route the route set.
        if (sequence is null)
        {
            LocalSequence++;
            sequence = LocalSequence;
        }

        var builder = new SipRequestBuilder(method, RemoteTarget.ToString())
            .AddHeader("Via", _endpoint.NewVia(protocol))
            .SetMaxForwards()
            .SetFrom(LocalUri, LocalDisplayName, LocalTag)
            .SetTo(RemoteUri, RemoteDisplayName, RemoteTag)
            .SetCallId(CallId)
            .SetCSeq(sequence.Value);
        foreach (var route in RouteSet) builder.AddHeader("Route", route);

        // RFC 3261 §12.2.1.1, RFC 3311 §5.1, RFC 6665 §4.1.2.1, RFC 3515 §2.4.1: target refresh requests carry Contact.
        if (method is "INVITE" or "UPDATE" or "SUBSCRIBE" or "NOTIFY" or "REFER") builder.AddContact(_endpoint.LocalContact(protocol));
        if (_endpoint.Options.UserAgent is { } agent) builder.AddHeader("User-Agent", agent);
        return builder;
    }

    /// <summary>
    /// Sends a request inside the dialog (BYE, INFO, MESSAGE, UPDATE, REFER, NOTIFY, ...) and returns its final
    /// response, which the caller owns. A 2xx to UPDATE refreshes the remote target (RFC 3311 §5.1); a 481 or
    /// 408 ends the dialog (RFC 3261 §12.2.1.2); a BYE ends it whatever the answer (§15.1.1). A 401/407 is
    /// answered once per challenge with <see cref="SipEndpointOptions.DigestClient"/>, when set (§22.2).
    /// </summary>
    /// <param name="method">The method (not INVITE, ACK or CANCEL: re-INVITEs go through the call).</param>
    /// <param name="headers">Extra header lines, or <see langword="null"/>.</param>
    /// <param name="body">The body (copied), empty for none.</param>
    /// <param name="contentType">The body's media type, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops waiting (the transaction runs on).</param>
    /// <returns>The final response.</returns>
    /// <exception cref="ArgumentException">The method is INVITE, ACK or CANCEL, or a header cannot be carried.</exception>
    /// <exception cref="InvalidOperationException">The dialog is terminated.</exception>
    /// <exception cref="SipRequestTimeoutException">No final response (timer F).</exception>
    /// <exception cref="SipTransportException">The transport failed or the next hop cannot be resolved.</exception>
    /// <exception cref="ObjectDisposedException">The endpoint was disposed.</exception>
    public Task<SipResponse> SendRequestAsync(
        string method,
        IEnumerable<KeyValuePair<string, string>>? headers = null,
        ReadOnlyMemory<byte> body = default,
        string? contentType = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        if (method is "INVITE" or "ACK" or "CANCEL") throw new ArgumentException("INVITE, ACK and CANCEL are sent by the call.", nameof(method));
        var list = headers?.ToList();
        return _endpoint.InvokeAsync(() => StartRequest(method, list, body, contentType))
            .Unwrap()
            .WaitAsync(cancellationToken);
    }

    /// <summary>Builds and sends an in-dialog non-INVITE request on the loop; <paramref name="onFinal"/> sees the final
    /// response on the loop, before the returned task completes.</summary>
    internal Task<SipResponse> StartRequest(
        string method, IReadOnlyList<KeyValuePair<string, string>>? headers, ReadOnlyMemory<byte> body, string? contentType, Action<SipResponse>? onFinal = null)
    {
        if (State == SipDialogState.Terminated) throw new InvalidOperationException("The dialog is terminated.");
        var target = NextHop();
        var builder = CreateRequestBuilder(method, null, target.Protocol);
        if (headers is not null)
        {
            foreach (var (name, value) in headers) builder.AddHeader(name, value);
        }

        if (!body.IsEmpty || contentType is not null) builder.SetBody(body.Span, contentType);
        var request = builder.Build();
        var pending = new SipEndpoint.PendingRequest(
            provisional: null,
            final: response =>
            {
                OnFinalResponse(method, response);
                onFinal?.Invoke(response);
            },
            failed: failure =>
            {
                // RFC 3261 §12.2.1.2: a timeout of an in-dialog request ends the dialog (as a 408 would).
                if (failure == SipClientFailure.Timeout) SetState(SipDialogState.Terminated);
            })
        {
            // RFC 3261 §22.2, §12.2.1.1: a challenged in-dialog request is retried with the dialog's next CSeq.
            Challenges = _endpoint.NewChallengeResponder(() => ++LocalSequence),
        };
        _endpoint.StartPending(request, target, pending);
        if (method == "BYE") SetState(SipDialogState.Terminated); // RFC 3261 §15.1.1: the session ends when BYE is sent
        return pending.Task;
    }

    private void OnFinalResponse(string method, SipResponse response)
    {
        // RFC 3261 §12.2.1.2: 481 or 408 to an in-dialog request ends the dialog.
        if (response.StatusCode is 481 or 408)
        {
            SetState(SipDialogState.Terminated);
            return;
        }

        // RFC 3311 §5.1: a 2xx to UPDATE carries the peer's (possibly new) Contact: the new remote target.
        if (method == "UPDATE" && response.StatusCode is >= 200 and < 300) RefreshTarget(response);
    }

    /// <summary>Replaces the remote target with the message's Contact, if it has one (RFC 3261 §12.2).</summary>
    internal void RefreshTarget(SipMessage message)
    {
        try
        {
            if (message.Contacts is [{ Uri: { } uri }, ..]) RemoteTarget = uri;
        }
        catch (SipParseException)
        {
            // A malformed Contact leaves the target as it was.
        }
    }

    /// <inheritdoc/>
    public override string ToString() => string.Concat(IsUac ? "UAC " : "UAS ", CallId, " ", LocalTag, "/", RemoteTag, " ", State.ToString());
}
