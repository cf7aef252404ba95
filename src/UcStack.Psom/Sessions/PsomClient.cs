using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.IO.Pipelines;
using UcStack.Tls;

namespace UcStack.Psom;

/// <summary>Runs a server → client callback; return values by name, or throw <see cref="PsomOperationException"/>.</summary>
/// <param name="invoke">The call.</param>
/// <param name="cancellationToken">Cancelled when the session closes.</param>
/// <returns>The return values.</returns>
public delegate ValueTask<ImmutableSortedDictionary<string, PsomValue>> PsomCallbackHandler(PsomInvokeMessage invoke, CancellationToken cancellationToken);

/// <summary>
/// The client side of a Psom session: Hello/Welcome, subscriptions feeding a <see cref="PsomReplica"/>,
/// create/update/delete acknowledged by the server, method calls both ways, keep-alive, and a clean Bye.
/// Thread-safe for concurrent requests.
/// </summary>
public sealed partial class PsomClient : IAsyncDisposable
{
    private readonly PsomClientOptions _options;
    private readonly PsomConnection _connection;
    private readonly ConcurrentDictionary<long, Pending> _pending = new();
    private readonly ConcurrentDictionary<string, PsomCallbackHandler> _callbacks = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<PsomWelcomeMessage> _welcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IAsyncDisposable? _ownedTransport;
    private Task<PsomCloseReason> _running = Task.FromResult(default(PsomCloseReason));
    private long _nextRequestId;

    private PsomClient(IDuplexPipe transport, PsomClientOptions options, PsomReplica replica, IAsyncDisposable? ownedTransport)
    {
        _options = options;
        Replica = replica;
        _ownedTransport = ownedTransport;
        _connection = new PsomConnection(transport, new PsomConnectionSettings
        {
            MaxFrameLength = options.MaxFrameLength,
            SendQueueCapacity = options.SendQueueCapacity,
            PingInterval = options.PingInterval,
            IdleTimeout = options.IdleTimeout,
            TimeProvider = options.TimeProvider,
        }, new Handler(this));
    }

    /// <summary>The replica this session feeds.</summary>
    public PsomReplica Replica { get; }

    /// <summary>The server's id for this session.</summary>
    public long SessionId { get; private set; }

    /// <summary>The negotiated protocol version.</summary>
    public int Version { get; private set; }

    /// <summary>The server incarnation from Welcome.</summary>
    public long Incarnation { get; private set; }

    /// <summary>Completes when the session has ended, with the reason (the server's Bye code when it closed us).</summary>
    public Task<PsomCloseReason> Completion => _running;

    /// <summary>Opens a session over an already-secured duplex pipe.</summary>
    /// <param name="transport">The connection.</param>
    /// <param name="options">Identity, token and timeouts.</param>
    /// <param name="replica">A replica kept from an earlier session to resume; a new one when null.</param>
    /// <param name="cancellationToken">Cancels the handshake.</param>
    /// <returns>The open session.</returns>
    /// <exception cref="PsomOperationException">The server refused (admission, version) or did not answer in time.</exception>
    public static Task<PsomClient> ConnectAsync(IDuplexPipe transport, PsomClientOptions options, PsomReplica? replica = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(options);
        return new PsomClient(transport, options, replica ?? new PsomReplica(), null).StartAsync(cancellationToken);
    }

    /// <summary>Secures <paramref name="innerStream"/> with TLS (UcStack.Tls) and opens a session over it.</summary>
    /// <param name="innerStream">A connected TCP stream; owned by the client from now on.</param>
    /// <param name="tlsOptions">Target host and trust.</param>
    /// <param name="options">Identity, token and timeouts.</param>
    /// <param name="replica">A replica to resume, or null.</param>
    /// <param name="cancellationToken">Cancels the handshakes.</param>
    /// <returns>The open session.</returns>
    /// <exception cref="TlsHandshakeException">The TLS handshake failed.</exception>
    /// <exception cref="PsomOperationException">The server refused the session.</exception>
    public static async Task<PsomClient> ConnectTlsAsync(
        Stream innerStream, TlsClientOptions tlsOptions, PsomClientOptions options, PsomReplica? replica = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(innerStream);
        ArgumentNullException.ThrowIfNull(options);
        var tls = await new TlsConnector(null, options.TimeProvider).ConnectAsync(innerStream, tlsOptions, cancellationToken).ConfigureAwait(false);
        try
        {
            return await new PsomClient(new StreamDuplexPipe(tls.Stream), options, replica ?? new PsomReplica(), tls).StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task<PsomClient> StartAsync(CancellationToken cancellationToken)
    {
        _running = RunAsync();
        _connection.TrySend(new PsomHelloMessage
        {
            Versions = _options.Versions,
            ConferenceId = _options.ConferenceId,
            User = _options.User,
            Role = _options.Role,
            Token = _options.Token,
            ClientName = _options.ClientName,
        });
        try
        {
            var welcome = await WaitAsync(_welcome.Task, cancellationToken).ConfigureAwait(false);
            SessionId = welcome.SessionId;
            Version = welcome.Version;
            Incarnation = welcome.Incarnation;
            return this;
        }
        catch
        {
            await DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task<PsomCloseReason> RunAsync()
    {
        await Task.Yield();
        var reason = await _connection.RunAsync(CancellationToken.None).ConfigureAwait(false);

        // The peer's Bye code is what the application wants to see (admission denied, slow consumer...).
        if (_connection.PeerBye is { } bye)
        {
            reason = new PsomCloseReason(bye.Code, bye.Detail, ByPeer: true);
        }

        var failure = new PsomOperationException(reason.Code == PsomErrorCode.None ? PsomErrorCode.InvalidState : reason.Code, "session closed: " + reason.Detail);
        _welcome.TrySetException(failure);
        foreach (var pair in _pending)
        {
            if (_pending.TryRemove(pair.Key, out var pending))
            {
                pending.Completion.TrySetException(failure);
            }
        }

        return reason;
    }

    /// <summary>Registers (or replaces) the handler for server → client calls of <paramref name="method"/>.</summary>
    /// <param name="method">The method name.</param>
    /// <param name="handler">The handler.</param>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    public void RegisterCallback(string method, PsomCallbackHandler handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(handler);
        _callbacks[method] = handler;
    }

    /// <summary>Ends the session with Bye and waits (bounded by the request timeout) for the transport to close.</summary>
    /// <returns>Completes when closed.</returns>
    public async ValueTask CloseAsync()
    {
        _connection.Close(PsomErrorCode.None, "bye");
        try
        {
            await _running.WaitAsync(_options.RequestTimeout, _options.TimeProvider).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _connection.Abort(PsomErrorCode.None, "close timed out", byPeer: false);
        }
    }

    /// <summary>Closes the session and releases the transport the client owns.</summary>
    /// <returns>Completes when released.</returns>
    public async ValueTask DisposeAsync()
    {
        await CloseAsync().ConfigureAwait(false);
        await _running.ConfigureAwait(false);
        _connection.Dispose();
        if (_ownedTransport is not null)
        {
            await _ownedTransport.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<T> WaitAsync<T>(Task<T> task, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await task.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PsomOperationException(PsomErrorCode.Timeout, "no answer within " + _options.RequestTimeout.TotalMilliseconds + " ms");
        }
    }

    private sealed class Pending
    {
        public Pending(long subscribedRoot) => SubscribedRoot = subscribedRoot;

        public long SubscribedRoot { get; }

        public bool SawFirstChunk { get; set; }

        public TaskCompletionSource<PsomMessage> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
