using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace UcStack.Stun;

/// <summary>
/// A STUN Binding server (RFC 8489 §6.3, §7.3.1; RFC 5389): answers Binding requests over UDP and TCP on
/// the same port with XOR-MAPPED-ADDRESS (plus SOFTWARE, and FINGERPRINT when the request had one); 400 for
/// malformed requests it can answer, 420 with UNKNOWN-ATTRIBUTES, and 400/401 for the optional short-term
/// credential check. Bad input never stops it; each TCP connection has a bounded buffer and an idle timeout.
/// </summary>
/// <remarks>
/// One UDP receive loop answers datagrams in order with a reused buffer pair; each TCP connection has its
/// own loop. <see cref="DisposeAsync"/> stops listening, closes connections and waits for every loop.
/// </remarks>
public sealed partial class StunBindingServer : IAsyncDisposable
{
    private readonly StunBindingServerOptions _options;
    private readonly StunBindingResponder _responder;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Meter? _ownedMeter;
    private readonly Counter<long> _requests;
    private readonly CancellationTokenSource _stop = new();
    private readonly StunUdpTransport? _udp;
    private readonly Socket? _listener;
    private readonly Lock _connectionsGate = new();
    private readonly HashSet<StunTcpTransport> _connections = [];
    private readonly List<Task> _loops = [];
    private int _disposed;

    private StunBindingServer(StunBindingServerOptions options, StunUdpTransport? udp, Socket? listener, TimeProvider time, ILogger logger, IMeterFactory? meterFactory)
    {
        _options = options;
        _responder = new StunBindingResponder(options.Software, options.CredentialLookup);
        _udp = udp;
        _listener = listener;
        _time = time;
        _logger = logger;
        var meter = meterFactory?.Create(StunMetrics.MeterName) ?? (_ownedMeter = new Meter(StunMetrics.MeterName));
        _requests = meter.CreateCounter<long>("ucstack.stun.binding.requests", "{request}", "STUN messages received by the Binding server, by outcome.");
        UdpEndPoint = udp?.LocalEndPoint;
        TcpEndPoint = listener is null ? null : (IPEndPoint)listener.LocalEndPoint!;
    }

    /// <summary>The UDP address and port answered on, when UDP is enabled.</summary>
    public IPEndPoint? UdpEndPoint { get; }

    /// <summary>The TCP address and port listened on, when TCP is enabled.</summary>
    public IPEndPoint? TcpEndPoint { get; }

    /// <summary>TCP connections open now.</summary>
    public int TcpConnectionCount
    {
        get
        {
            lock (_connectionsGate)
            {
                return _connections.Count;
            }
        }
    }

    /// <summary>Binds the listeners and starts answering.</summary>
    /// <param name="options">Where to listen and how to answer; defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for TCP idle timeouts.</param>
    /// <param name="logger">Where events go (EventIds 1020-1039).</param>
    /// <param name="meterFactory">Creates the <c>UcStack.Stun</c> meter.</param>
    /// <exception cref="SocketException">A listener could not be bound.</exception>
    /// <exception cref="ArgumentException">The options are inconsistent.</exception>
    public static StunBindingServer Start(
        StunBindingServerOptions? options = null,
        TimeProvider? timeProvider = null,
        ILogger<StunBindingServer>? logger = null,
        IMeterFactory? meterFactory = null)
    {
        options ??= new StunBindingServerOptions();
        options.Validate();
        var (udp, listener) = Bind(options);
        var server = new StunBindingServer(options, udp, listener, timeProvider ?? TimeProvider.System, (ILogger?)logger ?? NullLogger.Instance, meterFactory);
        lock (server._connectionsGate)
        {
            if (udp is not null)
            {
                server._loops.Add(Task.Run(server.RunUdpAsync));
            }

            if (listener is not null)
            {
                server._loops.Add(Task.Run(server.RunAcceptAsync));
            }
        }

        StunBindingServerLog.Started(server._logger, server.UdpEndPoint, server.TcpEndPoint);
        return server;
    }

    /// <summary>Stops listening, closes every connection and waits for the loops to end.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        if (_udp is not null)
        {
            await _udp.DisposeAsync().ConfigureAwait(false);
        }

        StunTcpTransport[] connections;
        Task[] loops;
        lock (_connectionsGate)
        {
            connections = [.. _connections];
            loops = [.. _loops];
        }

        foreach (var connection in connections)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        // The loops only end by cancellation or closed sockets, both just caused; their errors are logged.
        await Task.WhenAll(loops).ConfigureAwait(false);
        _stop.Dispose();
        _ownedMeter?.Dispose();
    }

    private static (StunUdpTransport? Udp, Socket? Listener) Bind(StunBindingServerOptions options)
    {
        // With port 0 the UDP socket picks the port and TCP must get the same one; another process may hold
        // it for TCP, so try a few fresh ports.
        for (var attempt = 0; ; attempt++)
        {
            StunUdpTransport? udp = null;
            try
            {
                var endPoint = options.LocalEndPoint;
                if (options.EnableUdp)
                {
                    udp = StunUdpTransport.Bind(endPoint);
                    endPoint = new IPEndPoint(endPoint.Address, udp.LocalEndPoint.Port);
                }

                var listener = options.EnableTcp ? Listen(endPoint) : null;
                return (udp, listener);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse && options.LocalEndPoint.Port == 0 && options.EnableUdp && attempt < 8)
            {
                udp?.Close();
            }
            catch
            {
                udp?.Close();
                throw;
            }
        }
    }

    private static Socket Listen(IPEndPoint endPoint)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endPoint.Address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            socket.Bind(endPoint);
            socket.Listen(128);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task RunUdpAsync()
    {
        var udp = _udp!;
        var request = new byte[StunStreamFramer.MaxStunFrameLength];
        var response = new byte[StunBindingResponder.MaxResponseLength];
        var stop = _stop.Token;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var packet = await udp.ReceiveAsync(request, stop).ConfigureAwait(false);
                var length = Answer(request.AsSpan(0, packet.Length), packet.RemoteEndPoint, response, "udp");
                if (length > 0)
                {
                    await udp.SendAsync(response.AsMemory(0, length), packet.RemoteEndPoint, stop).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException e)
            {
                // A failed send to one client (e.g. an unreachable address) must not stop the server.
                if (stop.IsCancellationRequested)
                {
                    return;
                }

                StunBindingServerLog.UdpError(_logger, e);
            }
        }
    }

    private int Answer(ReadOnlySpan<byte> request, IPEndPoint source, Span<byte> response, string transport)
    {
        var length = _responder.Respond(request, source, response, out var outcome);
        if (_requests.Enabled)
        {
            _requests.Add(1, new KeyValuePair<string, object?>("network.transport", transport), new KeyValuePair<string, object?>("stun.outcome", OutcomeName(outcome)));
        }

        if (outcome != StunBindingResponder.Outcome.Success)
        {
            StunBindingServerLog.NotSuccess(_logger, source, outcome);
        }

        return length;
    }

    private static string OutcomeName(StunBindingResponder.Outcome outcome) => outcome switch
    {
        StunBindingResponder.Outcome.Success => "success",
        StunBindingResponder.Outcome.BadRequest => "400",
        StunBindingResponder.Outcome.Unauthenticated => "401",
        StunBindingResponder.Outcome.UnknownAttribute => "420",
        _ => "discarded",
    };
}
