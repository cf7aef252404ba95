using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using UcStack.Stun;

namespace UcStack.Turn.Server;

/// <summary>
/// A TURN relay server (RFC 8656) listening on UDP and TCP on one port, relaying over UDP, and over TCP for
/// clients on TCP (RFC 6062: Connect, ConnectionAttempt, ConnectionBind), with the long-term credential
/// mechanism. Start with <see cref="StartAsync"/>; stop with <see cref="DisposeAsync"/>, which deletes every
/// allocation and closes every socket.
/// </summary>
/// <remarks>
/// Not implemented: TLS/DTLS listeners, DONT-FRAGMENT (420), and dual-stack allocations (one relay address
/// family per server).
/// </remarks>
public sealed class TurnServer : IAsyncDisposable
{
    private const int MaxBindAttempts = 16;

    private readonly TurnServerEngine _engine;
    private readonly Socket _udp;
    private readonly Socket _tcp;
    private readonly TurnServerOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _connectionsGate = new();
    private readonly HashSet<Task> _connections = [];
    private Task _udpLoop = Task.CompletedTask;
    private Task _acceptLoop = Task.CompletedTask;
    private int _disposed;

    private TurnServer(TurnServerOptions options, Socket udp, Socket tcp, ILogger logger, IMeterFactory? meterFactory)
    {
        _options = options;
        _udp = udp;
        _tcp = tcp;
        _logger = logger;
        LocalEndPoint = (IPEndPoint)udp.LocalEndPoint!;
        _engine = new TurnServerEngine(options, new UdpRelaySocketFactory(options.UdpSocketBufferSize), logger, new TurnServerMetrics(meterFactory));
    }

    /// <summary>The address and port the server listens on (UDP and TCP).</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Allocations currently held.</summary>
    public int ActiveAllocations => _engine.AllocationCount;

    /// <summary>The UDP listener's receive buffer size as the OS granted it (for tests and diagnostics).</summary>
    internal int UdpReceiveBufferSize => _udp.ReceiveBufferSize;

    /// <summary>RFC 6062 connections held (for tests and diagnostics).</summary>
    internal int TcpRelayConnections => _engine.TcpConnectionCount;

    /// <summary>Completes when exactly <paramref name="count"/> RFC 6062 connections are held (for tests).</summary>
    internal Task WhenTcpConnectionsAsync(int count, CancellationToken cancellationToken) => _engine.WhenTcpConnectionCountAsync(count, cancellationToken);

    /// <summary>Validates <paramref name="options"/>, binds the UDP and TCP listeners and starts serving.</summary>
    /// <param name="options">The configuration; do not change it after the call.</param>
    /// <param name="loggerFactory">Logging (EventIds 2000-2099); none by default.</param>
    /// <param name="meterFactory">Metrics (meter <c>UcStack.Turn.Server</c>); none by default.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range or missing.</exception>
    /// <exception cref="SocketException">The listen address cannot be bound for both UDP and TCP.</exception>
    public static Task<TurnServer> StartAsync(
        TurnServerOptions options,
        ILoggerFactory? loggerFactory = null,
        IMeterFactory? meterFactory = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();
        Validate(options);
        var (udp, tcp) = BindListeners(options.ListenEndPoint);
        var (receiveBuffer, sendBuffer) = UdpSocketBuffers.Apply(udp, options.UdpSocketBufferSize);
        var logger = loggerFactory?.CreateLogger<TurnServer>() ?? (ILogger)NullLogger.Instance;
        if (options.UdpSocketBufferSize > 0)
        {
            TurnServerEngine.Log.UdpBuffers(logger, options.UdpSocketBufferSize, receiveBuffer, sendBuffer);
        }

        var server = new TurnServer(options, udp, tcp, logger, meterFactory);
        server.Start();
        return Task.FromResult(server);
    }

    private void Start()
    {
        TurnServerEngine.Log.Listening(_logger, LocalEndPoint.ToString());
        _udpLoop = UdpLoopAsync(_stop.Token);
        _acceptLoop = AcceptLoopAsync(_stop.Token);
    }

    private static void Validate(TurnServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options.ListenEndPoint);
        if (options.CredentialStore is null)
        {
            throw new ArgumentException("TurnServerOptions.CredentialStore is required.", nameof(options));
        }

        if (string.IsNullOrEmpty(options.Realm) || options.Realm.Length > 127)
        {
            // RFC 8489 §14.9: REALM is fewer than 128 characters.
            throw new ArgumentException("TurnServerOptions.Realm must have 1 to 127 characters.", nameof(options));
        }

        var relay = options.RelayAddress ?? options.ListenEndPoint.Address;
        if (relay.Equals(IPAddress.Any) || relay.Equals(IPAddress.IPv6Any))
        {
            throw new ArgumentException("Set TurnServerOptions.RelayAddress when listening on a wildcard address: clients need a reachable relayed address.", nameof(options));
        }

        if (options.RelayPortMin is < 1 or > 65535 || options.RelayPortMax < options.RelayPortMin || options.RelayPortMax > 65535)
        {
            throw new ArgumentException("The relay port range must lie within 1..65535 with RelayPortMin <= RelayPortMax.", nameof(options));
        }

        if (options.NonceLifetime <= TimeSpan.Zero || options.DefaultAllocationLifetime <= TimeSpan.Zero
            || options.MaxAllocationLifetime < options.DefaultAllocationLifetime)
        {
            throw new ArgumentException("Lifetimes must be positive, and MaxAllocationLifetime at least DefaultAllocationLifetime.", nameof(options));
        }

        if (options.MaxAllocations < 1 || options.MaxAllocationsPerUser < 1 || options.MaxPermissionsPerAllocation < 1
            || options.MaxTcpConnections < 1 || options.BandwidthBytesPerSecond < 0 || options.TcpIdleTimeout <= TimeSpan.Zero
            || options.MaxConnectionsPerAllocation < 1 || options.PeerConnectTimeout <= TimeSpan.Zero
            || options.UdpSocketBufferSize < 0)
        {
            throw new ArgumentException("Quotas must be at least 1, the bandwidth limit and UDP buffer size not negative and the TCP idle timeout positive.", nameof(options));
        }
    }

    private static (Socket Udp, Socket Tcp) BindListeners(IPEndPoint listen)
    {
        // Port 0 means "any free port": UDP picks one, TCP must then get the same; retry when TCP's is taken.
        for (var attempt = 0; ; attempt++)
        {
            var udp = new Socket(listen.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            var tcp = new Socket(listen.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                udp.Bind(listen);
                tcp.Bind(new IPEndPoint(listen.Address, ((IPEndPoint)udp.LocalEndPoint!).Port));
                tcp.Listen(512);
                return (udp, tcp);
            }
            catch (SocketException) when (listen.Port == 0 && attempt < MaxBindAttempts)
            {
                udp.Dispose();
                tcp.Dispose();
            }
            catch
            {
                udp.Dispose();
                tcp.Dispose();
                throw;
            }
        }
    }

    private async Task UdpLoopAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[65536];
        var from = new SocketAddress(_udp.AddressFamily);
        var server = StunEndPoint.FromIPEndPoint(LocalEndPoint);
        var link = new UdpClientLink(_udp, from, server);
        while (!cancellationToken.IsCancellationRequested)
        {
            int received;
            try
            {
                received = await _udp.ReceiveFromAsync(buffer, SocketFlags.None, from, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // ICMP unreachable from an earlier send surfaces here on some platforms; keep serving.
                TurnServerEngine.Log.TransportError(_logger, "UDP listener", e);
                continue;
            }

            link.Reset();
            try
            {
                _engine.HandleClientMessage(link, buffer.AsSpan(0, received));
            }
            catch (Exception e)
            {
                // A defect in one message's handling must not stop the listener for everyone else.
                TurnServerEngine.Log.MessageFailed(_logger, link.Tuple.Client.ToString(), e);
            }
        }
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        var server = StunEndPoint.FromIPEndPoint(LocalEndPoint);
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await _tcp.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                TurnServerEngine.Log.TransportError(_logger, "TCP accept", e);
                continue;
            }

            lock (_connectionsGate)
            {
                if (_connections.Count >= _options.MaxTcpConnections)
                {
                    accepted.Dispose();
                    continue;
                }

                accepted.NoDelay = true;
                var client = StunEndPoint.FromIPEndPoint((IPEndPoint)accepted.RemoteEndPoint!);
                var connection = new TcpClientConnection(accepted, new FiveTuple(TurnTransportKind.Tcp, client, server));
                var task = connection.RunAsync(_engine, _options.TimeProvider, _options.TcpIdleTimeout, cancellationToken);
                _connections.Add(task);
                _ = task.ContinueWith(
                    (done, state) =>
                    {
                        var self = (TurnServer)state!;
                        lock (self._connectionsGate)
                        {
                            self._connections.Remove(done);
                        }
                    },
                    this,
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }
        }
    }

    /// <summary>Stops listening, closes every connection and deletes every allocation.</summary>
    /// <returns>A task that completes when all loops have ended.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _udp.Dispose();
        _tcp.Dispose();
        Task[] connections;
        lock (_connectionsGate)
        {
            connections = [.. _connections];
        }

        await Task.WhenAll([_udpLoop, _acceptLoop, .. connections]).ConfigureAwait(false);
        _engine.Dispose();
        _stop.Dispose();
    }
}
