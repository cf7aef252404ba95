using System.Net;
using UcStack.Stun;
using UcStack.Turn.Protocol;

namespace UcStack.Turn.Client;

public sealed partial class TurnClient
{
    // After a failed background refresh, try again this much later (while the lifetime lasts).
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(10);

    private readonly Dictionary<StunEndPoint, PermissionState> _permissions = [];
    private readonly Dictionary<StunEndPoint, ChannelState> _channelsByPeer = [];
    private readonly Dictionary<ushort, ChannelState> _channelsByNumber = [];
    private ushort _nextChannel = TurnConstants.MinChannelNumber;
    private bool _allocated;
    private StunEndPoint _relayed;
    private StunEndPoint _mapped;
    private TimeSpan _lifetime;
    private long _allocationExpires = long.MaxValue;
    private long _allocationRefreshDue = long.MaxValue;
    private int _maintaining;

    /// <summary>The relayed transport address (XOR-RELAYED-ADDRESS), valid after <see cref="AllocateAsync"/>.</summary>
    /// <exception cref="InvalidOperationException">No allocation yet.</exception>
    public StunEndPoint RelayedAddress
    {
        get
        {
            lock (_lock)
            {
                return _allocated ? _relayed : throw new InvalidOperationException("No allocation: call AllocateAsync first.");
            }
        }
    }

    /// <summary>Our address as the server saw it (XOR-MAPPED-ADDRESS), valid after <see cref="AllocateAsync"/>; default when the server sent none.</summary>
    public StunEndPoint MappedAddress
    {
        get
        {
            lock (_lock)
            {
                return _mapped;
            }
        }
    }

    /// <summary>The lifetime the server granted in the last Allocate or Refresh response.</summary>
    public TimeSpan AllocationLifetime
    {
        get
        {
            lock (_lock)
            {
                return _lifetime;
            }
        }
    }

    /// <summary>True while the client holds an allocation.</summary>
    public bool IsAllocated
    {
        get
        {
            lock (_lock)
            {
                return _allocated;
            }
        }
    }

    /// <summary>
    /// Creates the allocation (RFC 8656 §7.1) with REQUESTED-TRANSPORT from the options and the requested
    /// lifetime, answering the credential challenge, and starts refreshing it before it expires.
    /// </summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The relayed transport address.</returns>
    /// <exception cref="TurnException">The server refused (e.g. 401 wrong credentials, 437, 442, 486, 508) or the response lacked XOR-RELAYED-ADDRESS.</exception>
    /// <exception cref="TimeoutException">No response.</exception>
    /// <exception cref="InvalidOperationException">Already allocated.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public async Task<StunEndPoint> AllocateAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        if (IsAllocated)
        {
            throw new InvalidOperationException("This client already holds an allocation.");
        }

        var response = await RequestAsync(StunMethod.Allocate, this, static (ref StunMessageWriter writer, TurnClient client) =>
        {
            // RFC 8656 §7.1: REQUESTED-TRANSPORT is mandatory; RFC 6062 §4.1 uses 6 for TCP relaying.
            writer.AddRequestedTransport(client._options.RelayTransport == TurnTransport.Tcp ? TurnConstants.TransportTcp : TurnConstants.TransportUdp);
            if (client._options.RequestedLifetime is { } lifetime)
            {
                writer.AddLifetime((uint)lifetime.TotalSeconds);
            }
        }, cancellationToken).ConfigureAwait(false);

        var reader = ParseResponse(response);
        // RFC 8656 §7.3: the success response carries XOR-RELAYED-ADDRESS, LIFETIME and XOR-MAPPED-ADDRESS.
        if (!reader.TryGetXorRelayedAddress(out var relayed))
        {
            throw new TurnException("The Allocate success response lacks XOR-RELAYED-ADDRESS.");
        }

        var lifetime = reader.TryGetLifetime(out var seconds) ? TimeSpan.FromSeconds(seconds) : TurnConstants.DefaultAllocationLifetime;
        reader.TryGetXorMappedAddress(out var mapped);
        lock (_lock)
        {
            _allocated = true;
            _relayed = relayed;
            _mapped = mapped;
            SetLifetimeLocked(lifetime);
        }

        Log.Allocated(_logger, relayed, mapped, lifetime);
        ScheduleMaintenance();
        return relayed;
    }

    /// <summary>Refreshes the allocation now (RFC 8656 §8) with the requested lifetime from the options.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The lifetime the server granted.</returns>
    /// <exception cref="TurnException">The server refused (437 when the allocation is gone).</exception>
    /// <exception cref="TimeoutException">No response.</exception>
    /// <exception cref="InvalidOperationException">No allocation.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public async Task<TimeSpan> RefreshAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        _ = RelayedAddress;
        var lifetime = await RefreshCoreAsync(_options.RequestedLifetime, cancellationToken).ConfigureAwait(false);
        ScheduleMaintenance();
        return lifetime;
    }

    private async Task<TimeSpan> RefreshCoreAsync(TimeSpan? requested, CancellationToken cancellationToken)
    {
        byte[] response;
        try
        {
            response = await RequestAsync(StunMethod.Refresh, requested, static (ref StunMessageWriter writer, TimeSpan? lifetime) =>
            {
                if (lifetime is { } value)
                {
                    writer.AddLifetime((uint)value.TotalSeconds);
                }
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (TurnException e) when (e.ErrorCode == (int)TurnErrorCode.AllocationMismatch)
        {
            // RFC 8656 §8: 437 means the allocation no longer exists.
            MarkDeallocated();
            throw;
        }

        var granted = ParseResponse(response).TryGetLifetime(out var seconds) ? TimeSpan.FromSeconds(seconds) : requested ?? TurnConstants.DefaultAllocationLifetime;
        if (granted == TimeSpan.Zero)
        {
            MarkDeallocated();
            return granted;
        }

        lock (_lock)
        {
            SetLifetimeLocked(granted);
        }

        Log.Refreshed(_logger, granted);
        return granted;
    }

    private void SetLifetimeLocked(TimeSpan lifetime)
    {
        var now = _time.GetTimestamp();
        _lifetime = lifetime;
        _allocationExpires = now + ToTimestamp(lifetime);
        var margin = _options.RefreshMargin < lifetime / 2 ? _options.RefreshMargin : lifetime / 2;
        _allocationRefreshDue = now + ToTimestamp(lifetime - margin);
    }

    private void MarkDeallocated()
    {
        lock (_lock)
        {
            _allocated = false;
            _allocationRefreshDue = long.MaxValue;
            _allocationExpires = long.MaxValue;
            _permissions.Clear();
            _channelsByPeer.Clear();
            _channelsByNumber.Clear();
        }
    }

    private async Task DeallocateQuietlyAsync()
    {
        if (!IsAllocated || Volatile.Read(ref _connectionFailure) is not null)
        {
            return;
        }

        // Bounded so a vanished server cannot hold up disposal for the full transaction timeout.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), _time);
        try
        {
            // RFC 8656 §8: a Refresh with LIFETIME 0 deletes the allocation.
            await RefreshCoreAsync(TimeSpan.Zero, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TurnException or TimeoutException or OperationCanceledException or IOException or System.Net.Sockets.SocketException)
        {
            Log.DeallocateFailed(_logger, e);
        }

        MarkDeallocated();
    }

    /// <summary>
    /// Installs a permission for <paramref name="peer"/> (RFC 8656 §9; the port is ignored) and keeps it
    /// refreshed every <see cref="TurnClientOptions.PermissionRefreshInterval"/> while packets flow to or
    /// from that address.
    /// </summary>
    /// <param name="peer">The peer's IP address.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the server confirmed.</returns>
    /// <exception cref="TurnException">The server refused (e.g. 403 for an excluded address).</exception>
    /// <exception cref="TimeoutException">No response.</exception>
    /// <exception cref="InvalidOperationException">No allocation.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public async Task CreatePermissionAsync(IPAddress peer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ThrowIfDisposed();
        _ = RelayedAddress;
        var address = new StunEndPoint(peer, 0);
        await SendCreatePermissionAsync([address], cancellationToken).ConfigureAwait(false);
        TouchPermission(address, created: true);
        ScheduleMaintenance();
    }

    private async Task SendCreatePermissionAsync(StunEndPoint[] addresses, CancellationToken cancellationToken) =>
        await RequestAsync(StunMethod.CreatePermission, addresses, static (ref StunMessageWriter writer, StunEndPoint[] peers) =>
        {
            // RFC 8656 §9.1: one or more XOR-PEER-ADDRESS attributes; each gets a permission.
            foreach (var peer in peers)
            {
                writer.AddXorPeerAddress(peer);
            }
        }, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Binds a channel to <paramref name="peer"/> (RFC 8656 §11.1), or returns the one already bound. Sends to
    /// that peer then use ChannelData. The binding (and the permission it installs) is refreshed while used.
    /// </summary>
    /// <param name="peer">The peer transport address.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The channel number, 0x4000–0x4FFF.</returns>
    /// <exception cref="TurnException">The server refused (400, 403).</exception>
    /// <exception cref="TimeoutException">No response.</exception>
    /// <exception cref="InvalidOperationException">No allocation, or every channel number is bound.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public async Task<ushort> BindChannelAsync(IPEndPoint peer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ThrowIfDisposed();
        _ = RelayedAddress;
        var target = StunEndPoint.FromIPEndPoint(peer);
        ushort number;
        lock (_lock)
        {
            if (_channelsByPeer.TryGetValue(target, out var existing))
            {
                return existing.Number;
            }

            number = NextFreeChannelLocked();
        }

        await SendChannelBindAsync(number, target, cancellationToken).ConfigureAwait(false);
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            var channel = new ChannelState(number, target) { RefreshDue = now + ToTimestamp(_options.ChannelRefreshInterval), LastUsed = now };
            _channelsByPeer[target] = channel;
            _channelsByNumber[number] = channel;
        }

        // RFC 8656 §12.2: a successful ChannelBind also installs or refreshes the peer's permission.
        TouchPermission(AddressOnly(target), created: true);
        ScheduleMaintenance();
        return number;
    }

    private async Task SendChannelBindAsync(ushort number, StunEndPoint peer, CancellationToken cancellationToken) =>
        await RequestAsync(StunMethod.ChannelBind, (number, peer), static (ref StunMessageWriter writer, (ushort Number, StunEndPoint Peer) state) =>
        {
            writer.AddChannelNumber(state.Number);
            writer.AddXorPeerAddress(state.Peer);
        }, cancellationToken).ConfigureAwait(false);

    private ushort NextFreeChannelLocked()
    {
        const int Count = TurnConstants.MaxChannelNumber - TurnConstants.MinChannelNumber + 1;
        for (var i = 0; i < Count; i++)
        {
            var candidate = _nextChannel;
            _nextChannel = candidate == TurnConstants.MaxChannelNumber ? TurnConstants.MinChannelNumber : (ushort)(candidate + 1);
            if (!_channelsByNumber.ContainsKey(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("All 4096 channel numbers are bound.");
    }

    private void TouchPermission(StunEndPoint address, bool created)
    {
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            if (_permissions.TryGetValue(address, out var permission))
            {
                permission.LastUsed = now;
                if (created)
                {
                    permission.RefreshDue = now + ToTimestamp(_options.PermissionRefreshInterval);
                }
            }
            else if (created)
            {
                _permissions[address] = new PermissionState { LastUsed = now, RefreshDue = now + ToTimestamp(_options.PermissionRefreshInterval) };
            }
        }
    }

    /// <summary>Permissions are per IP address (RFC 8656 §9): the key is the address with port 0.</summary>
    private static StunEndPoint AddressOnly(StunEndPoint endPoint)
    {
        Span<byte> address = stackalloc byte[16];
        var length = endPoint.WriteAddress(address);
        return new StunEndPoint(address[..length], 0);
    }

    private long ToTimestamp(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    private sealed class PermissionState
    {
        public long RefreshDue { get; set; }

        public long LastUsed { get; set; }
    }

    private sealed class ChannelState(ushort number, StunEndPoint peer)
    {
        public ushort Number { get; } = number;

        public StunEndPoint Peer { get; } = peer;

        public long RefreshDue { get; set; }

        public long LastUsed { get; set; }
    }
}
