using System.Net;
using UcStack.Stun;
using UcStack.Turn.Protocol;

namespace UcStack.Turn.Server;

internal sealed partial class TurnServerEngine
{
    private const ushort MinChannel = TurnConstants.MinChannelNumber;
    private const ushort MaxChannel = TurnConstants.MaxChannelNumber;
    private const ushort Rfc5766MaxChannel = 0x7FFF;
    private const int MaxPeersPerRequest = 32;

    private void HandleCreatePermission(ITurnClientLink link, StunMessageReader request, RequestAuth auth)
    {
        var allocation = RequireAllocation(link, request, auth);
        if (allocation is null)
        {
            return;
        }

        // RFC 8656 §10.2: one or more XOR-PEER-ADDRESS; all are checked before any permission is installed.
        Span<StunEndPoint> peers = stackalloc StunEndPoint[MaxPeersPerRequest];
        var count = 0;
        foreach (var attribute in request.Attributes)
        {
            if (attribute.IsIgnored || attribute.Type != (ushort)StunAttributeType.XorPeerAddress)
            {
                continue;
            }

            if (count == MaxPeersPerRequest || !request.TryDecodeAddress(attribute, out var peer))
            {
                SendError(link, request, auth, 400, "Bad XOR-PEER-ADDRESS");
                return;
            }

            peers[count++] = peer;
        }

        if (count == 0)
        {
            SendError(link, request, auth, 400, "XOR-PEER-ADDRESS missing");
            return;
        }

        var newPermissions = 0;
        for (var i = 0; i < count; i++)
        {
            if (!CheckPeer(link, request, auth, allocation, peers[i]))
            {
                return;
            }

            if (!allocation.Permissions.ContainsKey(TurnAllocation.PermissionKey(peers[i])))
            {
                newPermissions++;
            }
        }

        if (allocation.Permissions.Count + newPermissions > _options.MaxPermissionsPerAllocation)
        {
            // RFC 8656 §10.2: a server that cannot hold more permissions answers 508.
            SendError(link, request, auth, 508, "Insufficient Capacity");
            return;
        }

        var expiry = Deadline(TurnConstants.PermissionLifetime);
        for (var i = 0; i < count; i++)
        {
            allocation.Permissions[TurnAllocation.PermissionKey(peers[i])] = expiry;
        }

        Reschedule(allocation);
        var writer = BeginResponse(request, StunMessageClass.SuccessResponse);
        FinishAndSend(ref writer, link, request, auth);
    }

    private void HandleChannelBind(ITurnClientLink link, StunMessageReader request, RequestAuth auth)
    {
        var allocation = RequireAllocation(link, request, auth);
        if (allocation is null)
        {
            return;
        }

        if (allocation.Relay is null)
        {
            // Channels carry UDP datagrams; a TCP allocation (RFC 6062) relays on data connections instead.
            SendError(link, request, auth, 400, "No channels on a TCP allocation");
            return;
        }

        // RFC 8656 §12.2: CHANNEL-NUMBER in 0x4000-0x4FFF and XOR-PEER-ADDRESS are required (400). RFC 5766
        // allowed up to 0x7FFF; that range is accepted only when the operator asks for it.
        var maxChannel = _options.AllowRfc5766ChannelNumbers ? Rfc5766MaxChannel : MaxChannel;
        if (!request.TryGetChannelNumber(out var channel) || channel < MinChannel || channel > maxChannel)
        {
            SendError(link, request, auth, 400, "Bad CHANNEL-NUMBER");
            return;
        }

        if (!request.TryGetXorPeerAddress(out var peer))
        {
            SendError(link, request, auth, 400, "XOR-PEER-ADDRESS missing");
            return;
        }

        // RFC 8656 §12.2: the channel may not be bound to another peer, nor the peer to another channel (400).
        if ((allocation.ChannelsByNumber.TryGetValue(channel, out var bound) && bound.Peer != peer)
            || (allocation.ChannelsByPeer.TryGetValue(peer, out var boundNumber) && boundNumber != channel)
            || allocation.IsGuarded(channel, peer))
        {
            SendError(link, request, auth, 400, "Channel or peer already bound");
            return;
        }

        if (!CheckPeer(link, request, auth, allocation, peer))
        {
            return;
        }

        var permissionKey = TurnAllocation.PermissionKey(peer);
        if (!allocation.Permissions.ContainsKey(permissionKey) && allocation.Permissions.Count >= _options.MaxPermissionsPerAllocation)
        {
            SendError(link, request, auth, 508, "Insufficient Capacity");
            return;
        }

        if (bound is null)
        {
            allocation.ExpiredChannels.Remove(channel);
            bound = new ChannelBinding(channel, peer);
            allocation.ChannelsByNumber[channel] = bound;
            allocation.ChannelsByPeer[peer] = channel;
        }

        // RFC 8656 §12.2: binding (or refreshing) a channel also installs or refreshes the permission.
        bound.ExpiresAt = Deadline(TurnConstants.ChannelBindingLifetime);
        allocation.Permissions[permissionKey] = Deadline(TurnConstants.PermissionLifetime);
        Reschedule(allocation);
        var writer = BeginResponse(request, StunMessageClass.SuccessResponse);
        FinishAndSend(ref writer, link, request, auth);
    }

    /// <summary>Family match (443) and operator policy (403) for a peer address; sends the error when refused.</summary>
    private bool CheckPeer(ITurnClientLink link, StunMessageReader request, RequestAuth auth, TurnAllocation allocation, StunEndPoint peer)
    {
        if (peer.Family != allocation.RelayedAddress.Family)
        {
            // RFC 8656 §10.2/§12.2: a peer of another family than the relayed address → 443.
            SendError(link, request, auth, 443, "Peer Address Family Mismatch");
            return false;
        }

        if (!IsPeerAllowed(peer))
        {
            // RFC 8656 §10.2/§12.2: addresses the operator forbids → 403.
            Log.PeerDenied(_logger, peer.ToString(), allocation.Username);
            SendError(link, request, auth, 403, "Forbidden");
            return false;
        }

        return true;
    }

    private bool IsPeerAllowed(StunEndPoint peer)
    {
        var address = peer.ToIPAddress();
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (!_options.AllowLoopbackPeers && IPAddress.IsLoopback(address))
        {
            return false;
        }

        foreach (var range in _options.DeniedPeerRanges)
        {
            if (range.Contains(address))
            {
                return false;
            }
        }

        return true;
    }
}
