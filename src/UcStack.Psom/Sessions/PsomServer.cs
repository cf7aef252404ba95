using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace UcStack.Psom;

/// <summary>
/// The Psom server: admits sessions with admission tokens, sequences every change to each conference's
/// object tree, fans committed changes out to subscribers, persists persistent objects through the store
/// before acknowledging them, and runs methods on objects. Callers own listening sockets; hand each
/// accepted connection to <see cref="RunSessionAsync(IDuplexPipe, CancellationToken)"/> or
/// <see cref="RunTlsSessionAsync"/>. Thread-safe.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The shutdown source holds no timer or handle; it is cancelled, not disposed, so late sessions can still link to it.")]
public sealed partial class PsomServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<PsomConference>>> _conferences = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, PsomServerSession> _sessions = new();
    private readonly ConcurrentDictionary<(string Type, string Method), PsomMethodHandler> _methods = new();
    private readonly IPsomObjectStore _store;
    private readonly PsomMetrics _metrics;
    private readonly CancellationTokenSource _shutdown = new();
    private long _nextSessionId;

    /// <summary>Creates a server.</summary>
    /// <param name="options">Settings.</param>
    /// <param name="logger">Logger; none when null.</param>
    /// <param name="meterFactory">Creates the <c>UcStack.Psom</c> meter; a private meter when null.</param>
    /// <exception cref="ArgumentException">The options are inconsistent.</exception>
    public PsomServer(PsomServerOptions options, ILogger<PsomServer>? logger = null, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        Logger = (ILogger?)logger ?? NullLogger.Instance;
        _store = options.Store ?? new PsomMemoryObjectStore();
        _metrics = new PsomMetrics(meterFactory);
        PsomReadyMadeMethods.Register(this);
    }

    /// <summary>The settings.</summary>
    public PsomServerOptions Options { get; }

    internal ILogger Logger { get; }

    /// <summary>The admitted sessions now open.</summary>
    public IReadOnlyCollection<PsomSessionInfo> Sessions =>
        [.. _sessions.Values.Where(s => s.IsActive).Select(s => new PsomSessionInfo(s.SessionId, s.Conference!.Id, s.User, s.Role))];

    /// <summary>Registers (or replaces) the handler for <paramref name="method"/> on objects of <paramref name="typeName"/>.</summary>
    /// <param name="typeName">The object type.</param>
    /// <param name="method">The method name.</param>
    /// <param name="handler">The handler.</param>
    /// <exception cref="ArgumentException">A name is empty.</exception>
    public void RegisterMethod(string typeName, string method, PsomMethodHandler handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(typeName);
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(handler);
        _methods[(typeName, method)] = handler;
    }

    internal bool TryGetMethod(string typeName, string method, out PsomMethodHandler handler) =>
        _methods.TryGetValue((typeName, method), out handler!);

    /// <summary>Runs one session over an already-secured duplex pipe until it closes.</summary>
    /// <param name="transport">The connection (TLS already done, or an in-memory pipe).</param>
    /// <param name="cancellationToken">Ends the session with Bye(serverShutdown).</param>
    /// <returns>Why the session ended.</returns>
    public async Task<PsomCloseReason> RunSessionAsync(IDuplexPipe transport, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transport);
        var session = new PsomServerSession(this, Interlocked.Increment(ref _nextSessionId));
        var settings = new PsomConnectionSettings
        {
            MaxFrameLength = Options.MaxFrameLength,
            SendQueueCapacity = Options.SendQueueCapacity,
            PingInterval = Options.PingInterval,
            IdleTimeout = Options.IdleTimeout,
            TimeProvider = Options.TimeProvider,
        };
        using var connection = new PsomConnection(transport, settings, session);
        session.Connection = connection;
        _sessions[session.SessionId] = session;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _shutdown.Token);

        // A connection that never says Hello must not hold a slot: the Hello timer closes it.
        await using var helloTimer = Options.TimeProvider.CreateTimer(
            static s =>
            {
                var pending = (PsomServerSession)s!;
                if (!pending.IsActive)
                {
                    pending.Connection.Abort(PsomErrorCode.ProtocolError, "no Hello in time", byPeer: false);
                }
            },
            session,
            Options.HelloTimeout,
            Timeout.InfiniteTimeSpan).ConfigureAwait(false);

        PsomCloseReason reason;
        try
        {
            reason = await connection.RunAsync(linked.Token).ConfigureAwait(false);
        }
        finally
        {
            _sessions.TryRemove(session.SessionId, out _);
            if (session.Conference is { } conference)
            {
                _metrics.ActiveSessions.Add(-1);
                await conference.LeaveAsync(session).ConfigureAwait(false);
            }
        }

        if (reason.Code == PsomErrorCode.SlowConsumer)
        {
            PsomServerLog.SlowConsumer(Logger, session.SessionId);
        }
        else if (reason.Code == PsomErrorCode.ProtocolError)
        {
            PsomServerLog.ProtocolError(Logger, session.SessionId, reason.Detail);
        }

        if (reason.Code is not (PsomErrorCode.None or PsomErrorCode.ServerShutdown))
        {
            _metrics.DroppedSessions.Add(1, new KeyValuePair<string, object?>("reason", reason.Code.ToString()));
        }

        PsomServerLog.SessionClosed(Logger, session.SessionId, reason.Code, reason.Detail, reason.ByPeer);
        return reason;
    }

    /// <summary>Calls a method on a client (a server → client callback) and waits for its result.</summary>
    /// <param name="sessionId">The session.</param>
    /// <param name="objectId">The object the call is about.</param>
    /// <param name="method">The method name.</param>
    /// <param name="arguments">Arguments.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The client's return values.</returns>
    /// <exception cref="PsomOperationException">No such session, the client failed, or no result within <see cref="PsomServerOptions.InvokeTimeout"/>.</exception>
    public Task<ImmutableSortedDictionary<string, PsomValue>> InvokeClientAsync(
        long sessionId, long objectId, string method, ImmutableSortedDictionary<string, PsomValue>? arguments = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        if (!_sessions.TryGetValue(sessionId, out var session) || !session.IsActive)
        {
            throw new PsomOperationException(PsomErrorCode.NotFound, "session");
        }

        return session.Connection.InvokeAsync(objectId, method, arguments ?? PsomProperties.Empty, Options.InvokeTimeout, cancellationToken);
    }

    /// <summary>Creates an object as the server (no owner), persisting it first when persistent, and broadcasts it.</summary>
    /// <param name="conferenceId">The conference (loaded from the store if not active).</param>
    /// <param name="parentId">The parent.</param>
    /// <param name="typeName">The type.</param>
    /// <param name="properties">Properties.</param>
    /// <param name="persistent">Whether it outlives sessions and restarts.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The committed object.</returns>
    /// <exception cref="PsomOperationException">The tree refused it (no parent, limits).</exception>
    public async Task<PsomObject> CreateObjectAsync(
        string conferenceId, long parentId, string typeName, ImmutableSortedDictionary<string, PsomValue> properties, bool persistent, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(typeName);
        ArgumentNullException.ThrowIfNull(properties);
        var conference = await GetConferenceAsync(conferenceId, cancellationToken).ConfigureAwait(false);
        return await conference.CreateAsServerAsync(parentId, typeName, properties, persistent, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A consistent copy of a conference's tree, parents first.</summary>
    /// <param name="conferenceId">The conference.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The tree version and the objects.</returns>
    public async Task<(long TreeVersion, ImmutableArray<PsomObject> Objects)> GetTreeAsync(string conferenceId, CancellationToken cancellationToken = default)
    {
        var conference = await GetConferenceAsync(conferenceId, cancellationToken).ConfigureAwait(false);
        return await conference.GetTreeAsync(cancellationToken).ConfigureAwait(false);
    }

    internal async Task<PsomConference> GetConferenceAsync(string conferenceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conferenceId);
        var lazy = _conferences.GetOrAdd(conferenceId, id => new Lazy<Task<PsomConference>>(
            () => PsomConference.LoadAsync(id, _store, Options, _metrics, Logger, CancellationToken.None)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (lazy.Value.IsFaulted)
        {
            // A failed load is not cached: the next session tries again.
            _conferences.TryRemove(new KeyValuePair<string, Lazy<Task<PsomConference>>>(conferenceId, lazy));
            throw;
        }
    }

    internal void OnSessionAdmitted(PsomServerSession session) => _metrics.ActiveSessions.Add(1);

    /// <summary>Closes every session with Bye(serverShutdown) and releases the meter.</summary>
    /// <returns>Completes when signalled.</returns>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            // The source is cancelled but not disposed: sessions still ending link to its token.
            _shutdown.Cancel();
            _metrics.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private int _disposed;
}
