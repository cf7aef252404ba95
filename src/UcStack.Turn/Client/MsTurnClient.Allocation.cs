using UcStack.Stun;
using UcStack.Turn.Protocol;

namespace UcStack.Turn.Client;

public sealed partial class MsTurnClient
{
    // After a failed background refresh, try again this much later (while the lifetime lasts).
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(10);

    private bool _allocated;
    private StunEndPoint _relayed;
    private StunEndPoint _mapped;
    private TimeSpan _lifetime;
    private long _allocationExpires = long.MaxValue;
    private long _allocationRefreshDue = long.MaxValue;
    private int _maintaining;
    private Task _maintenance = Task.CompletedTask;

    /// <summary>The relayed transport address (MAPPED-ADDRESS of the Allocate response), valid after <see cref="AllocateAsync"/>.</summary>
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

    /// <summary>Our address as the server saw it (XOR-MAPPED-ADDRESS 0x8020); default when the server sent none.</summary>
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

    /// <summary>The lifetime the server granted in the last Allocate response.</summary>
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
    /// Allocates (MS-TURN Allocate 0x0003) with the requested lifetime, answering the challenge, and starts
    /// re-Allocating before it expires (MS-TURN has no Refresh method).
    /// </summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The relayed transport address.</returns>
    /// <exception cref="TurnException">The server refused (401, 437, 486, 508…) or the response lacked MAPPED-ADDRESS.</exception>
    /// <exception cref="TimeoutException">No response.</exception>
    /// <exception cref="IOException">The connection failed.</exception>
    /// <exception cref="InvalidOperationException">Already allocated.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public async Task<StunEndPoint> AllocateAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        if (IsAllocated)
        {
            throw new InvalidOperationException("This client already holds an allocation.");
        }

        var lifetime = await AllocateCoreAsync(_options.RequestedLifetime, freshChallenge: false, cancellationToken).ConfigureAwait(false);
        var relayed = RelayedAddress;
        Log.Allocated(_logger, relayed, MappedAddress, lifetime);
        ScheduleMaintenance();
        return relayed;
    }

    /// <summary>Refreshes the allocation now by re-Allocating with the requested lifetime.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The lifetime the server granted.</returns>
    /// <exception cref="TurnException">The server refused.</exception>
    /// <exception cref="TimeoutException">No response.</exception>
    /// <exception cref="IOException">The connection failed.</exception>
    /// <exception cref="InvalidOperationException">No allocation.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public async Task<TimeSpan> RefreshAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        _ = RelayedAddress;
        var lifetime = await AllocateCoreAsync(_options.RequestedLifetime, freshChallenge: false, cancellationToken).ConfigureAwait(false);
        ScheduleMaintenance();
        return lifetime;
    }

    /// <summary>Allocate, re-Allocate (refresh) or, with a zero lifetime, delete; returns the granted lifetime.</summary>
    private async Task<TimeSpan> AllocateCoreAsync(TimeSpan? requested, bool freshChallenge, CancellationToken cancellationToken)
    {
        var response = await RequestAsync(MsTurnMessageTypes.AllocateRequest, requested, static (ref StunMessageWriter writer, TimeSpan? lifetime) =>
        {
            if (lifetime is { } value)
            {
                writer.AddLifetime((uint)value.TotalSeconds);
            }
        }, freshChallenge, cancellationToken).ConfigureAwait(false);

        var reader = ParseResponse(response);
        TrackConnectionId(reader);
        var granted = reader.TryGetLifetime(out var seconds) ? TimeSpan.FromSeconds(seconds) : requested ?? TurnConstants.DefaultAllocationLifetime;
        if (granted == TimeSpan.Zero)
        {
            MarkDeallocated();
            return granted;
        }

        // MS-TURN: the relayed address comes in MAPPED-ADDRESS, our reflexive one in XOR-MAPPED-ADDRESS.
        if (!reader.TryGetMappedAddress(out var relayed))
        {
            throw new TurnException("The MS-TURN Allocate response lacks MAPPED-ADDRESS (the relayed address).");
        }

        reader.TryGetXorMappedAddress(out var mapped);
        var wasAllocated = false;
        lock (_lock)
        {
            wasAllocated = _allocated;
            _allocated = true;
            _relayed = relayed;
            _mapped = mapped;
            var now = _time.GetTimestamp();
            _lifetime = granted;
            _allocationExpires = now + ToTimestamp(granted);
            var margin = _options.RefreshMargin < granted / 2 ? _options.RefreshMargin : granted / 2;
            _allocationRefreshDue = now + ToTimestamp(granted - margin);
        }

        if (wasAllocated)
        {
            Log.Refreshed(_logger, granted);
        }

        return granted;
    }

    private void MarkDeallocated()
    {
        lock (_lock)
        {
            _allocated = false;
            _activeDestination = null;
            _allocationRefreshDue = long.MaxValue;
            _allocationExpires = long.MaxValue;
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
            // MS-TURN: an Allocate with LIFETIME 0 on the allocation's 5-tuple deletes it.
            await AllocateCoreAsync(TimeSpan.Zero, freshChallenge: false, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TurnException or TimeoutException or OperationCanceledException or IOException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            Log.DeallocateFailed(_logger, e);
        }

        MarkDeallocated();
    }

    /// <summary>Arms the one timer for the earlier of: the allocation refresh, the nonce renewal.</summary>
    private void ScheduleMaintenance()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        long due;
        lock (_lock)
        {
            if (!_allocated)
            {
                return;
            }

            due = Math.Min(_allocationRefreshDue, NonceRenewDueLocked());
        }

        var delay = _time.GetElapsedTime(_time.GetTimestamp(), due);
        try
        {
            _timer.Change(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Disposal raced with a refresh; nothing left to schedule.
        }
    }

    private long NonceRenewDueLocked() =>
        _nonceObtained == long.MaxValue ? long.MaxValue : _nonceObtained + ToTimestamp(_options.NonceRenewInterval);

    private void OnMaintenanceTimer()
    {
        if (Interlocked.Exchange(ref _maintaining, 1) != 0)
        {
            return;
        }

        Volatile.Write(ref _maintenance, MaintainAsync());
    }

    private async Task MaintainAsync()
    {
        try
        {
            bool due;
            bool renewNonce;
            bool expired;
            lock (_lock)
            {
                var now = _time.GetTimestamp();
                renewNonce = NonceRenewDueLocked() <= now;
                due = _allocated && (_allocationRefreshDue <= now || renewNonce);
                expired = due && _allocationExpires <= now;
            }

            if (!due || Volatile.Read(ref _disposed) != 0)
            {
                return;
            }

            if (expired)
            {
                // RFC 8656 §6 (and MS-TURN's Allocate lifetime): an allocation not refreshed within its lifetime is
                // gone on the server; keeping it here would have the application send into a relay that no longer exists.
                MarkDeallocated();
                RaiseRefreshFailed(new TurnException("The allocation expired: no refresh succeeded within its lifetime (RFC 8656 §6)."));
                return;
            }

            try
            {
                // A re-Allocate without credentials first makes the server challenge with a fresh nonce.
                await AllocateCoreAsync(_options.RequestedLifetime, freshChallenge: renewNonce, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TurnException or TimeoutException or IOException or System.Net.Sockets.SocketException or ObjectDisposedException)
            {
                RaiseRefreshFailed(e);
                lock (_lock)
                {
                    if (_allocated)
                    {
                        // Retry until the lifetime runs out; the last wake-up, at expiry, declares the allocation lost.
                        var retry = _time.GetTimestamp() + ToTimestamp(RetryAfterFailure);
                        _allocationRefreshDue = retry < _allocationExpires ? retry : _allocationExpires;
                        _nonceObtained = long.MaxValue;
                    }
                }
            }
        }
        finally
        {
            Volatile.Write(ref _maintaining, 0);
            ScheduleMaintenance();
        }
    }

    private long ToTimestamp(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);
}
