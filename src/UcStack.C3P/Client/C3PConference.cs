using System.Collections.Concurrent;
using System.Security.Cryptography;
using UcStack.Sip;
using UcStack.Sip.Stack;
using UcStack.Sip.UserAgent;

namespace UcStack.C3P;

/// <summary>
/// One joined conference: the focus dialog (commands go in INFO, responses come back in INFO or in the INFO's
/// 200, correlated by requestId), the <c>conference</c> subscription feeding a merged roster
/// (<see cref="ConferenceStateTracker"/>; a version gap or missing base state triggers a full refresh through
/// getConference), and the chat MCU.
/// </summary>
/// <remarks>Thread-safe. Events are raised on the thread pool, never under a lock.</remarks>
public sealed partial class C3PConference : IAsyncDisposable
{
    private readonly C3PClient _client;
    private readonly C3PAddress _focus;
    private readonly ConcurrentDictionary<ulong, (C3PRequest Request, TaskCompletionSource<C3PResponse> Done)> _pending = new();
    private readonly TaskCompletionSource<C3PConferenceEnd> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SipCall? _call;
    private SipSubscription? _subscription;
    private volatile bool _leaving;

    internal C3PConference(C3PClient client, C3PAddress focus)
    {
        _client = client;
        _focus = focus;
        FocusUri = focus.ToString();
        EndpointEntity = "{" + new Guid(RandomNumberGenerator.GetBytes(16)).ToString().ToUpperInvariant() + "}";
    }

    /// <summary>The focus URI.</summary>
    public string FocusUri { get; }

    /// <summary>The conference id.</summary>
    public string ConferenceId => _focus.ConferenceId!;

    /// <summary>This user's focus endpoint entity (a GUID, as Microsoft clients derive from their epid).</summary>
    public string EndpointEntity { get; }

    /// <summary>The user as the focus admitted them (granted roles, endpoint status; <c>pending</c> = lobby).</summary>
    public ConferenceUser? JoinedAs { get; private set; }

    /// <summary>Completes when the session is over, with the reason.</summary>
    public Task<C3PConferenceEnd> Ended => _ended.Task;

    /// <summary>Raised for each chat message the conference's chat MCU delivers.</summary>
    public event EventHandler<C3PChatMessage>? ChatMessageReceived;

    internal async Task StartAsync(string requestedRole, CancellationToken cancellationToken)
    {
        var request = NewRequest(new AddUserCommand
        {
            Keys = new ConferenceKeys { ConfEntity = FocusUri },
            User = new ConferenceUser
            {
                Entity = _client.UserUri,
                DisplayText = _client.Options.DisplayName,
                Roles = ValueList.From([requestedRole]),
                Endpoints = ValueList.From([new ConferenceEndpoint { Entity = EndpointEntity }]),
            },
        });
        using var deadline = _client.Timeout(cancellationToken);
        var call = await _client.Agent.StartCallAsync(
            FocusUri, C3PXml.Write(request), C3PNamespaces.CccpContentType, [new("Supported", "ms-sender")], _client.Options.FocusServer).ConfigureAwait(false);
        _call = call;
        call.RequestReceived = OnFocusRequestAsync;
        try
        {
            await call.Established.WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _ = HangUpQuietlyAsync(call);
            throw new C3PRequestTimeoutException("the focus did not answer the join in time");
        }
        catch (SipCallFailedException ex)
        {
            // A refused join carries the C3P reason token as its reason phrase (see the focus server).
            throw new C3PRequestFailedException("addUser", C3PSip.ReasonFrom(ex.StatusCode, ex.ReasonPhrase));
        }
        catch (SipRequestTimeoutException ex)
        {
            throw new C3PRequestTimeoutException("the join INVITE got no answer", ex);
        }

        if (!C3PXml.TryParse(call.RemoteBody.Span, out var message, out var error) || message is not C3PResponse response || !response.Answers(request))
        {
            _ = HangUpQuietlyAsync(call);
            throw new C3PSipException("the focus accepted the join without an addUser response", (Exception?)error ?? new InvalidDataException("not an answer"));
        }

        JoinedAs = (C3PClient.Succeeded(response).Command as AddUserCommand)?.User;
        _ = WatchCallAsync(call);
        await SubscribeAsync(deadline.Token).ConfigureAwait(false);
    }

    /// <summary>Leaves: unsubscribes and ends the focus dialog with BYE (the focus removes the user).</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the focus answered the BYE, or it went unanswered (the dialog is over on
    /// our side once BYE is sent, RFC 3261 §15.1.1).</returns>
    public async Task LeaveAsync(CancellationToken cancellationToken = default)
    {
        _leaving = true;
        if (_subscription is { } subscription)
        {
            try
            {
                await subscription.UnsubscribeAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SipRequestTimeoutException or UcStack.Sip.Transport.SipTransportException or ObjectDisposedException)
            {
                // the BYE below ends our part anyway
            }
        }

        if (_call is { } call)
        {
            try
            {
                await call.HangUpAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SipRequestTimeoutException or SipCallFailedException or UcStack.Sip.Transport.SipTransportException)
            {
                // the focus did not accept or answer the BYE; we have left all the same
            }
        }

        Finish(C3PConferenceEnd.Left);
    }

    /// <summary>Ends a focus dialog without waiting for the BYE's answer (failed joins: the caller already has
    /// its error to report).</summary>
    private static async Task HangUpQuietlyAsync(SipCall call)
    {
        try
        {
            await call.HangUpAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or SipRequestTimeoutException or SipCallFailedException or UcStack.Sip.Transport.SipTransportException)
        {
            // nothing more to do: the dialog is over on our side
        }
    }

    /// <summary>Leaves (see <see cref="LeaveAsync"/>) unless the session is already over.</summary>
    /// <returns>A task that completes when done.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_ended.Task.IsCompleted) return;
        try
        {
            await LeaveAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            Finish(C3PConferenceEnd.Left);
        }
    }

    internal void OnChatMessage(C3PChatMessage message) => ChatMessageReceived?.Invoke(this, message);

    private async Task WatchCallAsync(SipCall call)
    {
        await call.Ended.ConfigureAwait(false);
        Finish(_leaving ? C3PConferenceEnd.Left : RosterDeleted ? C3PConferenceEnd.ConferenceEnded : C3PConferenceEnd.Removed);
    }

    private void Finish(C3PConferenceEnd end)
    {
        if (!_ended.TrySetResult(end)) return;
        _client.Forget(this);
        foreach (var (_, pending) in _pending) pending.Done.TrySetException(new C3PSipException("the focus dialog ended"));
        if (_subscription is { } subscription && end != C3PConferenceEnd.Left) _ = subscription.DisposeAsync().AsTask();
    }

    private C3PRequest NewRequest(C3PCommand command) =>
        new() { RequestId = _client.NextRequestId(), From = _client.UserUri, To = FocusUri, C3PVersion = "1", Command = command };

    /// <summary>In-dialog requests from the focus: INFO carrying a final C3P response.</summary>
    private async Task OnFocusRequestAsync(SipIncomingRequest incoming)
    {
        var request = incoming.Request;
        if (request.MethodKind != SipMethodKind.Info)
        {
            await incoming.RespondAsync(request.MethodKind == SipMethodKind.Invite ? 488 : 405).ConfigureAwait(false);
            return;
        }

        if (!C3PSip.IsCccp(request) || request.Body.Length > C3PSip.MaxBodyBytes)
        {
            await incoming.RespondAsync(415).ConfigureAwait(false);
            return;
        }

        if (!C3PXml.TryParse(request.Body.Span, out var message, out _) || message is not C3PResponse response)
        {
            await incoming.RespondAsync(400, null, C3PSip.Diagnostics(C3PDiagnosticId.ParseFailure, "a C3P response was expected")).ConfigureAwait(false);
            return;
        }

        await incoming.RespondAsync(200).ConfigureAwait(false);
        Complete(response);
    }

    private void Complete(C3PResponse response)
    {
        // Digest §9: responses are matched on (from, requestId); a late or unknown one is dropped here after its 200.
        if (_pending.TryGetValue(response.RequestId, out var pending) && response.Answers(pending.Request)) pending.Done.TrySetResult(response);
    }
}
