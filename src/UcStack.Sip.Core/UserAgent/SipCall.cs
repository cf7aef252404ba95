using UcStack.Sip.Dialogs;
using UcStack.Sip.Stack;
using UcStack.Sip.Transport;

namespace UcStack.Sip.UserAgent;

/// <summary>
/// An INVITE session (RFC 3261 §13–§15), outgoing or incoming. Outgoing calls surface provisional responses,
/// can be cancelled until answered, ACK every 2xx themselves (§13.2.2.4) and hang up with BYE. Incoming calls
/// ring, accept with a body, or reject; the 2xx is retransmitted until the ACK arrives (§13.3.1.4). Bodies
/// (e.g. SDP) are opaque bytes with a content type.
/// </summary>
/// <remarks>Thread-safe: every method may be called from any thread (work runs on the endpoint's loop).
/// Events and handlers are invoked on the thread pool, never on the loop.</remarks>
public sealed partial class SipCall : ISipDialogOwner
{
    private readonly SipEndpoint _endpoint;
    private readonly TaskCompletionSource _established = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<SipCallEnd> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile SipCallState _state;
    private volatile SipDialog? _dialog;
    private ReadOnlyMemory<byte> _remoteBody;
    private string? _remoteContentType;
    private bool _hangingUp;
    private TaskCompletionSource? _byeDone;

    private SipCall(SipEndpoint endpoint, bool isIncoming, SipCallState state)
    {
        _endpoint = endpoint;
        IsIncoming = isIncoming;
        _state = state;
    }

    /// <summary>Whether the peer called us.</summary>
    public bool IsIncoming { get; }

    /// <summary>The Call-ID.</summary>
    public string CallId { get; private set; } = string.Empty;

    /// <summary>The current state.</summary>
    public SipCallState State => _state;

    /// <summary>The confirmed dialog (or, for an incoming call, the early one), once there is one.</summary>
    public SipDialog? Dialog => _dialog;

    /// <summary>The peer's session description: the INVITE's body (incoming) or the 2xx's body (outgoing).
    /// Updated by re-INVITEs.</summary>
    public ReadOnlyMemory<byte> RemoteBody => _remoteBody;

    /// <summary>The media type of <see cref="RemoteBody"/>, or <see langword="null"/>.</summary>
    public string? RemoteContentType => _remoteContentType;

    /// <summary>Completes when the call is established: outgoing, when a 2xx arrived (and was ACKed); incoming,
    /// when the ACK for our 2xx arrived. Faults with <see cref="SipCallFailedException"/> (non-2xx final),
    /// <see cref="SipRequestTimeoutException"/> (no answer, or no ACK), <see cref="SipTransportException"/>, or is
    /// cancelled when the call was cancelled or ended first.</summary>
    public Task Established => _established.Task;

    /// <summary>Completes when the call is over, with the reason.</summary>
    public Task<SipCallEnd> Ended => _ended.Task;

    /// <summary>Raised (thread pool) for each provisional response 101–199 to an outgoing INVITE.</summary>
    public event EventHandler<SipProvisionalResponse>? Provisional;

    /// <summary>Raised (thread pool) when the state changes.</summary>
    public event EventHandler<SipCallState>? StateChanged;

    /// <summary>Raised (thread pool) for each NOTIFY reporting the progress of a REFER we sent (RFC 3515).</summary>
    public event EventHandler<SipReferProgress>? ReferProgress;

    /// <summary>Handles in-dialog requests other than BYE, ACK and REFER NOTIFYs (re-INVITE, UPDATE, INFO, MESSAGE,
    /// REFER, ...); invoked on the thread pool; answer with <see cref="SipIncomingRequest.RespondAsync"/>. When
    /// unset, INFO, MESSAGE and UPDATE without a body get 200, a re-INVITE gets 488 (Not Acceptable Here), others 405.
    /// A target refresh (re-INVITE, UPDATE) has already updated the dialog's remote target (RFC 3261 §12.2.2).</summary>
    public Func<SipIncomingRequest, Task>? RequestReceived { get; set; }

    /// <summary>Hangs up: BYE when established (incoming: once the ACK arrived, RFC 3261 §15), CANCEL while an
    /// outgoing call is unanswered, 603 (Decline) for an unanswered incoming call. Nothing once terminated. The
    /// session is over on this side as soon as the BYE is sent (§15.1.1: <see cref="Ended"/> completes then); the
    /// task tells whether the peer accepted it.</summary>
    /// <param name="cancellationToken">Stops waiting (the BYE runs on).</param>
    /// <returns>A task that completes, for a BYE, when its final response arrived (a 2xx, or 481: the peer has no
    /// such session any more); for CANCEL or 603, when the request or response was handed to the stack. Calling
    /// it again returns the same outcome.</returns>
    /// <exception cref="SipRequestTimeoutException">The BYE got no final response within 64*T1 (timer F).</exception>
    /// <exception cref="SipCallFailedException">The peer answered the BYE with another final response.</exception>
    /// <exception cref="SipTransportException">The BYE could not be sent.</exception>
    /// <exception cref="ObjectDisposedException">The endpoint was disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task HangUpAsync(CancellationToken cancellationToken = default) =>
        _endpoint.InvokeAsync(() =>
        {
            switch (_state)
            {
                case SipCallState.Calling or SipCallState.Proceeding:
                    RequestCancel();
                    break;
                case SipCallState.Incoming:
                    if (_incomingInvite is { HasFinalResponse: false } invite) invite.RespondInLoop(603, null, null, default, null);
                    break;
                case SipCallState.Established:
                    HangUpEstablished();
                    break;
            }

            return _byeDone?.Task ?? Task.CompletedTask;
        }).Unwrap().WaitAsync(cancellationToken);

    private void SetState(SipCallState state)
    {
        if (_state == state || _state == SipCallState.Terminated) return;
        _state = state;
        var handler = StateChanged;
        if (handler is not null) _endpoint.RunHandler(() => handler(this, state));
    }

    /// <summary>Ends the call: stops timers, terminates dialogs, completes the tasks.</summary>
    private void End(SipCallEnd end, Exception? failure = null)
    {
        if (_state == SipCallState.Terminated) return;
        SetState(SipCallState.Terminated);
        DisposeTimers();
        foreach (var early in _early.Values.ToArray()) early.SetState(SipDialogState.Terminated);
        _early.Clear();
        _dialog?.SetState(SipDialogState.Terminated);
        if (failure is not null) _established.TrySetException(failure);
        else _established.TrySetCanceled();
        _ended.TrySetResult(end);
    }

    private void HangUpEstablished()
    {
        // RFC 3261 §15: the callee must not send BYE before the ACK for its 2xx (or the give-up of §13.3.1.4).
        if (_pending2xx is { Initial: true })
        {
            _byeAfterAck = true;
            NewByeOutcome();
            return;
        }

        SendBye(SipCallEndReason.LocalHangUp);
    }

    private void SendBye(SipCallEndReason reason)
    {
        var dialog = _dialog;
        var outcome = NewByeOutcome();
        if (dialog is null || dialog.State == SipDialogState.Terminated)
        {
            outcome.TrySetResult();
            End(new SipCallEnd(reason));
            return;
        }

        _hangingUp = true;
        try
        {
            var bye = dialog.StartRequest("BYE", null, default, null);
            bye.ContinueWith(
                static (t, state) => CompleteBye(t, (TaskCompletionSource)state!),
                outcome,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
        catch (Exception ex) when (ex is SipTransportException or InvalidOperationException or ArgumentException)
        {
            // No route for the BYE: the session is over for us all the same (RFC 3261 §15.1.1).
            outcome.TrySetException(ex);
        }

        End(new SipCallEnd(reason));
    }

    /// <summary>The outcome of our BYE, created once: by the first hang-up or the first BYE sent.</summary>
    private TaskCompletionSource NewByeOutcome()
    {
        if (_byeDone is { } existing) return existing;
        var outcome = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ObserveQuietly(outcome.Task); // a BYE sent on the stack's own initiative may have nobody awaiting it
        _byeDone = outcome;
        return outcome;
    }

    private static void CompleteBye(Task<SipResponse> bye, TaskCompletionSource outcome)
    {
        if (bye.IsFaulted)
        {
            outcome.TrySetException(bye.Exception!.InnerExceptions);
            return;
        }

        if (bye.IsCanceled)
        {
            outcome.TrySetCanceled();
            return;
        }

        using var response = bye.Result;

        // RFC 3261 §15.1.2: a UAS that knows no such dialog answers 481; either way the peer's session is gone.
        if (response.StatusCode is (>= 200 and < 300) or 481) outcome.TrySetResult();
        else outcome.TrySetException(new SipCallFailedException(response.StatusCode, response.ReasonPhrase));
    }

    /// <summary>Consumes a task's failure so it is not reported as unobserved; its outcome does not matter.</summary>
    private static void ObserveQuietly(Task task) =>
        task.ContinueWith(
            static t => _ = t.Exception,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

    private void SetRemoteBody(SipMessage message)
    {
        if (message.Body.IsEmpty) return;
        _remoteBody = message.Body.ToArray();
        try
        {
            _remoteContentType = message.ContentType?.MediaType;
        }
        catch (SipParseException)
        {
            _remoteContentType = null;
        }
    }

    void ISipDialogOwner.OnDialogTerminated(SipDialog dialog)
    {
        // RFC 3261 §12.2.1.2: a dialog that fails under us (481, 408, timeout) ends the call.
        if (ReferenceEquals(dialog, _dialog) && !_hangingUp && _state != SipCallState.Terminated)
            End(new SipCallEnd(SipCallEndReason.DialogLost));
    }

    void ISipDialogOwner.OnShutdown(SipDialog dialog) => End(new SipCallEnd(SipCallEndReason.Disposed), new ObjectDisposedException(nameof(SipEndpoint)));

    private void DisposeTimers()
    {
        if (_reliable is { } reliable)
        {
            _reliable = null;
            reliable.Acknowledged.TrySetCanceled();
            reliable.Dispose();
        }

        _pending2xx?.Dispose();
        _pending2xx = null;
        _glareTimer?.Cancel();
        _glareTimer = null;
        _ack?.Dispose();
        _ack = null;
    }

    /// <summary>Where requests of an outgoing call go before a dialog exists.</summary>
    private SipTransportTarget? _target;

    /// <inheritdoc/>
    public override string ToString() => string.Concat(IsIncoming ? "incoming call " : "outgoing call ", CallId, " ", _state.ToString());
}
