using System.Globalization;
using UcStack.Sip.Dialogs;
using UcStack.Sip.Stack;

namespace UcStack.Sip.UserAgent;

/// <summary>A SUBSCRIBE received outside a dialog, waiting to be accepted or rejected (RFC 6665 §4.2.1).</summary>
/// <remarks>Thread-safe.</remarks>
public sealed class SipIncomingSubscription
{
    private readonly SipEndpoint _endpoint;

    internal SipIncomingSubscription(SipEndpoint endpoint, SipIncomingRequest request, string eventPackage)
    {
        _endpoint = endpoint;
        Request = request;
        EventPackage = eventPackage;
        RequestedExpires = TimeSpan.FromSeconds(request.Request.Expires ?? 3600);
    }

    /// <summary>The SUBSCRIBE.</summary>
    public SipIncomingRequest Request { get; }

    /// <summary>The Event header value (package and parameters such as <c>id</c>).</summary>
    public string EventPackage { get; }

    /// <summary>The duration asked for (Expires; one hour when absent).</summary>
    public TimeSpan RequestedExpires { get; }

    /// <summary>Accepts with 200 and at once sends the first NOTIFY (RFC 6665 §4.2.1.2) with the current state.</summary>
    /// <param name="body">The current event state (copied), empty for none.</param>
    /// <param name="contentType">Its media type, or <see langword="null"/>.</param>
    /// <param name="expires">The duration granted (at most the one asked for); <see cref="RequestedExpires"/> when <see langword="null"/>.</param>
    /// <param name="pending">Whether the subscription awaits authorization (Subscription-State: pending).</param>
    /// <returns>The notifier.</returns>
    /// <exception cref="InvalidOperationException">Already answered.</exception>
    /// <exception cref="ObjectDisposedException">The endpoint was disposed.</exception>
    public Task<SipNotifier> AcceptAsync(ReadOnlyMemory<byte> body = default, string? contentType = null, TimeSpan? expires = null, bool pending = false)
    {
        var granted = expires is { } e && e < RequestedExpires ? e : RequestedExpires;
        var copy = body.ToArray();
        return _endpoint.InvokeAsync(() =>
        {
            var notifier = new SipNotifier(_endpoint, EventPackage, granted, pending);
            Request.ResponseObserver = response =>
            {
                if (response.StatusCode is >= 200 and < 300) notifier.OnAccepted(Request);
            };
            Request.RespondInLoop(200, null, [new("Expires", ((long)granted.TotalSeconds).ToString(CultureInfo.InvariantCulture))], default, null);
            notifier.SendState(copy, contentType);
            return notifier;
        });
    }

    /// <summary>Refuses the subscription.</summary>
    /// <param name="statusCode">A final status, e.g. 403 or 489 (Bad Event).</param>
    /// <returns>A task that completes when the response was handed to the transaction.</returns>
    /// <exception cref="InvalidOperationException">Already answered.</exception>
    public Task RejectAsync(int statusCode = 403) => Request.RespondAsync(statusCode);

    internal static bool Dispatch(SipUserAgent agent, SipIncomingRequest request)
    {
        var handler = agent.SubscriptionReceived;
        if (!request.Request.Headers.TryGetFirst("Event", out var eventHeader) || handler is null)
        {
            // RFC 6665 §4.2.1.1: an event package we do not serve gets 489 (Bad Event).
            request.RespondInLoop(489, null, null, default, null);
            return true;
        }

        var incoming = new SipIncomingSubscription(agent.Endpoint, request, eventHeader.Value);
        agent.Endpoint.StartHandler(() => RunAsync(handler, incoming));
        return true;
    }

    private static async Task RunAsync(Func<SipIncomingSubscription, Task> handler, SipIncomingSubscription incoming)
    {
        try
        {
            await handler(incoming).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            if (!incoming.Request.HasFinalResponse)
            {
                try
                {
                    await incoming.Request.RespondAsync(500).ConfigureAwait(false);
                }
                catch (Exception inner) when (inner is InvalidOperationException or ObjectDisposedException)
                {
                    // answered meanwhile
                }
            }
        }
    }
}

/// <summary>
/// The notifier side of one subscription (RFC 6665 §4.2): sends NOTIFYs with the event state, answers refreshes
/// and unsubscribes, and ends the subscription when it expires (reason <c>timeout</c>) or on
/// <see cref="TerminateAsync"/>.
/// </summary>
/// <remarks>Thread-safe; work runs on the endpoint's loop.</remarks>
public sealed class SipNotifier : ISipDialogOwner
{
    private readonly SipEndpoint _endpoint;
    private readonly LoopTimer _expiry;
    private readonly TaskCompletionSource<string?> _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _expiresAt;
    private volatile SipSubscriptionState _state;
    private SipDialog? _dialog;

    internal SipNotifier(SipEndpoint endpoint, string eventPackage, TimeSpan expires, bool pending)
    {
        _endpoint = endpoint;
        EventPackage = eventPackage;
        _state = pending ? SipSubscriptionState.Pending : SipSubscriptionState.Active;
        _expiry = new LoopTimer(endpoint, () => Terminate("timeout", default, null));
        Extend(expires);
    }

    /// <summary>The Event header value echoed in every NOTIFY.</summary>
    public string EventPackage { get; }

    /// <summary>The state.</summary>
    public SipSubscriptionState State => _state;

    /// <summary>The dialog.</summary>
    public SipDialog? Dialog => _dialog;

    /// <summary>Completes with the reason when the subscription ended.</summary>
    public Task<string?> Terminated => _terminated.Task;

    /// <summary>Sends a NOTIFY with new event state (and, from pending, the active state once authorized).</summary>
    /// <param name="body">The event state (copied).</param>
    /// <param name="contentType">Its media type, or <see langword="null"/>.</param>
    /// <param name="activate">Move a pending subscription to active.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the NOTIFY was sent.</returns>
    /// <exception cref="InvalidOperationException">The subscription is terminated.</exception>
    public Task NotifyAsync(ReadOnlyMemory<byte> body, string? contentType, bool activate = true, CancellationToken cancellationToken = default)
    {
        var copy = body.ToArray();
        return _endpoint.InvokeAsync(() =>
        {
            if (_state == SipSubscriptionState.Terminated) throw new InvalidOperationException("The subscription is terminated.");
            if (activate) _state = SipSubscriptionState.Active;
            SendState(copy, contentType);
            return true;
        }).WaitAsync(cancellationToken);
    }

    /// <summary>Ends the subscription with a final NOTIFY (Subscription-State: terminated, RFC 6665 §4.2.2).</summary>
    /// <param name="reason">The reason parameter, e.g. <c>noresource</c>, <c>rejected</c>, <c>deactivated</c>.</param>
    /// <param name="body">Final event state, empty for none.</param>
    /// <param name="contentType">Its media type.</param>
    /// <returns>A task that completes when the NOTIFY was sent.</returns>
    public Task TerminateAsync(string reason = "noresource", ReadOnlyMemory<byte> body = default, string? contentType = null)
    {
        var copy = body.ToArray();
        return _endpoint.InvokeAsync(() =>
        {
            Terminate(reason, copy, contentType);
            return true;
        });
    }

    internal void OnAccepted(SipIncomingRequest subscribe)
    {
        // RFC 6665 §4.2.1: the 2xx to SUBSCRIBE creates the dialog on the notifier's side.
        var dialog = SipDialogFactory.CreateUas(_endpoint, this, subscribe.Request, subscribe.LocalTag, SipDialogState.Confirmed);
        if (_endpoint.TryAddDialog(dialog)) _dialog = dialog;
        subscribe.Dialog = dialog;
    }

    internal void SendState(ReadOnlyMemory<byte> body, string? contentType)
    {
        if (_dialog is not { State: not SipDialogState.Terminated } dialog) return;
        var remaining = Math.Max(0, (long)_endpoint.TimeProvider.GetElapsedTime(_endpoint.TimeProvider.GetTimestamp(), _expiresAt).TotalSeconds);
        var state = new SubscriptionStateValue(_state, (uint)Math.Min(remaining, uint.MaxValue), null);
        Send(dialog, state, body, contentType);
    }

    private void Send(SipDialog dialog, SubscriptionStateValue state, ReadOnlyMemory<byte> body, string? contentType)
    {
        var pending = dialog.StartRequest("NOTIFY", [new("Event", EventPackage), new("Subscription-State", state.Format())], body, contentType);
        pending.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    private void Extend(TimeSpan expires)
    {
        _expiresAt = _endpoint.TimeProvider.GetTimestamp() + (long)(expires.TotalSeconds * _endpoint.TimeProvider.TimestampFrequency);
        _expiry.Arm(expires);
    }

    private void Terminate(string? reason, ReadOnlyMemory<byte> body, string? contentType)
    {
        if (_state == SipSubscriptionState.Terminated) return;
        _state = SipSubscriptionState.Terminated;
        _expiry.Cancel();
        if (_dialog is { State: not SipDialogState.Terminated } dialog)
        {
            Send(dialog, new SubscriptionStateValue(SipSubscriptionState.Terminated, null, reason), body, contentType);
            dialog.SetState(SipDialogState.Terminated);
        }

        _terminated.TrySetResult(reason);
    }

    void ISipDialogOwner.OnRequest(SipDialog dialog, SipIncomingRequest request)
    {
        var message = request.Request;
        if (message.MethodKind != SipMethodKind.Subscribe)
        {
            request.RespondInLoop(405, null, [new("Allow", "SUBSCRIBE")], default, null);
            return;
        }

        // RFC 6665 §4.2.1.2: a refresh resets the expiry; Expires: 0 unsubscribes, answered by a final NOTIFY.
        var expires = message.Expires ?? 3600;
        request.RespondInLoop(200, null, [new("Expires", expires.ToString(CultureInfo.InvariantCulture))], default, null);
        if (expires == 0)
        {
            Terminate("timeout", default, null);
            return;
        }

        Extend(TimeSpan.FromSeconds(expires));
        SendState(default, null);
    }

    void ISipDialogOwner.OnAck(SipDialog dialog, SipRequest ack)
    {
        // no ACKs in a subscription dialog
    }

    void ISipDialogOwner.OnStray2xx(SipDialog dialog, SipResponse response)
    {
        // only INVITE 2xx are stray-matched
    }

    void ISipDialogOwner.OnDialogTerminated(SipDialog dialog)
    {
        if (_state == SipSubscriptionState.Terminated) return;
        _state = SipSubscriptionState.Terminated;
        _expiry.Cancel();
        _terminated.TrySetResult("dialog-ended");
    }

    void ISipDialogOwner.OnShutdown(SipDialog dialog) => ((ISipDialogOwner)this).OnDialogTerminated(dialog);
}
