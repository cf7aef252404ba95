using System.Security.Cryptography;
using System.Text;
using UcStack.Stun;
using UcStack.Turn.Protocol;

namespace UcStack.Turn.Server;

/// <summary>
/// MS-TURN (our digest `ms-extensions.md` §3): Allocate (which also refreshes and deletes), Send requests,
/// Data indications and Set Active Destination in the cookie-less message format, with the digest-style
/// long-term credentials. A client is served in the variant its messages use.
/// </summary>
internal sealed partial class TurnServerEngine
{
    private const int MsConnectionIdLength = 20;
    private const int MsTransactionIdLength = 16;

    // The MAGIC-COOKIE attribute's value (0x000F) that marks the cookie-less MS-TURN format.
    private const uint MsMagicCookie = 0x72C64BC6u;

    // The options are immutable; MS-TURN messages are recognised alongside RFC ones.
    private static readonly StunParseOptions ParseOptions = new() { AllowMsTurnFormat = true };

    private int _msAllocationCount;

    private void HandleMsTurn(ITurnClientLink link, StunMessageReader request)
    {
        switch (request.RawType)
        {
            case MsTurnMessageTypes.AllocateRequest:
                HandleMsAllocate(link, request);
                break;
            case MsTurnMessageTypes.SendRequest:
                HandleMsSend(link, request);
                break;
            case MsTurnMessageTypes.SetActiveDestinationRequest:
                HandleMsSetActiveDestination(link, request);
                break;
            default:
                _metrics.Dropped("ms-turn-unsupported");
                break;
        }
    }

    private void HandleMsAllocate(ITurnClientLink link, StunMessageReader request)
    {
        const ushort errorType = MsTurnMessageTypes.AllocateErrorResponse;
        if (!TryAuthenticateMs(link, request, errorType, realmOptional: false, out var auth))
        {
            return;
        }

        if (_allocations.TryGetValue(link.Tuple, out var existing))
        {
            if (!existing.IsMsTurn)
            {
                SendMsError(link, request, errorType, auth, 437, "Allocation Mismatch");
                return;
            }

            if (!string.Equals(existing.Username, auth.Username, StringComparison.Ordinal))
            {
                SendMsError(link, request, errorType, auth, 441, "Wrong Credentials");
                return;
            }

            if (!AcceptMsSequence(existing, link, request))
            {
                return;
            }

            // MS-TURN has no Refresh: an Allocate on the 5-tuple refreshes it, and LIFETIME 0 deletes it.
            if (request.TryGetLifetime(out var asked) && asked == 0)
            {
                DeleteAllocation(existing, "MS-TURN allocate with lifetime 0");
            }
            else
            {
                existing.ExpiresAt = Deadline(GrantedLifetime(request));
                Reschedule(existing);
            }

            SendMsAllocateSuccess(link, request, auth, existing);
            return;
        }

        _allocationsPerUser.TryGetValue(auth.Username, out var userCount);
        if (userCount >= _options.MaxAllocationsPerUser || _allocations.Count >= _options.MaxAllocations)
        {
            Log.QuotaReached(_logger, auth.Username);
            SendMsError(link, request, errorType, auth, 486, "Allocation Quota Reached");
            return;
        }

        var relayAddress = _options.RelayAddress ?? _options.ListenEndPoint.Address;
        if (relayAddress.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            // MS-VERSION below 4 means IPv4 relaying (the digest: 4 and above enable IPv6).
            SendMsError(link, request, errorType, auth, 440, "Address Family not Supported");
            return;
        }

        var allocation = new TurnAllocation(this, link.Tuple, link.Retain(), auth.Username, request.TransactionId.ToArray())
        {
            IsMsTurn = true,
            MsConnectionId = RandomNumberGenerator.GetBytes(MsConnectionIdLength),
        };
        var relay = BindRelay(relayAddress, evenPort: false, allocation);
        if (relay is null)
        {
            Log.NoRelayPort(_logger);
            SendMsError(link, request, errorType, auth, 508, "Insufficient Capacity");
            return;
        }

        allocation.Relay = relay;
        allocation.RelayedAddress = relay.LocalEndPoint;
        if (_options.BandwidthBytesPerSecond > 0)
        {
            allocation.Bandwidth = new TokenBucket(_options.BandwidthBytesPerSecond, _time.TimestampFrequency, Now);
        }

        AddAllocation(link, request, auth, allocation, userCount);
        _msAllocationCount++;
        SendMsAllocateSuccess(link, request, auth, allocation);
    }

    private void SendMsAllocateSuccess(ITurnClientLink link, StunMessageReader request, RequestAuth auth, TurnAllocation allocation)
    {
        var writer = StunMessageWriter.CreateMsTurn(_sendBuffer, MsTurnMessageTypes.AllocateResponse, request.TransactionId);
        // MS-TURN: the relayed address goes in MAPPED-ADDRESS, the client's reflexive one in XOR-MAPPED-ADDRESS
        // (0x8020, XORed with the first 32 bits of the transaction id).
        writer.AddMappedAddress(allocation.RelayedAddress);
        writer.AddXorMappedAddress(link.Tuple.Client);
        writer.AddLifetime(allocation.IsDeleted ? 0 : RemainingSeconds(allocation.ExpiresAt));
        AddMsSessionAttributes(ref writer, request, allocation);
        writer.AddMessageIntegrity(auth.Key!);
        SendMs(ref writer, link);
    }

    private void HandleMsSend(ITurnClientLink link, StunMessageReader request)
    {
        // The digest: Send requests get no response, so every failure is a silent, counted drop.
        if (!TryAuthenticateMs(link, request, errorType: 0, realmOptional: true, out var auth)
            || !_allocations.TryGetValue(link.Tuple, out var allocation)
            || !allocation.IsMsTurn
            || !string.Equals(allocation.Username, auth.Username, StringComparison.Ordinal)
            || !AcceptMsSequence(allocation, link, request)
            || !request.TryGetMsDestinationAddress(out var destination)
            || !request.TryGetData(out var data))
        {
            _metrics.Dropped("ms-send");
            return;
        }

        if (destination.Family != allocation.RelayedAddress.Family || !IsPeerAllowed(destination) || !TryInstallMsPermission(allocation, destination))
        {
            _metrics.Dropped("peer-denied");
            return;
        }

        RelayToPeer(allocation, destination, data);
    }

    private void HandleMsSetActiveDestination(ITurnClientLink link, StunMessageReader request)
    {
        const ushort errorType = MsTurnMessageTypes.SetActiveDestinationErrorResponse;
        if (!TryAuthenticateMs(link, request, errorType, realmOptional: true, out var auth))
        {
            return;
        }

        if (!_allocations.TryGetValue(link.Tuple, out var allocation) || !allocation.IsMsTurn)
        {
            SendMsError(link, request, errorType, auth, 437, "Allocation Mismatch");
            return;
        }

        if (!string.Equals(allocation.Username, auth.Username, StringComparison.Ordinal))
        {
            SendMsError(link, request, errorType, auth, 441, "Wrong Credentials");
            return;
        }

        if (!AcceptMsSequence(allocation, link, request))
        {
            return;
        }

        if (!link.CarriesUnframedData)
        {
            // Unframed data on a TCP stream needs MS-TURN's own TCP framing (0x03 data frames); an RFC-framed
            // stream cannot carry it.
            SendMsError(link, request, errorType, auth, 400, "Active destination needs MS-TURN TCP framing");
            return;
        }

        if (request.TryGetMsDestinationAddress(out var destination))
        {
            if (destination.Family != allocation.RelayedAddress.Family)
            {
                SendMsError(link, request, errorType, auth, 443, "Peer Address Family Mismatch");
                return;
            }

            if (!IsPeerAllowed(destination) || !TryInstallMsPermission(allocation, destination))
            {
                Log.PeerDenied(_logger, destination.ToString(), allocation.Username);
                SendMsError(link, request, errorType, auth, 403, "Forbidden");
                return;
            }

            allocation.ActiveDestination = destination;
        }
        else
        {
            // Without DESTINATION-ADDRESS the active destination is cleared: data goes framed again.
            allocation.ActiveDestination = null;
        }

        var writer = StunMessageWriter.CreateMsTurn(_sendBuffer, MsTurnMessageTypes.SetActiveDestinationResponse, request.TransactionId);
        AddMsSessionAttributes(ref writer, request, allocation);
        writer.AddMessageIntegrity(auth.Key!);
        SendMs(ref writer, link);
    }

    /// <summary>
    /// Client datagrams (UDP) for an MS-TURN allocation with an active destination that are not an MS-TURN
    /// message go to the destination as they are (RTP, RTCP, RFC-format STUN checks). False when that does not
    /// apply. Over TCP only 0x03 data frames carry such bytes (<see cref="HandleClientData"/>).
    /// </summary>
    private bool TryRelayUnframed(ITurnClientLink link, ReadOnlySpan<byte> message)
    {
        if (_msAllocationCount == 0 || link.Tuple.Transport != TurnTransportKind.Udp || IsMsTurnMessage(message)
            || !_allocations.TryGetValue(link.Tuple, out var allocation)
            || allocation.ActiveDestination is not { } destination)
        {
            return false;
        }

        RelayToPeer(allocation, destination, message);
        return true;
    }

    /// <summary>
    /// The payload of an MS-TURN 0x03 data frame from a TCP client: relayed as it is to the allocation's active
    /// destination; without an MS-TURN allocation or an active destination it is dropped and counted.
    /// </summary>
    public void HandleClientData(ITurnClientLink link, ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            if (!_allocations.TryGetValue(link.Tuple, out var allocation) || !allocation.IsMsTurn
                || allocation.ActiveDestination is not { } destination)
            {
                _metrics.Dropped("ms-data");
                return;
            }

            RelayToPeer(allocation, destination, data);
        }
    }

    /// <summary>
    /// Peer data for an MS-TURN allocation: raw from the active destination, otherwise a Data indication with
    /// REMOTE-ADDRESS (not XORed) and DATA. The caller checked the permission and bandwidth.
    /// </summary>
    private void RelayToMsClient(TurnAllocation allocation, StunEndPoint peer, ReadOnlySpan<byte> datagram)
    {
        bool sent;
        if (allocation.ActiveDestination == peer)
        {
            sent = allocation.Link.SendUnframed(datagram);
        }
        else
        {
            Span<byte> transactionId = stackalloc byte[MsTransactionIdLength];
            StunMessageWriter.GenerateTransactionId(transactionId);
            var writer = StunMessageWriter.CreateMsTurn(_sendBuffer, MsTurnMessageTypes.DataIndication, transactionId);
            writer.AddXorPeerAddress(peer);
            writer.AddData(datagram);
            if (!writer.TryComplete(out var length))
            {
                _metrics.Dropped("too-large");
                return;
            }

            sent = allocation.Link.Send(_sendBuffer.AsSpan(0, length));
        }

        if (sent)
        {
            _metrics.Relayed(toPeer: false);
        }
        else
        {
            _metrics.Dropped("client-send");
        }
    }

    /// <summary>
    /// MS-TURN has no CreatePermission: sending to a peer (or making it the active destination) lets its
    /// replies in, as a permission for its address would, under the same quota and lifetime.
    /// </summary>
    private bool TryInstallMsPermission(TurnAllocation allocation, StunEndPoint peer)
    {
        var key = TurnAllocation.PermissionKey(peer);
        if (!allocation.Permissions.ContainsKey(key) && allocation.Permissions.Count >= _options.MaxPermissionsPerAllocation)
        {
            return false;
        }

        allocation.Permissions[key] = Deadline(TurnConstants.PermissionLifetime);
        Reschedule(allocation);
        return true;
    }

    /// <summary>
    /// MS-SEQUENCE-NUMBER: the connection id must be the one this server gave the allocation; over TCP the
    /// number must also move forward (serial-number order), so a replayed or reordered request is dropped.
    /// </summary>
    private bool AcceptMsSequence(TurnAllocation allocation, ITurnClientLink link, StunMessageReader request)
    {
        if (!request.TryGetMsSequenceNumber(out var connectionId, out var number))
        {
            return true;
        }

        if (!connectionId.SequenceEqual(allocation.MsConnectionId))
        {
            _metrics.Dropped("ms-sequence");
            return false;
        }

        if (link.Tuple.Transport == TurnTransportKind.Tcp)
        {
            if (allocation.MsLastSequence is { } last && (int)(number - last) <= 0)
            {
                _metrics.Dropped("ms-sequence");
                return false;
            }

            allocation.MsLastSequence = number;
        }

        return true;
    }

    /// <summary>MS-VERSION (capped at what we serve) and MS-SEQUENCE-NUMBER with the allocation's connection id.</summary>
    private static void AddMsSessionAttributes(ref StunMessageWriter writer, StunMessageReader request, TurnAllocation allocation)
    {
        if (request.TryGetMsVersion(out var version))
        {
            writer.AddMsVersion(Math.Min(version, MsTurnMessageTypes.MaxServedVersion));
        }

        request.TryGetMsSequenceNumber(out _, out var number);
        writer.AddMsSequenceNumber(allocation.MsConnectionId, number);
    }

    /// <summary>
    /// The digest-style long-term credentials: USERNAME, NONCE and MESSAGE-INTEGRITY (HMAC-SHA1 under
    /// MD5(user:realm:password), input padded to 64 bytes); REALM may be absent from Send and Set Active
    /// Destination, whose integrity still uses the realm. Surrounding quotes are trimmed. With
    /// <paramref name="errorType"/> 0 failures are silent.
    /// </summary>
    private bool TryAuthenticateMs(ITurnClientLink link, StunMessageReader request, ushort errorType, bool realmOptional, out RequestAuth auth)
    {
        auth = default;
        if (!request.Contains(StunAttributeType.MessageIntegrity))
        {
            SendMsChallenge(link, request, errorType, 401, "Unauthorized");
            return false;
        }

        var hasRealm = request.TryGetRealm(out var realm);
        if (!request.TryGetUsername(out var usernameUtf8) || !request.TryGetNonce(out var nonce) || (!hasRealm && !realmOptional))
        {
            SendMsError(link, request, errorType, null, 400, "Missing USERNAME, REALM or NONCE");
            return false;
        }

        if (hasRealm && !Unquote(realm).SequenceEqual(Encoding.UTF8.GetBytes(_options.Realm)))
        {
            SendMsChallenge(link, request, errorType, 401, "Unauthorized");
            return false;
        }

        if (!_nonces.IsValid(nonce))
        {
            SendMsChallenge(link, request, errorType, 438, "Stale Nonce");
            return false;
        }

        var username = Encoding.UTF8.GetString(Unquote(usernameUtf8));
        var key = _credentials.FindKey(username, _options.Realm);
        if (key is null || request.VerifyMessageIntegrity(key) != StunVerification.Ok)
        {
            Log.BadIntegrity(_logger, link.Tuple.Client.ToString());
            SendMsChallenge(link, request, errorType, 401, "Unauthorized");
            return false;
        }

        auth = new RequestAuth(key, false, username);
        return true;
    }

    private static ReadOnlySpan<byte> Unquote(ReadOnlySpan<byte> value) =>
        value.Length >= 2 && value[0] == (byte)'"' && value[^1] == (byte)'"' ? value[1..^1] : value;

    private void SendMsChallenge(ITurnClientLink link, StunMessageReader request, ushort errorType, int code, string reason)
    {
        if (errorType == 0)
        {
            _metrics.Dropped("ms-unauthenticated");
            return;
        }

        // REALM and NONCE go out under the MS-TURN numbers (0x0015, 0x0014); the writer swaps them.
        var writer = StunMessageWriter.CreateMsTurn(_sendBuffer, errorType, request.TransactionId);
        writer.AddErrorCode(code, reason);
        writer.AddRealm(_options.Realm);
        writer.AddNonce(_nonces.Create());
        SendMs(ref writer, link);
    }

    private void SendMsError(ITurnClientLink link, StunMessageReader request, ushort errorType, RequestAuth? auth, int code, string reason)
    {
        if (errorType == 0)
        {
            _metrics.Dropped("ms-error");
            return;
        }

        Log.ErrorResponse(_logger, "MS-TURN 0x" + request.RawType.ToString("X4", System.Globalization.CultureInfo.InvariantCulture), code, link.Tuple.Client.ToString());
        var writer = StunMessageWriter.CreateMsTurn(_sendBuffer, errorType, request.TransactionId);
        writer.AddErrorCode(code, reason);
        if (auth?.Key is { } key)
        {
            writer.AddMessageIntegrity(key);
        }

        SendMs(ref writer, link);
    }

    private void SendMs(ref StunMessageWriter writer, ITurnClientLink link)
    {
        if (!writer.TryComplete(out var length))
        {
            _metrics.Dropped("response-too-large");
            return;
        }

        if (!link.Send(_sendBuffer.AsSpan(0, length)))
        {
            _metrics.Dropped("client-send");
        }
    }

    /// <summary>An MS-TURN message starts with the MAGIC-COOKIE attribute right after its 20-byte header.</summary>
    private static bool IsMsTurnMessage(ReadOnlySpan<byte> message) =>
        message.Length >= 28 && (message[0] & 0xC0) == 0
        && message[20] == 0x00 && message[21] == 0x0F && message[22] == 0x00 && message[23] == 0x04
        && System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(message[24..]) == MsMagicCookie;
}
