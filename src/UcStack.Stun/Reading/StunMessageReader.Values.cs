using System.Buffers.Binary;

namespace UcStack.Stun;

public readonly ref partial struct StunMessageReader
{
    /// <summary>Reads USERNAME (UTF-8, at most 513 bytes).</summary>
    /// <param name="utf8">The value bytes.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetUsername(out ReadOnlySpan<byte> utf8) => TryGetAttribute((ushort)StunAttributeType.Username, out utf8);

    /// <summary>Reads USERHASH (32 bytes, RFC 8489 §14.4).</summary>
    /// <param name="hash">The value bytes.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetUserhash(out ReadOnlySpan<byte> hash) => TryGetAttribute((ushort)StunAttributeType.Userhash, out hash);

    /// <summary>Reads REALM (at most 763 bytes). In an MS-TURN message REALM is read from its MS number 0x0015.</summary>
    /// <param name="utf8">The value bytes.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetRealm(out ReadOnlySpan<byte> utf8) =>
        TryGetAttribute(_isMsTurn ? (ushort)StunAttributeType.Nonce : (ushort)StunAttributeType.Realm, out utf8);

    /// <summary>Reads NONCE (at most 763 bytes). In an MS-TURN message NONCE is read from its MS number 0x0014.</summary>
    /// <param name="utf8">The value bytes.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetNonce(out ReadOnlySpan<byte> utf8) =>
        TryGetAttribute(_isMsTurn ? (ushort)StunAttributeType.Realm : (ushort)StunAttributeType.Nonce, out utf8);

    /// <summary>Reads SOFTWARE (at most 763 bytes).</summary>
    /// <param name="utf8">The value bytes.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetSoftware(out ReadOnlySpan<byte> utf8) => TryGetAttribute((ushort)StunAttributeType.Software, out utf8);

    /// <summary>Reads ALTERNATE-DOMAIN (RFC 8489 §14.16, at most 255 bytes).</summary>
    /// <param name="domain">The value bytes.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetAlternateDomain(out ReadOnlySpan<byte> domain) => TryGetAttribute((ushort)StunAttributeType.AlternateDomain, out domain);

    /// <summary>Reads DATA (RFC 8656 §18.4).</summary>
    /// <param name="data">The value bytes.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetData(out ReadOnlySpan<byte> data) => TryGetAttribute((ushort)StunAttributeType.Data, out data);

    /// <summary>Reads ERROR-CODE (RFC 8489 §14.8).</summary>
    /// <param name="code">Class × 100 + number, 300..699.</param>
    /// <param name="reasonUtf8">The reason phrase bytes.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetErrorCode(out int code, out ReadOnlySpan<byte> reasonUtf8)
    {
        if (TryGetAttribute((ushort)StunAttributeType.ErrorCode, out var value))
        {
            code = ((value[2] & 0x07) * 100) + value[3];
            reasonUtf8 = value[4..];
            return true;
        }

        code = 0;
        reasonUtf8 = default;
        return false;
    }

    /// <summary>Reads ADDRESS-ERROR-CODE (RFC 8656 §18.12).</summary>
    /// <param name="family">The family the error is about.</param>
    /// <param name="code">Class × 100 + number.</param>
    /// <param name="reasonUtf8">The reason phrase bytes.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetAddressErrorCode(out StunAddressFamily family, out int code, out ReadOnlySpan<byte> reasonUtf8)
    {
        if (TryGetAttribute((ushort)StunAttributeType.AddressErrorCode, out var value))
        {
            family = (StunAddressFamily)value[0];
            code = ((value[2] & 0x07) * 100) + value[3];
            reasonUtf8 = value[4..];
            return true;
        }

        family = default;
        code = 0;
        reasonUtf8 = default;
        return false;
    }

    /// <summary>Reads UNKNOWN-ATTRIBUTES (RFC 8489 §14.13).</summary>
    /// <param name="types">The listed attribute types.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetUnknownAttributes(out StunUInt16List types)
    {
        var found = TryGetAttribute((ushort)StunAttributeType.UnknownAttributes, out var value);
        types = new StunUInt16List(value);
        return found;
    }

    /// <summary>Reads PASSWORD-ALGORITHMS (RFC 8489 §14.11).</summary>
    /// <param name="algorithms">The list, in server preference order.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetPasswordAlgorithms(out StunPasswordAlgorithmList algorithms)
    {
        var found = TryGetAttribute((ushort)StunAttributeType.PasswordAlgorithms, out var value);
        algorithms = new StunPasswordAlgorithmList(value);
        return found;
    }

    /// <summary>Reads PASSWORD-ALGORITHM (RFC 8489 §14.12).</summary>
    /// <param name="algorithm">The algorithm number (compare with <see cref="StunPasswordAlgorithm"/>).</param>
    /// <param name="parameters">Its parameters (empty for MD5 and SHA-256).</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetPasswordAlgorithm(out StunPasswordAlgorithm algorithm, out ReadOnlySpan<byte> parameters)
    {
        if (TryGetAttribute((ushort)StunAttributeType.PasswordAlgorithm, out var value))
        {
            algorithm = (StunPasswordAlgorithm)BinaryPrimitives.ReadUInt16BigEndian(value);
            parameters = value.Slice(4, BinaryPrimitives.ReadUInt16BigEndian(value[2..]));
            return true;
        }

        algorithm = default;
        parameters = default;
        return false;
    }

    /// <summary>Reads PRIORITY (RFC 8445 §16.1).</summary>
    /// <param name="priority">The candidate priority.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetPriority(out uint priority) => TryGetUInt32(StunAttributeType.Priority, out priority);

    /// <summary><see langword="true"/> when USE-CANDIDATE (RFC 8445 §16.1) is present.</summary>
    public bool HasUseCandidate => TryGetAttribute((ushort)StunAttributeType.UseCandidate, out _);

    /// <summary>Reads ICE-CONTROLLED (RFC 8445 §16.1).</summary>
    /// <param name="tieBreaker">The 64-bit tie-breaker.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetIceControlled(out ulong tieBreaker) => TryGetUInt64(StunAttributeType.IceControlled, out tieBreaker);

    /// <summary>Reads ICE-CONTROLLING (RFC 8445 §16.1).</summary>
    /// <param name="tieBreaker">The 64-bit tie-breaker.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetIceControlling(out ulong tieBreaker) => TryGetUInt64(StunAttributeType.IceControlling, out tieBreaker);

    /// <summary>Reads CHANNEL-NUMBER (RFC 8656 §18.1).</summary>
    /// <param name="channel">The channel number (the RFFU half is not returned).</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetChannelNumber(out ushort channel)
    {
        var found = TryGetUInt32(StunAttributeType.ChannelNumber, out var raw);
        channel = (ushort)(raw >> 16);
        return found;
    }

    /// <summary>Reads LIFETIME (RFC 8656 §18.2; MS-TURN uses the same number).</summary>
    /// <param name="seconds">The lifetime in seconds.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetLifetime(out uint seconds) => TryGetUInt32(StunAttributeType.Lifetime, out seconds);

    /// <summary>Reads EVEN-PORT (RFC 8656 §18.7).</summary>
    /// <param name="reserveNextPort">The R bit: reserve the next-higher port too.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetEvenPort(out bool reserveNextPort)
    {
        var found = TryGetAttribute((ushort)StunAttributeType.EvenPort, out var value);
        reserveNextPort = found && (value[0] & 0x80) != 0;
        return found;
    }

    /// <summary>Reads REQUESTED-TRANSPORT (RFC 8656 §18.8).</summary>
    /// <param name="protocol">The IP protocol number (17 for UDP, 6 for TCP).</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetRequestedTransport(out byte protocol)
    {
        var found = TryGetAttribute((ushort)StunAttributeType.RequestedTransport, out var value);
        protocol = found ? value[0] : (byte)0;
        return found;
    }

    /// <summary><see langword="true"/> when DONT-FRAGMENT (RFC 8656 §18.9) is present.</summary>
    public bool HasDontFragment => TryGetAttribute((ushort)StunAttributeType.DontFragment, out _);

    /// <summary>Reads RESERVATION-TOKEN (RFC 8656 §18.10).</summary>
    /// <param name="token">The 8-byte token as a big-endian integer.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetReservationToken(out ulong token) => TryGetUInt64(StunAttributeType.ReservationToken, out token);

    /// <summary>Reads REQUESTED-ADDRESS-FAMILY (RFC 8656 §18.6).</summary>
    /// <param name="family">The family.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetRequestedAddressFamily(out StunAddressFamily family) => TryGetFamily(StunAttributeType.RequestedAddressFamily, out family);

    /// <summary>Reads ADDITIONAL-ADDRESS-FAMILY (RFC 8656 §18.11).</summary>
    /// <param name="family">The family.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetAdditionalAddressFamily(out StunAddressFamily family) => TryGetFamily(StunAttributeType.AdditionalAddressFamily, out family);

    /// <summary>Reads ICMP (RFC 8656 §18.13): 16 reserved bits, a 7-bit ICMP type, a 9-bit ICMP code, 32 bits of error data.</summary>
    /// <param name="icmpType">The ICMP type (0..127).</param>
    /// <param name="icmpCode">The ICMP code (0..511).</param>
    /// <param name="errorData">The 32-bit error data.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetIcmp(out byte icmpType, out ushort icmpCode, out uint errorData)
    {
        if (TryGetAttribute((ushort)StunAttributeType.Icmp, out var value))
        {
            var typeAndCode = BinaryPrimitives.ReadUInt16BigEndian(value[2..]);
            icmpType = (byte)(typeAndCode >> 9);
            icmpCode = (ushort)(typeAndCode & 0x1FF);
            errorData = BinaryPrimitives.ReadUInt32BigEndian(value[4..]);
            return true;
        }

        icmpType = 0;
        icmpCode = 0;
        errorData = 0;
        return false;
    }

    /// <summary>Reads CONNECTION-ID (RFC 6062 §6.2.1).</summary>
    /// <param name="connectionId">The connection id.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetConnectionId(out uint connectionId) => TryGetUInt32(StunAttributeType.ConnectionId, out connectionId);

    /// <summary>Reads MS-VERSION (MS-TURN).</summary>
    /// <param name="version">The version; 4 or more enables IPv6 allocations.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetMsVersion(out uint version) => TryGetUInt32(StunAttributeType.MsVersion, out version);

    /// <summary>Reads MS-SEQUENCE-NUMBER (MS-TURN).</summary>
    /// <param name="connectionId">The 20-byte connection id.</param>
    /// <param name="sequenceNumber">The sequence number.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetMsSequenceNumber(out ReadOnlySpan<byte> connectionId, out uint sequenceNumber)
    {
        if (TryGetAttribute((ushort)StunAttributeType.MsSequenceNumber, out var value))
        {
            connectionId = value[..20];
            sequenceNumber = BinaryPrimitives.ReadUInt32BigEndian(value[20..]);
            return true;
        }

        connectionId = default;
        sequenceNumber = 0;
        return false;
    }

    /// <summary>Reads CANDIDATE-IDENTIFIER (MS-ICE2).</summary>
    /// <param name="identifier">The value bytes (the local candidate's foundation).</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetCandidateIdentifier(out ReadOnlySpan<byte> identifier) => TryGetAttribute((ushort)StunAttributeType.CandidateIdentifier, out identifier);

    /// <summary>Reads IMPLEMENTATION-VERSION (MS-ICE2).</summary>
    /// <param name="version">The version.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetImplementationVersion(out uint version) => TryGetUInt32(StunAttributeType.ImplementationVersion, out version);

    /// <summary>Reads BANDWIDTH (MS-TURN); only in MS-TURN messages.</summary>
    /// <param name="kilobitsPerSecond">The bandwidth.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetBandwidth(out uint kilobitsPerSecond)
    {
        kilobitsPerSecond = 0;
        return _isMsTurn && TryGetUInt32(StunAttributeType.Bandwidth, out kilobitsPerSecond);
    }

    /// <summary>Reads MS-SERVICE-QUALITY (MS-TURN).</summary>
    /// <param name="streamType">The stream type.</param>
    /// <param name="serviceQuality">The service quality.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetMsServiceQuality(out ushort streamType, out ushort serviceQuality)
    {
        var found = TryGetUInt32(StunAttributeType.MsServiceQuality, out var raw);
        streamType = (ushort)(raw >> 16);
        serviceQuality = (ushort)raw;
        return found;
    }

    private bool TryGetUInt32(StunAttributeType type, out uint value)
    {
        var found = TryGetAttribute((ushort)type, out var bytes);
        value = found ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : 0;
        return found;
    }

    private bool TryGetUInt64(StunAttributeType type, out ulong value)
    {
        var found = TryGetAttribute((ushort)type, out var bytes);
        value = found ? BinaryPrimitives.ReadUInt64BigEndian(bytes) : 0;
        return found;
    }

    private bool TryGetFamily(StunAttributeType type, out StunAddressFamily family)
    {
        var found = TryGetAttribute((ushort)type, out var bytes);
        family = found ? (StunAddressFamily)bytes[0] : default;
        return found;
    }
}
