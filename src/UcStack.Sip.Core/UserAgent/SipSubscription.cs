using System.Globalization;
using UcStack.Sip.Dialogs;
using UcStack.Sip.Stack;
using UcStack.Sip.Transport;

namespace UcStack.Sip.UserAgent;

/// <summary>
/// A subscriber (RFC 6665 §4.1): SUBSCRIBE, NOTIFYs tracked through pending, active and terminated, a NOTIFY
/// that overtakes the 2xx creating the dialog (§4.1.2.4), refresh before expiry, and unsubscribe on dispose.
/// </summary>
/// <remarks>Thread-safe; state changes on the endpoint's loop; <see cref="NotificationReceived"/> is raised on
/// the thread pool.</remarks>
public sealed class SipSubscription : ISipDialogOwner, IAsyncDisposable
{
    private readonly SipEndpoint _endpoint;
    private readonly TimeSpan _requested;
    private readonly TaskCompletionSource<SipSubscription> _accepted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string?> _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly LoopTimer _refresh;
    private readonly LoopTimer _firstNotify;
    private AddressUri? _requestUri;
    private string _localTag = string.Empty;
    private uint _subscribeCSeq;
    private volatile SipSubscriptionState _state;
    private volatile SipDialog? _dialog;

    private SipSubscription(SipEndpoint endpoint, string eventPackage, TimeSpan expires)
    {
        _endpoint = endpoint;
        EventPackage = eventPackage;
        _requested = expires;
        _refresh = new LoopTimer(endpoint, Refresh);
        _firstNotify = new LoopTimer(endpoint, OnNoNotify);
    }

    /// <summary>The <see cref="Terminated"/> reason when the notifier accepted the SUBSCRIBE but sent no NOTIFY
    /// within 64*T1 (RFC 6665 §4.1.2.4).</summary>
    public const string NoNotifyReason = "no-notify";

    /// <summary>The event package (the Event header, e.g. <c>presence</c>).</summary>
    public string EventPackage { get; }

    /// <summary>The state.</summary>
    public SipSubscriptionState State => _state;

    /// <summary>The dialog, once a 2xx or NOTIFY created it.</summary>
    public SipDialog? Dialog => _dialog;

    /// <summary>The Call-ID.</summary>
    public string CallId { get; private set; } = string.Empty;

    /// <summary>Completes with the termination reason when the subscription is over: the notifier's <c>reason</c>
    /// parameter (or <see langword="null"/>), <see cref="NoNotifyReason"/> when no NOTIFY followed the 2xx within
    /// 64*T1, <c>refresh-refused</c>, <c>dialog-ended</c> or <c>disposed</c>.</summary>
    public Task<string?> Terminated => _terminated.Task;

    /// <summary>Raised (thread pool) for each NOTIFY, after it was answered 200.</summary>
    public event EventHandler<SipNotification>? NotificationReceived;

    /// <summary>Sends SUBSCRIBE on the loop; the result completes on the 2xx or fails on a final error.</summary>
    internal static Task<SipSubscription> Start(SipEndpoint endpoint, string toUri, string eventPackage, TimeSpan expires, string? accept, SipTransportTarget target)
    {
        var subscription = new SipSubscription(endpoint, eventPackage, expires);
        var builder = endpoint.CreateRequest("SUBSCRIBE", toUri, toUri, target.Protocol)
            .AddHeader("Event", eventPackage)
            .AddHeader("Expires", Seconds(expires));
        if (accept is not null) builder.AddHeader("Accept", accept);
        var request = builder.Build();
        subscription.CallId = request.CallId;
        subscription._localTag = request.FromTag!;
        subscription._subscribeCSeq = request.CSeqNumber;
        subscription._requestUri = request.RequestUri;
        endpoint.SetPendingSubscription(subscription.CallId, subscription._localTag, subscription.OnEarlyNotify);
        var pending = new SipEndpoint.PendingRequest(null, subscription.OnSubscribeFinal, subscription.OnSubscribeFailed)
        {
            // RFC 3261 §22.2: a challenged SUBSCRIBE goes again with credentials; its CSeq becomes the dialog's.
            Challenges = endpoint.NewChallengeResponder(() => ++subscription._subscribeCSeq),
        };
        endpoint.StartPending(request, target, pending);
        if (pending.Task.IsFaulted) subscription.OnSubscribeFailed(SipClientFailure.TransportError);
        return subscription._accepted.Task;
    }

    private static string Seconds(TimeSpan span) => ((long)span.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    /// <summary>A NOTIFY overtook the 2xx (RFC 6665 §4.1.2.4): it creates the dialog.</summary>
    private SipDialog? OnEarlyNotify(SipIncomingRequest notify)
    {
        if (_dialog is not null || _state == SipSubscriptionState.Terminated) return _dialog;
        var dialog = SipDialogFactory.CreateUas(_endpoint, this, notify.Request, _localTag, SipDialogState.Confirmed);
        dialog.LocalSequence = _subscribeCSeq;
        dialog.RemoteSequence = null; // the endpoint records the NOTIFY's CSeq next
        if (!_endpoint.TryAddDialog(dialog)) return null;
        _dialog = dialog;
        return dialog;
    }

    private void OnSubscribeFinal(SipResponse response)
    {
        _endpoint.SetPendingSubscription(CallId, _localTag, null);
        if (response.StatusCode is >= 200 and < 300)
        {
            if (_dialog is null)
            {
                var dialog = SipDialogFactory.CreateUac(_endpoint, this, response, _requestUri!, _subscribeCSeq, SipDialogState.Confirmed);
                if (_endpoint.TryAddDialog(dialog)) _dialog = dialog;
            }

            // RFC 6665 §4.1.2.1: the 2xx's Expires is the duration the notifier granted.
            var granted = response.Expires is { } e ? TimeSpan.FromSeconds(e) : _requested;
            ScheduleRefresh(granted);

            // RFC 6665 §4.1.2.4: a NOTIFY must follow the 2xx; none within 64*T1 means the subscription failed.
            if (_state == SipSubscriptionState.Initial) _firstNotify.Arm(_endpoint.Options.Timers.SixtyFourT1);
            _accepted.TrySetResult(this);
            return;
        }

        End(null);
        _accepted.TrySetException(new SipSubscriptionException(response.StatusCode, response.ReasonPhrase));
    }

    private void OnSubscribeFailed(SipClientFailure failure)
    {
        _endpoint.SetPendingSubscription(CallId, _localTag, null);
        End(null);
        _accepted.TrySetException(failure == SipClientFailure.Timeout
            ? new SipRequestTimeoutException("The SUBSCRIBE got no final response.")
            : new SipTransportException("The SUBSCRIBE could not be sent."));
    }

    private void OnNoNotify()
    {
        if (_state != SipSubscriptionState.Initial) return;
        _endpoint.LogNoNotify(CallId);
        End(NoNotifyReason);
    }

    private void ScheduleRefresh(TimeSpan granted)
    {
        if (granted <= TimeSpan.Zero || _state == SipSubscriptionState.Terminated) return;
        var margin = TimeSpan.FromSeconds(30) < granted / 2 ? TimeSpan.FromSeconds(30) : granted / 2;
        _refresh.Arm(granted - margin);
    }

    private void Refresh()
    {
        // RFC 6665 §4.1.2.2: refresh with a SUBSCRIBE in the dialog before the subscription expires.
        if (_dialog is not { State: not SipDialogState.Terminated } dialog) return;
        var pending = dialog.StartRequest("SUBSCRIBE", [new("Event", EventPackage), new("Expires", Seconds(_requested))], default, null, OnRefreshAnswered);
        pending.ContinueWith(
            static t =>
            {
                if (t.IsCompletedSuccessfully) t.Result.Dispose();
                else _ = t.Exception;
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>The final response to a refresh, on the loop.</summary>
    private void OnRefreshAnswered(SipResponse response)
    {
        var code = response.StatusCode;
        if (code is >= 200 and < 300) ScheduleRefresh(response.Expires is { } e ? TimeSpan.FromSeconds(e) : _requested);
        else if (code >= 400) End("refresh-refused");
    }

    /// <summary>Unsubscribes (SUBSCRIBE with Expires: 0, RFC 6665 §4.1.2.3); the notifier's final NOTIFY then
    /// terminates the subscription.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the unsubscribe was answered.</returns>
    /// <exception cref="SipRequestTimeoutException">No final response.</exception>
    /// <exception cref="SipTransportException">The transport failed.</exception>
    public async Task UnsubscribeAsync(CancellationToken cancellationToken = default)
    {
        var dialog = _dialog;
        if (dialog is null || _state == SipSubscriptionState.Terminated) return;
        await _endpoint.InvokeAsync(() =>
        {
            _refresh.Cancel();
            return true;
        }).ConfigureAwait(false);
        using var response = await dialog.SendRequestAsync("SUBSCRIBE", [new("Event", EventPackage), new("Expires", "0")], default, null, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Unsubscribes when still subscribed (failures ignored) and releases the refresh timer.</summary>
    /// <returns>A task that completes when done.</returns>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await UnsubscribeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SipRequestTimeoutException or SipTransportException or ObjectDisposedException or InvalidOperationException)
        {
            // best effort
        }

        try
        {
            await _endpoint.InvokeAsync(() =>
            {
                End("disposed");
                return true;
            }).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // the endpoint ended everything already
        }
    }

    void ISipDialogOwner.OnRequest(SipDialog dialog, SipIncomingRequest request)
    {
        var message = request.Request;
        if (message.MethodKind != SipMethodKind.Notify)
        {
            request.RespondInLoop(405, null, [new("Allow", "NOTIFY")], default, null);
            return;
        }

        // RFC 6665 §8.2.3: NOTIFY must carry Subscription-State; RFC 6665 §4.1.3: answer 200, then act on it.
        if (!message.Headers.TryGetFirst("Subscription-State", out var header) || !SubscriptionStateValue.TryParse(header.Value, out var state))
        {
            request.RespondInLoop(400, "Missing or bad Subscription-State", null, default, null);
            return;
        }

        request.RespondInLoop(200, null, null, default, null);
        _firstNotify.Cancel();
        dialog.RefreshTarget(message);
        var notification = new SipNotification(state.State, message.Body.ToArray(), message.ContentType?.MediaType, state.Reason);
        if (NotificationReceived is { } handler) _endpoint.RunHandler(() => handler(this, notification));
        if (state.State == SipSubscriptionState.Terminated)
        {
            End(state.Reason);
            return;
        }

        _state = state.State;
        if (state.Expires is { } expires) ScheduleRefresh(TimeSpan.FromSeconds(expires));
    }

    private void End(string? reason)
    {
        if (_state == SipSubscriptionState.Terminated) return;
        _state = SipSubscriptionState.Terminated;
        _refresh.Cancel();
        _firstNotify.Cancel();
        _endpoint.SetPendingSubscription(CallId, _localTag, null);
        _dialog?.SetState(SipDialogState.Terminated);
        _terminated.TrySetResult(reason);
    }

    void ISipDialogOwner.OnAck(SipDialog dialog, SipRequest ack)
    {
        // no ACKs in a subscription dialog
    }

    void ISipDialogOwner.OnStray2xx(SipDialog dialog, SipResponse response)
    {
        // only INVITE 2xx are stray-matched
    }

    void ISipDialogOwner.OnDialogTerminated(SipDialog dialog) => End("dialog-ended");

    void ISipDialogOwner.OnShutdown(SipDialog dialog) => End("disposed");
}

/// <summary>A SUBSCRIBE was refused.</summary>
public sealed class SipSubscriptionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SipSubscriptionException() : base("The subscription was refused.") { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed.</param>
    public SipSubscriptionException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public SipSubscriptionException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception for a final response.</summary>
    /// <param name="statusCode">The status code.</param>
    /// <param name="reasonPhrase">The reason phrase.</param>
    public SipSubscriptionException(int statusCode, string reasonPhrase)
        : base(string.Concat("The SUBSCRIBE was answered ", statusCode.ToString(CultureInfo.InvariantCulture), " ", reasonPhrase)) => StatusCode = statusCode;

    /// <summary>The final status code, 0 when not built from a response.</summary>
    public int StatusCode { get; }
}
