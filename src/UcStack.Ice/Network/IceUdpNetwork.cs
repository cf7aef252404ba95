using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using UcStack.Turn.Client;

namespace UcStack.Ice;

/// <summary>
/// The real network: UDP sockets on the machine's interfaces (or on the addresses given), TURN allocations through
/// <see cref="TurnClient"/>, and TCP for active and passive ICE-TCP candidates (not simultaneous-open ones).
/// </summary>
public sealed class IceUdpNetwork : IIceNetwork, IIceTcpNetwork
{
    private readonly IReadOnlyList<IPAddress>? _addresses;
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory? _loggerFactory;

    /// <summary>Creates the network.</summary>
    /// <param name="timeProvider">The clock for TURN refreshes.</param>
    /// <param name="loggerFactory">Logging for the TURN clients.</param>
    /// <param name="addresses">The addresses to gather on; every up, non-loopback unicast address (IPv4 and global IPv6) when <see langword="null"/>.</param>
    public IceUdpNetwork(TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null, IReadOnlyList<IPAddress>? addresses = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
        _loggerFactory = loggerFactory;
        _addresses = addresses;
    }

    /// <inheritdoc/>
    public IReadOnlyList<IPAddress> GetLocalAddresses()
    {
        if (_addresses is not null)
        {
            return _addresses;
        }

        var result = new List<IPAddress>();
        foreach (var networkInterface in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (networkInterface.OperationalStatus != OperationalStatus.Up || networkInterface.NetworkInterfaceType == NetworkInterfaceType.Loopback)
            {
                continue;
            }

            foreach (var unicast in networkInterface.GetIPProperties().UnicastAddresses)
            {
                var address = unicast.Address;
                // Link-local IPv6 needs a scope id that candidates cannot carry (RFC 8445 §5.1.1.1 excludes them too).
                if (address.AddressFamily == AddressFamily.InterNetwork
                    || (address.AddressFamily == AddressFamily.InterNetworkV6 && !address.IsIPv6LinkLocal && !address.IsIPv6SiteLocal))
                {
                    result.Add(address);
                }
            }
        }

        if (result.Count == 0)
        {
            result.Add(IPAddress.Loopback);
        }

        return result;
    }

    /// <inheritdoc/>
    public IIceSocket BindUdp(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return IceUdpSocket.Bind(address);
    }

    /// <inheritdoc/>
    /// <remarks>Always <see langword="false"/>: crossing SYNs cannot be arranged reliably with real sockets.</remarks>
    public bool SupportsSimultaneousOpen => false;

    /// <inheritdoc/>
    public IIceTcpEndpoint OpenTcp(IPAddress address, IceTcpType tcpType)
    {
        ArgumentNullException.ThrowIfNull(address);
        return IceSocketTcpEndpoint.Open(address, tcpType);
    }

    /// <inheritdoc/>
    public async Task<IIceRelay> AllocateRelayAsync(IceTurnServer server, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        TurnClient? client = null;
        try
        {
            client = await TurnClient.ConnectAsync(
                new TurnClientOptions
                {
                    Server = server.EndPoint,
                    Username = server.Username,
                    Password = server.Password,
                    Transport = server.UseTcp ? TurnTransport.Tcp : TurnTransport.Udp,
                    TimeProvider = _timeProvider,
                    LoggerFactory = _loggerFactory,
                    Software = "UcStack.Ice",
                },
                cancellationToken).ConfigureAwait(false);
            var relayed = await client.AllocateAsync(cancellationToken).ConfigureAwait(false);
            return new IceTurnRelay(client, relayed.ToIPEndPoint(), client.MappedAddress.ToIPEndPoint());
        }
        catch (Exception e) when (e is TurnException or UcStack.Stun.StunTransactionException or SocketException or IOException or TimeoutException or InvalidOperationException)
        {
            if (client is not null)
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }

            throw new IceRelayException($"Allocation on {server} failed: {e.Message}", e);
        }
    }
}
