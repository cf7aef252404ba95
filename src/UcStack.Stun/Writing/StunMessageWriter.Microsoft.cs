using System.Buffers.Binary;

namespace UcStack.Stun;

public ref partial struct StunMessageWriter
{
    /// <summary>Appends MS-VERSION (MS-TURN).</summary>
    /// <param name="version">The version.</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="InvalidOperationException">The message already has an integrity attribute or FINGERPRINT.</exception>
    public bool AddMsVersion(uint version) => AddUInt32(StunAttributeType.MsVersion, version);

    /// <summary>Appends MS-SEQUENCE-NUMBER (MS-TURN).</summary>
    /// <param name="connectionId">The server-given 20-byte connection id.</param>
    /// <param name="sequenceNumber">The sequence number.</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="ArgumentException"><paramref name="connectionId"/> is not 20 bytes.</exception>
    /// <exception cref="InvalidOperationException">The message already has an integrity attribute or FINGERPRINT.</exception>
    public bool AddMsSequenceNumber(scoped ReadOnlySpan<byte> connectionId, uint sequenceNumber)
    {
        if (connectionId.Length != 20)
        {
            throw new ArgumentException("The MS-SEQUENCE-NUMBER connection id is 20 bytes.", nameof(connectionId));
        }

        if (!TryReserve((ushort)StunAttributeType.MsSequenceNumber, 24, Stage.Attributes, out var value))
        {
            return false;
        }

        connectionId.CopyTo(value);
        BinaryPrimitives.WriteUInt32BigEndian(value[20..], sequenceNumber);
        return true;
    }

    /// <summary>Appends CANDIDATE-IDENTIFIER (MS-ICE2).</summary>
    /// <param name="identifier">The local candidate's foundation; at most 256 bytes.</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="ArgumentException">The value is longer than 256 bytes.</exception>
    /// <exception cref="InvalidOperationException">The message already has an integrity attribute or FINGERPRINT.</exception>
    public bool AddCandidateIdentifier(scoped ReadOnlySpan<byte> identifier) =>
        AddLimited(StunAttributeType.CandidateIdentifier, identifier, StunConstants.MaxListLength);

    /// <summary>Appends IMPLEMENTATION-VERSION (MS-ICE2).</summary>
    /// <param name="version">The version.</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="InvalidOperationException">The message already has an integrity attribute or FINGERPRINT.</exception>
    public bool AddImplementationVersion(uint version) => AddUInt32(StunAttributeType.ImplementationVersion, version);

    /// <summary>Appends BANDWIDTH (MS-TURN; only in MS-TURN messages).</summary>
    /// <param name="kilobitsPerSecond">The bandwidth.</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="InvalidOperationException">The message is not MS-TURN, or already has an integrity attribute or FINGERPRINT.</exception>
    public bool AddBandwidth(uint kilobitsPerSecond)
    {
        if (!_isMsTurn)
        {
            ThrowOrder("BANDWIDTH (0x0010) exists only in MS-TURN messages.");
        }

        return AddUInt32(StunAttributeType.Bandwidth, kilobitsPerSecond);
    }

    /// <summary>Appends MS-SERVICE-QUALITY (MS-TURN).</summary>
    /// <param name="streamType">The stream type.</param>
    /// <param name="serviceQuality">The service quality.</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="InvalidOperationException">The message already has an integrity attribute or FINGERPRINT.</exception>
    public bool AddMsServiceQuality(ushort streamType, ushort serviceQuality) =>
        AddUInt32(StunAttributeType.MsServiceQuality, ((uint)streamType << 16) | serviceQuality);

    /// <summary>Appends the MS-TURN DESTINATION-ADDRESS (0x0011; only in MS-TURN messages).</summary>
    /// <param name="endPoint">The destination.</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="ArgumentException"><paramref name="endPoint"/> is the default value.</exception>
    /// <exception cref="InvalidOperationException">The message is not MS-TURN, or already has an integrity attribute or FINGERPRINT.</exception>
    public bool AddMsDestinationAddress(StunEndPoint endPoint)
    {
        if (!_isMsTurn)
        {
            ThrowOrder("DESTINATION-ADDRESS (0x0011) exists only in MS-TURN messages.");
        }

        return AddAddress(StunAttributeType.MsDestinationAddress, endPoint);
    }
}
