using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using UcStack.Stun;
using UcStack.Turn.Protocol;

namespace UcStack.Turn.Server;

internal sealed partial class TurnServerEngine
{
    private void HandleAllocate(ITurnClientLink link, StunMessageReader request, RequestAuth auth)
    {
        if (_allocations.TryGetValue(link.Tuple, out var existing))
        {
            // RFC 8656 §7.2: a retransmitted Allocate (same transaction id, same user) gets the success
            // response again; any other Allocate on a 5-tuple in use gets 437.
            if (request.TransactionId.SequenceEqual(existing.AllocateTransactionId)
                && string.Equals(existing.Username, auth.Username, StringComparison.Ordinal))
            {
                SendAllocateSuccess(link, request, auth, existing);
            }
            else
            {
                SendError(link, request, auth, 437, "Allocation Mismatch");
            }

            return;
        }

        // RFC 8656 §7.2: REQUESTED-TRANSPORT is mandatory (400); UDP, and TCP per RFC 6062, are offered (442).
        if (!request.TryGetRequestedTransport(out var transport))
        {
            SendError(link, request, auth, 400, "REQUESTED-TRANSPORT missing");
            return;
        }

        var tcpRelay = transport == TurnConstants.TransportTcp;
        if (transport != TurnConstants.TransportUdp && !tcpRelay)
        {
            SendError(link, request, auth, 442, "Unsupported Transport Protocol");
            return;
        }

        if (tcpRelay && link.Tuple.Transport != TurnTransportKind.Tcp)
        {
            // RFC 6062 §5.1: a TCP allocation asked for over UDP → 400.
            SendError(link, request, auth, 400, "TCP relaying needs a TCP control connection");
            return;
        }

        if (tcpRelay && (request.Contains(StunAttributeType.DontFragment) || request.Contains(StunAttributeType.EvenPort)
            || request.Contains(StunAttributeType.ReservationToken)))
        {
            // RFC 6062 §5.1: DONT-FRAGMENT, EVEN-PORT and RESERVATION-TOKEN make no sense for TCP → 400.
            SendError(link, request, auth, 400, "Attribute not allowed with TCP relaying");
            return;
        }

        if (request.Contains(StunAttributeType.DontFragment))
        {
            // RFC 8656 §7.2: a server that cannot set DF on relayed datagrams treats DONT-FRAGMENT as an
            // unknown comprehension-required attribute (420). Our relay sockets do not set DF.
            var writer = BeginResponse(request, StunMessageClass.ErrorResponse);
            writer.AddErrorCode(420, "Unknown Attribute"u8);
            writer.AddUnknownAttributes([(ushort)StunAttributeType.DontFragment]);
            FinishAndSend(ref writer, link, request, auth);
            return;
        }

        var hasEvenPort = request.TryGetEvenPort(out var reserveNext);
        if (hasEvenPort && request.Contains(StunAttributeType.ReservationToken))
        {
            // RFC 8656 §7.2: EVEN-PORT and RESERVATION-TOKEN together → 400.
            SendError(link, request, auth, 400, "EVEN-PORT with RESERVATION-TOKEN");
            return;
        }

        var hasToken = request.TryGetReservationToken(out var token);
        if (hasToken && request.Contains(StunAttributeType.RequestedAddressFamily))
        {
            // RFC 8656 §7.2: RESERVATION-TOKEN with REQUESTED-ADDRESS-FAMILY → 400.
            SendError(link, request, auth, 400, "RESERVATION-TOKEN with REQUESTED-ADDRESS-FAMILY");
            return;
        }

        var relayAddress = _options.RelayAddress ?? _options.ListenEndPoint.Address;
        var relayFamily = relayAddress.AddressFamily == AddressFamily.InterNetworkV6 ? StunAddressFamily.IPv6 : StunAddressFamily.IPv4;
        var hasRequestedFamily = request.TryGetRequestedAddressFamily(out var requestedFamily);
        var hasAdditionalFamily = request.TryGetAdditionalAddressFamily(out var additionalFamily);
        if (hasRequestedFamily && hasAdditionalFamily)
        {
            // RFC 8656 §7.2: both attributes together → 400.
            SendError(link, request, auth, 400, "Both address family attributes");
            return;
        }

        if (hasAdditionalFamily && additionalFamily != StunAddressFamily.IPv6)
        {
            // RFC 8656 §7.2: ADDITIONAL-ADDRESS-FAMILY may only ask for IPv6.
            SendError(link, request, auth, 400, "ADDITIONAL-ADDRESS-FAMILY must be IPv6");
            return;
        }

        if (hasRequestedFamily && requestedFamily != relayFamily)
        {
            // RFC 8656 §7.2: a family the server cannot relay → 440.
            SendError(link, request, auth, 440, "Address Family not Supported");
            return;
        }

        if (!hasRequestedFamily && relayFamily != StunAddressFamily.IPv4)
        {
            // RFC 8656 §7.2: without REQUESTED-ADDRESS-FAMILY the client asks for IPv4.
            SendError(link, request, auth, 440, "Address Family not Supported");
            return;
        }

        // Operator quotas: RFC 8656 §7.2 → 486 Allocation Quota Reached.
        _allocationsPerUser.TryGetValue(auth.Username, out var userCount);
        if (userCount >= _options.MaxAllocationsPerUser || _allocations.Count >= _options.MaxAllocations)
        {
            Log.QuotaReached(_logger, auth.Username);
            SendError(link, request, auth, 486, "Allocation Quota Reached");
            return;
        }

        var allocation = new TurnAllocation(this, link.Tuple, link.Retain(), auth.Username, request.TransactionId.ToArray());
        if (tcpRelay)
        {
            var listener = ListenTcpRelay(relayAddress, allocation);
            if (listener is null)
            {
                Log.NoRelayPort(_logger);
                SendError(link, request, auth, 508, "Insufficient Capacity");
                return;
            }

            allocation.TcpRelay = listener;
            allocation.RelayedAddress = listener.LocalEndPoint;
            if (_options.BandwidthBytesPerSecond > 0)
            {
                // The same per-allocation rate as the UDP relay, shared by all of its RFC 6062 data connections.
                allocation.Bandwidth = new TokenBucket(_options.BandwidthBytesPerSecond, _time.TimestampFrequency, Now);
            }

            Register(link, request, auth, allocation, userCount, null);
            return;
        }

        IRelaySocket? relay;
        ulong? newToken = null;
        if (hasToken)
        {
            // RFC 8656 §7.2: the relayed address is the one the token reserved; an unknown or expired token → 508.
            relay = TakeReservation(token, allocation);
        }
        else if (hasEvenPort && reserveNext)
        {
            relay = BindPairAndReserve(relayAddress, allocation, out var reserved);
            newToken = reserved;
        }
        else
        {
            relay = BindRelay(relayAddress, hasEvenPort, allocation);
        }

        if (relay is null)
        {
            // RFC 8656 §7.2: no relay port available (or no valid reservation) → 508.
            Log.NoRelayPort(_logger);
            SendError(link, request, auth, 508, "Insufficient Capacity");
            return;
        }

        allocation.Relay = relay;
        allocation.RelayedAddress = relay.LocalEndPoint;
        if (_options.BandwidthBytesPerSecond > 0)
        {
            allocation.Bandwidth = new TokenBucket(_options.BandwidthBytesPerSecond, _time.TimestampFrequency, Now);
        }

        allocation.ReservationToken = newToken;
        Register(link, request, auth, allocation, userCount, hasAdditionalFamily);
    }

    private void Register(ITurnClientLink link, StunMessageReader request, RequestAuth auth, TurnAllocation allocation, int userCount, bool? ipv6Refused)
    {
        AddAllocation(link, request, auth, allocation, userCount);
        SendAllocateSuccess(link, request, auth, allocation, ipv6Refused ?? false);
    }

    private void AddAllocation(ITurnClientLink link, StunMessageReader request, RequestAuth auth, TurnAllocation allocation, int userCount)
    {
        allocation.ExpiresAt = Deadline(GrantedLifetime(request));
        allocation.Timer = _time.CreateTimer(static state => ((TurnAllocation)state!).OnTimer(), allocation, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _allocations.Add(link.Tuple, allocation);
        _allocationsByRelay[allocation.RelayedAddress] = allocation;
        _allocationsPerUser[auth.Username] = userCount + 1;
        _metrics.AllocationCreated();
        Log.AllocationCreated(_logger, auth.Username, link.Tuple.Client.ToString(), allocation.RelayedAddress.ToString());
        Reschedule(allocation);
    }

    private void SendAllocateSuccess(ITurnClientLink link, StunMessageReader request, RequestAuth auth, TurnAllocation allocation, bool ipv6Refused = false)
    {
        var writer = BeginResponse(request, StunMessageClass.SuccessResponse);
        writer.AddXorRelayedAddress(allocation.RelayedAddress);
        if (allocation.ReservationToken is { } reservation)
        {
            // RFC 8656 §7.2: EVEN-PORT with R set → the token for the next-higher port.
            writer.AddReservationToken(reservation);
        }
        if (ipv6Refused)
        {
            // RFC 8656 §7.2: the IPv6 relay asked for by ADDITIONAL-ADDRESS-FAMILY could not be made.
            writer.AddAddressErrorCode(StunAddressFamily.IPv6, 440, "Address Family not Supported"u8);
        }

        writer.AddLifetime(RemainingSeconds(allocation.ExpiresAt));
        writer.AddXorMappedAddress(link.Tuple.Client);
        FinishAndSend(ref writer, link, request, auth);
    }

    private void HandleRefresh(ITurnClientLink link, StunMessageReader request, RequestAuth auth)
    {
        var allocation = RequireAllocation(link, request, auth);
        if (allocation is null)
        {
            return;
        }

        var hasLifetime = request.TryGetLifetime(out var requested);
        if (hasLifetime && requested == 0)
        {
            // RFC 8656 §8.2: LIFETIME 0 deletes the allocation; the response carries LIFETIME 0.
            DeleteAllocation(allocation, "refresh with lifetime 0");
            var deleted = BeginResponse(request, StunMessageClass.SuccessResponse);
            deleted.AddLifetime(0);
            FinishAndSend(ref deleted, link, request, auth);
            return;
        }

        allocation.ExpiresAt = Deadline(GrantedLifetime(request));
        Reschedule(allocation);
        var writer = BeginResponse(request, StunMessageClass.SuccessResponse);
        writer.AddLifetime(RemainingSeconds(allocation.ExpiresAt));
        FinishAndSend(ref writer, link, request, auth);
    }

    /// <summary>
    /// RFC 8656 §7.2/§8.2: the smaller of the requested and maximum lifetimes, but never less than the default.
    /// </summary>
    private TimeSpan GrantedLifetime(StunMessageReader request)
    {
        var lifetime = _options.DefaultAllocationLifetime;
        if (request.TryGetLifetime(out var seconds))
        {
            var asked = TimeSpan.FromSeconds(seconds);
            lifetime = asked > _options.MaxAllocationLifetime ? _options.MaxAllocationLifetime : asked;
            if (lifetime < _options.DefaultAllocationLifetime)
            {
                lifetime = _options.DefaultAllocationLifetime;
            }
        }

        return lifetime;
    }

    private uint RemainingSeconds(long deadline) =>
        (uint)Math.Max(0, Math.Round((double)(deadline - Now) / _time.TimestampFrequency));

    private IRelaySocket? BindRelay(IPAddress address, bool evenPort, TurnAllocation allocation)
    {
        var min = Math.Clamp(_options.RelayPortMin, 1, 65535);
        var max = Math.Clamp(_options.RelayPortMax, min, 65535);
        var span = max - min + 1;

        // RFC 8656 §7.2 (and RFC 6056): start at a random port so relayed addresses are hard to guess; give up
        // after a bounded number of tries.
        var start = RandomNumberGenerator.GetInt32(span);
        var tries = Math.Min(span, 512);
        for (var i = 0; i < tries; i++)
        {
            var port = min + ((start + i) % span);
            if (evenPort && (port & 1) != 0)
            {
                continue;
            }

            var relay = _relays.TryBind(address, port, allocation);
            if (relay is not null)
            {
                return relay;
            }
        }

        return null;
    }

    private void DeleteAllocation(TurnAllocation allocation, string reason)
    {
        if (allocation.IsDeleted)
        {
            return;
        }

        allocation.IsDeleted = true;
        _allocations.Remove(allocation.Tuple);
        _allocationsByRelay.Remove(allocation.RelayedAddress);
        if (_allocationsPerUser.TryGetValue(allocation.Username, out var count))
        {
            if (count <= 1)
            {
                _allocationsPerUser.Remove(allocation.Username);
            }
            else
            {
                _allocationsPerUser[allocation.Username] = count - 1;
            }
        }

        if (allocation.IsMsTurn)
        {
            _msAllocationCount--;
        }

        allocation.Timer?.Dispose();
        allocation.Relay?.Dispose();
        CloseTcpRelay(allocation);
        _metrics.AllocationDeleted();
        Log.AllocationDeleted(_logger, allocation.RelayedAddress.ToString(), reason);
    }

    /// <summary>Points the allocation's timer at its next deadline.</summary>
    private void Reschedule(TurnAllocation allocation)
    {
        var due = allocation.NextDeadline() - Now;
        var dueTime = due <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds((double)due / _time.TimestampFrequency);
        allocation.Timer?.Change(dueTime, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Timer: drop expired permissions and channels (RFC 8656 §9, §12), and the allocation itself when it expired (§6).</summary>
    internal void HandleTimer(TurnAllocation allocation)
    {
        lock (_gate)
        {
            if (_disposed || allocation.IsDeleted)
            {
                return;
            }

            var now = Now;
            if (allocation.ExpiresAt <= now)
            {
                DeleteAllocation(allocation, "expired");
                return;
            }

            List<StunEndPoint>? expiredPermissions = null;
            foreach (var (peer, expiry) in allocation.Permissions)
            {
                if (expiry <= now)
                {
                    (expiredPermissions ??= []).Add(peer);
                }
            }

            foreach (var peer in expiredPermissions ?? [])
            {
                allocation.Permissions.Remove(peer);
            }

            List<ChannelBinding>? expiredChannels = null;
            foreach (var binding in allocation.ChannelsByNumber.Values)
            {
                if (binding.ExpiresAt <= now)
                {
                    (expiredChannels ??= []).Add(binding);
                }
            }

            foreach (var binding in expiredChannels ?? [])
            {
                allocation.ChannelsByNumber.Remove(binding.Number);
                allocation.ChannelsByPeer.Remove(binding.Peer);

                // RFC 8656 §12: for 5 minutes after expiry the number and the peer may only be bound to each other.
                binding.ExpiresAt += (long)(TurnConstants.ChannelRebindGuard.TotalSeconds * _time.TimestampFrequency);
                allocation.ExpiredChannels[binding.Number] = binding;
            }

            List<ushort>? endedGuards = null;
            foreach (var guard in allocation.ExpiredChannels.Values)
            {
                if (guard.ExpiresAt <= now)
                {
                    (endedGuards ??= []).Add(guard.Number);
                }
            }

            foreach (var number in endedGuards ?? [])
            {
                allocation.ExpiredChannels.Remove(number);
            }

            Reschedule(allocation);
        }
    }
}
