using UcStack.Stun;
using UcStack.Turn.Protocol;

namespace UcStack.Turn.Client;

public sealed partial class TurnClient
{
    // 32 IPv6 XOR-PEER-ADDRESS attributes take 768 bytes, well inside a 2 KiB request with credentials.
    private const int PermissionsPerRequest = 32;

    private Task _maintenance = Task.CompletedTask;

    /// <summary>Arms the one timer for the earliest of: allocation refresh, permission refresh, channel refresh.</summary>
    private void ScheduleMaintenance()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        long due;
        lock (_lock)
        {
            due = _allocationRefreshDue;
            foreach (var permission in _permissions.Values)
            {
                due = Math.Min(due, permission.RefreshDue);
            }

            foreach (var channel in _channelsByPeer.Values)
            {
                due = Math.Min(due, channel.RefreshDue);
            }
        }

        if (due == long.MaxValue)
        {
            return;
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
            await RefreshDueAllocationAsync().ConfigureAwait(false);
            await RefreshDuePermissionsAsync().ConfigureAwait(false);
            await RefreshDueChannelsAsync().ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _maintaining, 0);
            ScheduleMaintenance();
        }
    }

    private async Task RefreshDueAllocationAsync()
    {
        bool due;
        bool expired;
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            due = _allocated && _allocationRefreshDue <= now;
            expired = due && _allocationExpires <= now;
        }

        if (!due || Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        if (expired)
        {
            // RFC 8656 §6: an allocation not refreshed within its lifetime is gone on the server; holding on to it
            // here would have the application send into a relay that no longer exists.
            MarkDeallocated();
            RaiseRefreshFailed("allocation", new TurnException("The allocation expired: no refresh succeeded within its lifetime (RFC 8656 §6)."));
            return;
        }

        try
        {
            await RefreshCoreAsync(_options.RequestedLifetime, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (IsRequestFailure(e))
        {
            RaiseRefreshFailed("allocation", e);
            RetryLaterLocked();
        }

        void RetryLaterLocked()
        {
            lock (_lock)
            {
                if (_allocated)
                {
                    // Retry until the lifetime runs out; the last wake-up, at expiry, declares the allocation lost.
                    var retry = _time.GetTimestamp() + ToTimestamp(RetryAfterFailure);
                    _allocationRefreshDue = retry < _allocationExpires ? retry : _allocationExpires;
                }
            }
        }
    }

    private async Task RefreshDuePermissionsAsync()
    {
        var now = _time.GetTimestamp();
        var refresh = new List<StunEndPoint>();
        lock (_lock)
        {
            foreach (var (address, permission) in _permissions)
            {
                if (permission.RefreshDue > now)
                {
                    continue;
                }

                // "While in use": only addresses with traffic within the last permission lifetime are kept.
                if (now - permission.LastUsed < ToTimestamp(TurnConstants.PermissionLifetime))
                {
                    refresh.Add(address);
                    permission.RefreshDue = now + ToTimestamp(_options.PermissionRefreshInterval);
                }
                else
                {
                    _permissions.Remove(address);
                    Log.Expired(_logger, "permission", address);
                }
            }
        }

        if (refresh.Count == 0 || Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        // Several addresses per request, but few enough that the request stays within MaxRequestLength.
        foreach (var batch in refresh.Chunk(PermissionsPerRequest))
        {
            try
            {
                await SendCreatePermissionAsync(batch, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (IsRequestFailure(e))
            {
                RaiseRefreshFailed("permission", e);
            }
        }
    }

    private async Task RefreshDueChannelsAsync()
    {
        var now = _time.GetTimestamp();
        var refresh = new List<ChannelState>();
        lock (_lock)
        {
            foreach (var channel in _channelsByPeer.Values)
            {
                if (channel.RefreshDue > now)
                {
                    continue;
                }

                if (now - channel.LastUsed < ToTimestamp(TurnConstants.ChannelBindingLifetime))
                {
                    refresh.Add(channel);
                    channel.RefreshDue = now + ToTimestamp(_options.ChannelRefreshInterval);
                }
                else
                {
                    // RFC 8656 §12: the server keeps the number reserved a while; we simply stop using it.
                    _channelsByPeer.Remove(channel.Peer);
                    _channelsByNumber.Remove(channel.Number);
                    Log.Expired(_logger, "channel", channel.Peer);
                }
            }
        }

        foreach (var channel in refresh)
        {
            if (Volatile.Read(ref _disposed) != 0)
            {
                return;
            }

            try
            {
                // RFC 8656 §11.3: rebinding the same number to the same peer refreshes the binding.
                await SendChannelBindAsync(channel.Number, channel.Peer, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (IsRequestFailure(e))
            {
                RaiseRefreshFailed("channel", e);
            }
        }
    }

    private static bool IsRequestFailure(Exception e) =>
        e is TurnException or TimeoutException or IOException or ObjectDisposedException or OperationCanceledException
            or System.Net.Sockets.SocketException;
}
