using System.Buffers.Binary;

namespace UcStack.Stun;

public ref partial struct StunMessageWriter
{
    /// <summary>Appends XOR-MAPPED-ADDRESS (RFC 8489 §14.2; in an MS-TURN message, its number 0x8020).</summary>
    /// <param name="endPoint">The reflexive transport address.</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="ArgumentException"><paramref name="endPoint"/> is the default value.</exception>
    /// <exception cref="InvalidOperationException">The message already has an integrity attribute or FINGERPRINT.</exception>
    public bool AddXorMappedAddress(StunEndPoint endPoint) =>
        AddAddress(_isMsTurn ? StunAttributeType.MsXorMappedAddress : StunAttributeType.XorMappedAddress, endPoint);

    /// <summary>Appends MAPPED-ADDRESS (RFC 8489 §14.1).</summary>
    /// <param name="endPoint">The address.</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="ArgumentException"><paramref name="endPoint"/> is the default value.</exception>
    /// <exception cref="InvalidOperationException">The message already has an integrity attribute or FINGERPRINT.</exception>
    public bool AddMappedAddress(StunEndPoint endPoint) => AddAddress(StunAttributeType.MappedAddress, endPoint);

    /// <summary>Appends XOR-PEER-ADDRESS (RFC 8656 §18.3); in an MS-TURN message, REMOTE-ADDRESS (not XORed).</summary>
    /// <param name="endPoint">The peer address.</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="ArgumentException"><paramref name="endPoint"/> is the default value.</exception>
    /// <exception cref="InvalidOperationException">The message already has an integrity attribute or FINGERPRINT.</exception>
    public bool AddXorPeerAddress(StunEndPoint endPoint) => AddAddress(StunAttributeType.XorPeerAddress, endPoint);

    /// <summary>Appends XOR-RELAYED-ADDRESS (RFC 8656 §18.5).</summary>
    /// <param name="endPoint">The relayed address.</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="ArgumentException"><paramref name="endPoint"/> is the default value.</exception>
    /// <exception cref="InvalidOperationException">The message already has an integrity attribute or FINGERPRINT.</exception>
    public bool AddXorRelayedAddress(StunEndPoint endPoint) => AddAddress(StunAttributeType.XorRelayedAddress, endPoint);

    /// <summary>Appends ALTERNATE-SERVER (RFC 8489 §14.15; in an MS-TURN message, its number 0x000E).</summary>
    /// <param name="endPoint">The alternate server.</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="ArgumentException"><paramref name="endPoint"/> is the default value.</exception>
    /// <exception cref="InvalidOperationException">The message already has an integrity attribute or FINGERPRINT.</exception>
    public bool AddAlternateServer(StunEndPoint endPoint) =>
        AddAddress(_isMsTurn ? StunAttributeType.MsAlternateServer : StunAttributeType.AlternateServer, endPoint);

    /// <summary>
    /// Appends any address attribute, XOR-encoding the types that are XORed (see
    /// <see cref="StunMessageReader.TryGetAddress"/>).
    /// </summary>
    /// <param name="type">An address attribute type.</param>
    /// <param name="endPoint">The address.</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="ArgumentException"><paramref name="endPoint"/> is the default value.</exception>
    /// <exception cref="InvalidOperationException">The message already has an integrity attribute or FINGERPRINT.</exception>
    public bool AddAddress(StunAttributeType type, StunEndPoint endPoint)
    {
        var addressLength = endPoint.AddressLength;
        if (addressLength == 0)
        {
            throw new ArgumentException("The end point has no address family.", nameof(endPoint));
        }

        if (!TryReserve((ushort)type, 4 + addressLength, Stage.Attributes, out var value))
        {
            return false;
        }

        var xored = type switch
        {
            StunAttributeType.XorMappedAddress or StunAttributeType.XorRelayedAddress or StunAttributeType.MsXorMappedAddress => true,
            StunAttributeType.XorPeerAddress => !_isMsTurn,
            _ => false,
        };

        // RFC 8489 §14.1: first byte zero, then family, port, address; §14.2: X-Port and X-Address.
        value[0] = 0;
        value[1] = (byte)endPoint.Family;
        var port = endPoint.Port;
        endPoint.WriteAddress(value[4..]);
        if (xored)
        {
            ReadOnlySpan<byte> mask = _buffer.Slice(4, 16);
            port ^= BinaryPrimitives.ReadUInt16BigEndian(mask);
            for (var i = 0; i < addressLength; i++)
            {
                value[4 + i] ^= mask[i];
            }
        }

        BinaryPrimitives.WriteUInt16BigEndian(value[2..], port);
        return true;
    }
}
