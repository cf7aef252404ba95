using System.Collections.Immutable;
using Microsoft.Extensions.Logging;

namespace UcStack.Psom;

/// <summary>
/// The server side of one connection. State machine (docs/psom-protocol.md §6):
/// <c>AwaitingHello → Active → Closed</c>. Only Hello is valid in AwaitingHello; Hello is invalid after it.
/// </summary>
internal sealed class PsomServerSession : IPsomConnectionHandler
{
    private readonly PsomServer _server;
    private readonly Lock _subscriptionsLock = new();
    private ImmutableArray<(long Root, int Depth)> _subscriptions = [];
    private State _state = State.AwaitingHello;

    public PsomServerSession(PsomServer server, long sessionId)
    {
        _server = server;
        SessionId = sessionId;
        Connection = null!;
    }

    private enum State
    {
        AwaitingHello,
        Active,
    }

    public long SessionId { get; }

    public PsomConnection Connection { get; set; }

    public PsomConference? Conference { get; private set; }

    public string User { get; private set; } = string.Empty;

    public PsomRole Role { get; private set; }

    public bool IsActive => _state == State.Active;

    public void AddSubscription(long root, int depth)
    {
        lock (_subscriptionsLock)
        {
            _subscriptions = _subscriptions.Add((root, depth));
        }
    }

    public bool Sees(PsomCommit commit)
    {
        foreach (var (root, depth) in _subscriptions)
        {
            if (commit.IsVisibleTo(root, depth))
            {
                return true;
            }
        }

        return false;
    }

    public async ValueTask OnMessageAsync(PsomMessage message, CancellationToken cancellationToken)
    {
        if (_state == State.AwaitingHello)
        {
            if (message is not PsomHelloMessage hello)
            {
                throw new PsomProtocolException("expected Hello, got " + message.Type);
            }

            await OnHelloAsync(hello, cancellationToken).ConfigureAwait(false);
            return;
        }

        var conference = Conference!;
        switch (message)
        {
            case PsomSubscribeMessage subscribe:
                await conference.SubscribeAsync(this, subscribe, cancellationToken).ConfigureAwait(false);
                break;
            case PsomUnsubscribeMessage unsubscribe:
                lock (_subscriptionsLock)
                {
                    _subscriptions = _subscriptions.RemoveAll(s => s.Root == unsubscribe.ObjectId);
                }

                Connection.TrySend(new PsomAckMessage { RequestId = unsubscribe.RequestId, ObjectId = unsubscribe.ObjectId, Version = 0, TreeVersion = conference.TreeVersion });
                break;
            case PsomCreateMessage or PsomUpdateMessage or PsomDeleteMessage:
                Connection.TrySend(await conference.ExecuteAsync(this, message, cancellationToken).ConfigureAwait(false));
                break;
            default:
                // Server-to-client messages (Welcome, Snapshot, Event, Ack...) and a second Hello break the protocol.
                throw new PsomProtocolException("unexpected " + message.Type + " from a client");
        }
    }

    public async ValueTask<PsomResultMessage> OnInvokeAsync(PsomInvokeMessage invoke, CancellationToken cancellationToken)
    {
        if (_state != State.Active)
        {
            return new PsomResultMessage { CallId = invoke.CallId, Code = PsomErrorCode.InvalidState, Detail = "no Hello yet" };
        }

        var conference = Conference!;
        var (target, children) = await conference.GetForInvokeAsync(invoke.ObjectId, cancellationToken).ConfigureAwait(false);
        if (target is null)
        {
            return new PsomResultMessage { CallId = invoke.CallId, Code = PsomErrorCode.NotFound, Detail = "object" };
        }

        if (!_server.TryGetMethod(target.TypeName, invoke.Method, out var handler))
        {
            return new PsomResultMessage { CallId = invoke.CallId, Code = PsomErrorCode.MethodNotFound, Detail = invoke.Method };
        }

        var values = await handler(new PsomInvocation
        {
            ConferenceId = conference.Id,
            User = User,
            Role = Role,
            Target = target,
            Children = children,
            Method = invoke.Method,
            Arguments = invoke.Arguments,
        }, cancellationToken).ConfigureAwait(false);
        return new PsomResultMessage { CallId = invoke.CallId, Code = PsomErrorCode.None, Values = values };
    }

    private async Task OnHelloAsync(PsomHelloMessage hello, CancellationToken cancellationToken)
    {
        var options = _server.Options;

        // Version negotiation: the first version in the client's preference order that the server serves.
        var version = hello.Versions.FirstOrDefault(v => options.SupportedVersions.Contains(v));
        if (version == 0)
        {
            Connection.Close(PsomErrorCode.UnsupportedVersion, "server speaks " + string.Join(',', options.SupportedVersions));
            return;
        }

        var verdict = PsomAdmissionToken.Verify(options.AdmissionKey, hello.Token.Span, hello.ConferenceId, hello.User, hello.Role, options.TimeProvider, out _);
        if (verdict != PsomAdmissionError.None)
        {
            PsomServerLog.AdmissionDenied(_server.Logger, hello.User, hello.ConferenceId, verdict);
            Connection.Close(PsomErrorCode.AdmissionDenied, verdict.ToString());
            return;
        }

        User = hello.User;
        Role = hello.Role;
        var conference = await _server.GetConferenceAsync(hello.ConferenceId, cancellationToken).ConfigureAwait(false);
        await conference.JoinAsync(this, cancellationToken).ConfigureAwait(false);
        Conference = conference;
        _state = State.Active;
        _server.OnSessionAdmitted(this);
        Connection.TrySend(new PsomWelcomeMessage
        {
            Version = version,
            SessionId = SessionId,
            RootId = PsomObjectIds.Root,
            TreeVersion = conference.TreeVersion,
            PingIntervalMilliseconds = (long)options.PingInterval.TotalMilliseconds,
            MaxFrameLength = options.MaxFrameLength,
            Incarnation = conference.Incarnation,
        });
        PsomServerLog.SessionOpened(_server.Logger, SessionId, User, Role, conference.Id, version);
    }
}
