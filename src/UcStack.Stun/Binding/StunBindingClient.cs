using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace UcStack.Stun;

/// <summary>
/// Asks a STUN server for this host's server-reflexive address (RFC 8489 §3, §6: a Binding request; the
/// answer is XOR-MAPPED-ADDRESS, or MAPPED-ADDRESS from RFC 3489-era servers).
/// </summary>
/// <remarks>Thread-safe; every call uses its own socket and transaction.</remarks>
public sealed class StunBindingClient
{
    private const int ReceiveBufferLength = 4096;
    private readonly StunTransactionOptions? _transactionOptions;
    private readonly TimeProvider? _timeProvider;
    private readonly ILogger<StunTransactionManager>? _logger;
    private readonly IMeterFactory? _meterFactory;

    /// <summary>Creates a client.</summary>
    /// <param name="transactionOptions">Retransmission timing; RFC defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for retransmissions and timeouts.</param>
    /// <param name="logger">Where transaction events go.</param>
    /// <param name="meterFactory">Creates the <c>UcStack.Stun</c> meter.</param>
    public StunBindingClient(
        StunTransactionOptions? transactionOptions = null,
        TimeProvider? timeProvider = null,
        ILogger<StunTransactionManager>? logger = null,
        IMeterFactory? meterFactory = null)
    {
        _transactionOptions = transactionOptions;
        _timeProvider = timeProvider;
        _logger = logger;
        _meterFactory = meterFactory;
    }

    /// <summary>Sends a Binding request to <paramref name="server"/> from a fresh socket and returns the mapped address.</summary>
    /// <param name="server">The STUN server.</param>
    /// <param name="options">Transport, credential and fingerprint choices.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The address and port the server saw the request come from.</returns>
    /// <exception cref="StunTransactionException">Timeout, transport error, an error response (with its code), or a response without a mapped address.</exception>
    /// <exception cref="SocketException">The socket could not be opened or (TCP) connected.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<IPEndPoint> GetMappedAddressAsync(IPEndPoint server, StunBindingRequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        options ??= new StunBindingRequestOptions();
        IStunTransport transport = options.UseTcp
            ? await ConnectAsync(server, cancellationToken).ConfigureAwait(false)
            : StunUdpTransport.Bind(new IPEndPoint(server.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0));
        await using (transport.ConfigureAwait(false))
        {
            return await GetMappedAddressAsync(transport, server, options, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Sends a Binding request over an existing transport and returns the mapped address. The transport must
    /// not have another receive loop running: this call reads from it until the transaction ends.
    /// </summary>
    /// <param name="transport">The socket or connection whose mapping is wanted.</param>
    /// <param name="server">The STUN server.</param>
    /// <param name="options">Credential and fingerprint choices (<see cref="StunBindingRequestOptions.UseTcp"/> is ignored).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The address and port the server saw the request come from.</returns>
    /// <exception cref="StunTransactionException">Timeout, transport error, an error response (with its code), or a response without a mapped address.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<IPEndPoint> GetMappedAddressAsync(IStunTransport transport, IPEndPoint server, StunBindingRequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(server);
        options ??= new StunBindingRequestOptions();
        if (options.Username is not null && options.Key is null)
        {
            throw new ArgumentException("A username needs a key.", nameof(options));
        }

        var request = BuildRequest(options);
        using var manager = new StunTransactionManager(transport, _transactionOptions, _timeProvider, _logger, _meterFactory);
        using var stopReceiving = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var receiving = ReceiveAsync(transport, manager, stopReceiving.Token);
        try
        {
            var response = await manager.SendRequestAsync(request, server, options.Key, cancellationToken).ConfigureAwait(false);
            response.EnsureSuccess();
            var reader = response.GetReader();

            // RFC 8489 §14.2: XOR-MAPPED-ADDRESS is what current servers send; MAPPED-ADDRESS (§14.1) remains
            // for backwards compatibility with RFC 3489 servers.
            if (reader.TryGetXorMappedAddress(out var mapped) || reader.TryGetMappedAddress(out mapped))
            {
                return mapped.ToIPEndPoint();
            }

            throw new StunTransactionException(StunTransactionFailure.InvalidResponse, "The success response has neither XOR-MAPPED-ADDRESS nor MAPPED-ADDRESS.");
        }
        finally
        {
            await stopReceiving.CancelAsync().ConfigureAwait(false);
            await receiving.ConfigureAwait(false);
        }
    }

    /// <summary>Connects within Ti, so an unresponsive address fails like an unanswered request, not after the OS's connect timeout.</summary>
    private async Task<StunTcpTransport> ConnectAsync(IPEndPoint server, CancellationToken cancellationToken)
    {
        var ti = (_transactionOptions ?? new StunTransactionOptions()).ReliableTimeout;
        using var timeout = new CancellationTokenSource(ti, _timeProvider ?? TimeProvider.System);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await StunTcpTransport.ConnectAsync(server, ReceiveBufferLength, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new StunTransactionException(StunTransactionFailure.Timeout, $"No TCP connection to {server} within Ti = {ti.TotalMilliseconds} ms (RFC 8489 §6.2.2).");
        }
    }

    private static byte[] BuildRequest(StunBindingRequestOptions options)
    {
        Span<byte> transactionId = stackalloc byte[StunConstants.TransactionIdLength];

        // RFC 8489 §6.1: the transaction id is uniformly random from a cryptographically strong source.
        StunMessageWriter.GenerateTransactionId(transactionId);
        var buffer = new byte[2048];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, transactionId);
        if (options.Software is not null && !writer.AddSoftware(options.Software))
        {
            throw new ArgumentException("SOFTWARE is too long.", nameof(options));
        }

        if (options.Username is not null && !writer.AddUsername(options.Username))
        {
            throw new ArgumentException("USERNAME is too long.", nameof(options));
        }

        if (options.Key is not null)
        {
            writer.AddMessageIntegrity(options.Key);
        }

        if (options.AddFingerprint)
        {
            writer.AddFingerprint();
        }

        return buffer[..writer.Complete()];
    }

    private static async Task ReceiveAsync(IStunTransport transport, StunTransactionManager manager, CancellationToken cancellationToken)
    {
        var buffer = new byte[ReceiveBufferLength];
        try
        {
            while (true)
            {
                var packet = await transport.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (packet.IsEndOfStream)
                {
                    manager.AbortPendingTransactions();
                    return;
                }

                manager.TryHandleResponse(buffer.AsSpan(0, packet.Length), packet.RemoteEndPoint);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            manager.AbortPendingTransactions(e);
        }
    }
}
