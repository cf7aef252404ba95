using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using UcStack.Stun;

namespace UcStack.Ice;

/// <summary>
/// An ICE agent for one data stream (RFC 8445): gathers host, server-reflexive and relayed candidates, runs paced
/// connectivity checks with triggered checks and peer-reflexive discovery, resolves role conflicts, nominates
/// (regular nomination when controlling; regular or aggressive nominations accepted when controlled), selects a
/// pair per component, keeps consent fresh (RFC 7675) and hands the application an <see cref="IceDatagramPath"/>.
/// </summary>
/// <remarks>
/// <para>Trickle-friendly: remote candidates may be added at any time, local candidates are announced one by one
/// through <see cref="CandidateGathered"/>. All timing comes from <see cref="IceAgentOptions.TimeProvider"/>.</para>
/// <para>Thread-safe: one lock serializes the state machine; packets are sent and events raised after it is
/// released, in the order they were produced.</para>
/// </remarks>
public sealed partial class IceAgent : IAsyncDisposable
{
    /// <summary>The IMPLEMENTATION-VERSION value sent in MS-ICE2 mode.</summary>
    public const uint MsIce2ImplementationVersion = 2;

    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private readonly Lock _gate = new();
    private readonly IceAgentOptions _options;
    private readonly IIceNetwork _network;
    private readonly IIceTcpNetwork? _tcpNetwork;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IceMetrics _metrics;
    private readonly List<IceLocalCandidate> _locals = [];
    private readonly List<IceCandidate> _remotes = [];
    private readonly List<IIceSocket> _sockets = [];
    private readonly List<IceCheckPair> _validPairs = [];
    private readonly IceCheckList _checkList;
    private readonly Dictionary<(ulong, uint), IceTransaction> _transactions = [];
    private readonly IceComponentState[] _components;
    private readonly List<Action> _effects = [];
    private readonly Dictionary<string, string> _foundations = [];
    private readonly CancellationTokenSource _disposing = new();
    private readonly TaskCompletionSource _gathered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource<IceAgentState> _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ITimer? _timer;
    private string _localUfrag = string.Empty;
    private string _localPassword = string.Empty;
    private StunIntegrityKey? _localKey;
    private string? _previousUfrag;
    private StunIntegrityKey? _previousKey;
    private string? _remoteUfrag;
    private StunIntegrityKey? _remoteKey;
    private StunIntegrityKey? _consentKey;
    private string? _consentRemoteUfrag;
    private string? _consentLocalUfrag;
    private IceRole _role;
    private IceAgentState _state;
    private int _pendingGathers;
    private bool _gatheringStarted;
    private bool _remoteEndOfCandidates;
    private long _nextCheckAt;
    private int _prflxCount;
    private long _checksSent;
    private long _checksReceived;

    /// <summary>Creates an agent; nothing is bound until <see cref="StartGathering"/>.</summary>
    /// <param name="options">The configuration.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">Options contradict each other or the network (lite with servers, TCP without <see cref="IIceTcpNetwork"/>).</exception>
    public IceAgent(IceAgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _network = options.Network ?? new IceUdpNetwork(options.TimeProvider, options.LoggerFactory);
        if (options.TcpCandidates != IceTcpCandidates.None)
        {
            _tcpNetwork = _network as IIceTcpNetwork
                ?? throw new ArgumentException("TCP candidates need a network that implements IIceTcpNetwork.", nameof(options));
            if (options.TcpCandidates.HasFlag(IceTcpCandidates.SimultaneousOpen) && !_tcpNetwork.SupportsSimultaneousOpen)
            {
                throw new ArgumentException("This network cannot open simultaneous-open TCP candidates.", nameof(options));
            }
        }

        _time = options.TimeProvider;
        _logger = (ILogger?)options.LoggerFactory?.CreateLogger<IceAgent>() ?? NullLogger.Instance;
        _metrics = new IceMetrics(options.MeterFactory);
        _role = options.Role;
        _checkList = new IceCheckList(_role == IceRole.Controlling, options.MaxPairs, options.MsIce2Compatibility);
        _components = new IceComponentState[options.ComponentCount];
        for (var i = 0; i < _components.Length; i++)
        {
            _components[i] = new IceComponentState(i + 1, new IceDatagramPath(i + 1, options.ReceiveQueueCapacity));
        }

        // RFC 8445 §16.1: the tie-breaker is a 64-bit random number.
        Span<byte> random = stackalloc byte[8];
        RandomNumberGenerator.Fill(random);
        TieBreaker = BinaryPrimitives.ReadUInt64BigEndian(random);
        NewLocalCredentials();
    }

    /// <summary>A local candidate was gathered; signal it to the peer (trickle) or wait for <see cref="GatheringCompletion"/>.</summary>
    public event EventHandler<IceCandidateEventArgs>? CandidateGathered;

    /// <summary>A component's selected pair was set or changed.</summary>
    public event EventHandler<IcePairEventArgs>? PairSelected;

    /// <summary>RFC 7675 §5.1: no authenticated response on the selected pair for <see cref="IceAgentOptions.ConsentTimeout"/>; sending stopped.</summary>
    public event EventHandler<IcePairEventArgs>? ConsentLost;

    /// <summary>The agent changed state.</summary>
    public event EventHandler<IceStateChangedEventArgs>? StateChanged;

    /// <summary>The local username fragment (RFC 8445 §5.3: at least 24 bits of randomness; 8 ice-chars here).</summary>
    public string LocalUfrag
    {
        get
        {
            lock (_gate)
            {
                return _localUfrag;
            }
        }
    }

    /// <summary>The local password (RFC 8445 §5.3: at least 128 bits of randomness; 24 ice-chars here). Signal it, never log it.</summary>
    public string LocalPassword
    {
        get
        {
            lock (_gate)
            {
                return _localPassword;
            }
        }
    }

    /// <summary>The current role (a role conflict may have switched it).</summary>
    public IceRole Role
    {
        get
        {
            lock (_gate)
            {
                return _role;
            }
        }
    }

    /// <summary>Whether this is an ICE-lite agent (<see cref="IceAgentOptions.Lite"/>).</summary>
    public bool IsLite => _options.Lite;

    /// <summary>The 64-bit tie-breaker of role conflicts (RFC 8445 §7.3.1.1).</summary>
    public ulong TieBreaker { get; }

    /// <summary>The agent state.</summary>
    public IceAgentState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>Connectivity checks sent (first transmissions; retransmissions not counted).</summary>
    public long ChecksSent => Interlocked.Read(ref _checksSent);

    /// <summary>Authenticated connectivity checks received and answered.</summary>
    public long ChecksReceived => Interlocked.Read(ref _checksReceived);

    /// <summary>Completes when every gathering transaction and allocation has finished (successfully or not).</summary>
    public Task GatheringCompletion => _gathered.Task;

    /// <summary>The candidates to signal: host, server-reflexive and relayed (peer-reflexive ones are never signalled).</summary>
    public IReadOnlyList<IceCandidate> LocalCandidates
    {
        get
        {
            lock (_gate)
            {
                return [.. _locals.Where(l => l.Candidate.Type != IceCandidateType.PeerReflexive).Select(l => l.Candidate)];
            }
        }
    }

    /// <summary>Remote candidates: signalled ones and peer-reflexive ones learned from checks.</summary>
    public IReadOnlyList<IceCandidate> RemoteCandidates
    {
        get
        {
            lock (_gate)
            {
                return [.. _remotes];
            }
        }
    }

    /// <summary>Waits until the agent is <see cref="IceAgentState.Completed"/> or <see cref="IceAgentState.Failed"/>.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The state reached.</returns>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public Task<IceAgentState> WhenSettledAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return _settled.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>A snapshot of the checklist, highest priority first.</summary>
    /// <returns>The pairs.</returns>
    public IReadOnlyList<IceCandidatePair> GetCheckList()
    {
        lock (_gate)
        {
            return [.. _checkList.Pairs.Select(p => p.ToSnapshot())];
        }
    }

    /// <summary>The selected pair of <paramref name="component"/>, if any.</summary>
    /// <param name="component">1 to <see cref="IceAgentOptions.ComponentCount"/>.</param>
    /// <returns>The pair or <see langword="null"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">No such component.</exception>
    public IceCandidatePair? GetSelectedPair(int component)
    {
        lock (_gate)
        {
            return ComponentState(component).Selected?.ToSnapshot();
        }
    }

    /// <summary>The media path of <paramref name="component"/>; it sends once a pair is selected.</summary>
    /// <param name="component">1 to <see cref="IceAgentOptions.ComponentCount"/>.</param>
    /// <returns>The path (the same object every time).</returns>
    /// <exception cref="ArgumentOutOfRangeException">No such component.</exception>
    public IceDatagramPath GetDatagramPath(int component) => ComponentState(component).Path;

    /// <summary>
    /// Sets the peer's ufrag and password (RFC 8445 §5.3); checks start once they are known. Calling it again with
    /// other values after <see cref="Restart"/> is how the peer's restart is taken in.
    /// </summary>
    /// <param name="ufrag">The peer's ufrag (4-256 ice-chars).</param>
    /// <param name="password">The peer's password (22-256 ice-chars).</param>
    /// <exception cref="ArgumentException">The values are outside RFC 8839 §5.4 limits.</exception>
    public void SetRemoteCredentials(string ufrag, string password)
    {
        ArgumentNullException.ThrowIfNull(ufrag);
        ArgumentNullException.ThrowIfNull(password);
        // RFC 8839 §5.4: ice-ufrag 4*256ice-char, ice-pwd 22*256ice-char.
        if (ufrag.Length is < 4 or > 256 || !ufrag.All(c => IceChars.Contains(c, StringComparison.Ordinal)))
        {
            throw new ArgumentException("The ufrag must be 4-256 ice-chars (RFC 8839 §5.4).", nameof(ufrag));
        }

        if (password.Length is < 22 or > 256 || !password.All(c => IceChars.Contains(c, StringComparison.Ordinal)))
        {
            throw new ArgumentException("The password must be 22-256 ice-chars (RFC 8839 §5.4).", nameof(password));
        }

        lock (_gate)
        {
            ThrowIfClosed();
            _remoteUfrag = ufrag;
            var old = _remoteKey;
            _remoteKey = StunIntegrityKey.ForShortTerm(password);
            _ = old; // Transactions in flight may still hold the old key; it is dropped with them, not disposed here.
            if (_state == IceAgentState.New)
            {
                SetState(IceAgentState.Checking);
            }
        }

        Flush();
    }

    /// <summary>Adds a remote candidate (signalled or trickled); it is paired with the local candidates at once.</summary>
    /// <param name="candidate">The candidate.</param>
    /// <returns><see langword="false"/> when it is a duplicate or the remote-candidate limit is reached.</returns>
    public bool AddRemoteCandidate(IceCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        bool added;
        lock (_gate)
        {
            ThrowIfClosed();
            added = AddRemoteLocked(candidate);
        }

        Flush();
        return added;
    }

    /// <summary>
    /// The peer signalled <c>a=ice-lite</c>: this full agent takes the controlling role (RFC 8445 §6.1.1) and is the
    /// only side that checks; the lite peer follows its nomination.
    /// </summary>
    /// <exception cref="InvalidOperationException">This agent is lite too (lite-lite sessions are not supported).</exception>
    public void SetRemoteIceLite()
    {
        if (_options.Lite)
        {
            throw new InvalidOperationException("Both agents are ICE-lite; this agent supports lite only against a full peer.");
        }

        lock (_gate)
        {
            ThrowIfClosed();
            SwitchRoleLocked(IceRole.Controlling, "peer is ICE-lite", isConflict: false);
        }

        Flush();
    }

    /// <summary>The peer signalled end-of-candidates (RFC 8838 §13): the agent may now declare failure when everything failed.</summary>
    public void AddRemoteEndOfCandidates()
    {
        lock (_gate)
        {
            _remoteEndOfCandidates = true;
            EvaluateFailureLocked();
        }

        Flush();
    }

    /// <summary>
    /// ICE restart (RFC 8445 §9): new local credentials, the remote candidates, checklist and valid pairs are
    /// discarded, local candidates are kept. Media keeps flowing on the previously selected pairs (and their consent
    /// is still answered with the old credentials) until new pairs are selected. Signal the new ufrag and password,
    /// then call <see cref="SetRemoteCredentials"/> and add the peer's candidates again.
    /// </summary>
    public void Restart()
    {
        lock (_gate)
        {
            ThrowIfClosed();
            _previousKey?.Dispose();
            _previousUfrag = _localUfrag;
            _previousKey = _localKey;
            _localKey = null;
            NewLocalCredentials();
            _remoteUfrag = null;
            _remoteKey = null;
            _remotes.Clear();
            _checkList.Clear();
            _validPairs.Clear();
            _remoteEndOfCandidates = false;
            foreach (var key in _transactions.Where(t => t.Value.Kind == IceTransactionKind.Check).Select(t => t.Key).ToList())
            {
                _transactions.Remove(key);
            }

            foreach (var component in _components)
            {
                component.ResetForRestart();
            }

            if (_settled.Task.IsCompleted)
            {
                _settled = new TaskCompletionSource<IceAgentState>(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            SetState(IceAgentState.New);
            Log.Restarted(_logger);
        }

        Flush();
    }

    /// <summary>Stops the timer, closes every socket and allocation, and ends the datagram paths.</summary>
    /// <returns>A task that completes when everything is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        List<IIceSocket> sockets;
        lock (_gate)
        {
            if (_state == IceAgentState.Closed)
            {
                return;
            }

            SetState(IceAgentState.Closed);
            _timer?.Dispose();
            _timer = null;
            sockets = [.. _sockets];
            _sockets.Clear();
            _transactions.Clear();
            _localKey?.Dispose();
            _previousKey?.Dispose();
            _remoteKey?.Dispose();
            if (!ReferenceEquals(_consentKey, _remoteKey))
            {
                _consentKey?.Dispose();
            }

            _settled.TrySetResult(IceAgentState.Closed);
            _gathered.TrySetResult();
        }

        await _disposing.CancelAsync().ConfigureAwait(false);
        Flush();
        foreach (var component in _components)
        {
            component.Path.Complete();
        }

        foreach (var socket in sockets)
        {
            await socket.DisposeAsync().ConfigureAwait(false);
        }

        _metrics.Dispose();
        _disposing.Dispose();
    }

    private IceComponentState ComponentState(int component)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(component, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(component, _components.Length);
        return _components[component - 1];
    }

    private void NewLocalCredentials()
    {
        _localUfrag = RandomNumberGenerator.GetString(IceChars, 8);
        _localPassword = RandomNumberGenerator.GetString(IceChars, 24);
        _localKey = StunIntegrityKey.ForShortTerm(_localPassword);
    }

    private void ThrowIfClosed() => ObjectDisposedException.ThrowIf(_state == IceAgentState.Closed, this);

    private void SetState(IceAgentState state)
    {
        if (_state == state)
        {
            return;
        }

        _state = state;
        Log.StateChanged(_logger, state);
        if (state is IceAgentState.Completed or IceAgentState.Failed)
        {
            var settled = _settled;
            _effects.Add(() => settled.TrySetResult(state));
        }

        _effects.Add(() => StateChanged?.Invoke(this, new IceStateChangedEventArgs(state)));
    }

    /// <summary>Runs the sends and events produced under the lock, outside it, in order.</summary>
    private void Flush()
    {
        while (true)
        {
            Action[] batch;
            lock (_gate)
            {
                if (_effects.Count == 0)
                {
                    return;
                }

                batch = [.. _effects];
                _effects.Clear();
            }

            foreach (var effect in batch)
            {
                try
                {
                    effect();
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // A failing socket or event handler must not stop the agent's state machine.
                    Log.EffectFailed(_logger, e);
                }
            }
        }
    }

    private void SendLater(IIceSocket socket, byte[] datagram, IPEndPoint destination) =>
        _effects.Add(() => socket.Send(datagram, destination));

    private string FoundationFor(IceCandidateType type, IPAddress baseAddress, string server, IceTransportProtocol transport = IceTransportProtocol.Udp, IceTcpType tcpType = IceTcpType.None)
    {
        // RFC 8445 §5.1.1.3: same type, base IP address, server and transport ⇒ same foundation; numbers keep it short.
        // The tcptype is part of the key too: an active connect failing at a firewall says nothing about simultaneous
        // open, so their pairs must not freeze each other.
        var key = $"{(int)type}|{baseAddress}|{server}|{(int)transport}|{(int)tcpType}";
        if (!_foundations.TryGetValue(key, out var foundation))
        {
            foundation = (_foundations.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _foundations[key] = foundation;
        }

        return foundation;
    }
}
