using System.Buffers.Binary;

namespace UcStack.Stun;

public readonly ref partial struct StunMessageReader
{
    /// <summary>
    /// Reads XOR-MAPPED-ADDRESS (0x0020). In an MS-TURN message the MS number 0x8020 is read when 0x0020
    /// is absent.
    /// </summary>
    /// <param name="endPoint">The reflexive transport address.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetXorMappedAddress(out StunEndPoint endPoint) =>
        TryGetAddress(StunAttributeType.XorMappedAddress, out endPoint)
        || (_isMsTurn && TryGetAddress(StunAttributeType.MsXorMappedAddress, out endPoint));

    /// <summary>Reads MAPPED-ADDRESS (0x0001). MS-TURN Allocate responses carry the relayed address here.</summary>
    /// <param name="endPoint">The address.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetMappedAddress(out StunEndPoint endPoint) => TryGetAddress(StunAttributeType.MappedAddress, out endPoint);

    /// <summary>Reads XOR-PEER-ADDRESS (0x0012); in an MS-TURN message this number is REMOTE-ADDRESS, which is not XORed.</summary>
    /// <param name="endPoint">The peer address.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetXorPeerAddress(out StunEndPoint endPoint) => TryGetAddress(StunAttributeType.XorPeerAddress, out endPoint);

    /// <summary>Reads XOR-RELAYED-ADDRESS (0x0016).</summary>
    /// <param name="endPoint">The relayed address.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetXorRelayedAddress(out StunEndPoint endPoint) => TryGetAddress(StunAttributeType.XorRelayedAddress, out endPoint);

    /// <summary>Reads ALTERNATE-SERVER (0x8023, or the MS-TURN number 0x000E in an MS-TURN message).</summary>
    /// <param name="endPoint">The alternate server.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetAlternateServer(out StunEndPoint endPoint) =>
        TryGetAddress(StunAttributeType.AlternateServer, out endPoint)
        || (_isMsTurn && TryGetAddress(StunAttributeType.MsAlternateServer, out endPoint));

    /// <summary>Reads the MS-TURN DESTINATION-ADDRESS (0x0011); only in MS-TURN messages.</summary>
    /// <param name="endPoint">The destination.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetMsDestinationAddress(out StunEndPoint endPoint)
    {
        if (_isMsTurn)
        {
            return TryGetAddress(StunAttributeType.MsDestinationAddress, out endPoint);
        }

        endPoint = default;
        return false;
    }

    /// <summary>
    /// Reads any address attribute, XOR-decoding the types that are XORed (RFC 8489 §14.2: the port with
    /// the top 16 bits of the magic cookie, an IPv4 address with the cookie, an IPv6 address with the
    /// cookie and the transaction id; in MS-TURN messages the same header bytes, which hold transaction
    /// id, are used).
    /// </summary>
    /// <param name="type">An address attribute type.</param>
    /// <param name="endPoint">The decoded address.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetAddress(StunAttributeType type, out StunEndPoint endPoint)
    {
        if (!TryGetAttribute((ushort)type, out var value) || value.Length is not (8 or 20))
        {
            endPoint = default;
            return false;
        }

        var xored = type switch
        {
            StunAttributeType.XorMappedAddress or StunAttributeType.XorRelayedAddress or StunAttributeType.MsXorMappedAddress => true,
            StunAttributeType.XorPeerAddress => !_isMsTurn,
            _ => false,
        };
        endPoint = DecodeAddress(value, xored ? _message.Slice(4, 16) : default);
        return true;
    }

    /// <summary>
    /// Decodes one specific address attribute from the enumeration, for messages that carry several
    /// (a TURN CreatePermission request may hold many XOR-PEER-ADDRESS attributes, RFC 8656 §9.1).
    /// </summary>
    /// <param name="attribute">An attribute of this message, from <see cref="Attributes"/>.</param>
    /// <param name="endPoint">The decoded address.</param>
    /// <returns><see langword="false"/> when the attribute is not an address type or its value is not address-shaped.</returns>
    public bool TryDecodeAddress(StunAttributeEntry attribute, out StunEndPoint endPoint)
    {
        var value = attribute.Value;
        bool? xored = attribute.Type switch
        {
            (ushort)StunAttributeType.XorMappedAddress or (ushort)StunAttributeType.XorRelayedAddress or (ushort)StunAttributeType.MsXorMappedAddress => true,
            (ushort)StunAttributeType.XorPeerAddress => !_isMsTurn,
            (ushort)StunAttributeType.MappedAddress or (ushort)StunAttributeType.AlternateServer => false,
            (ushort)StunAttributeType.MsAlternateServer or (ushort)StunAttributeType.MsDestinationAddress when _isMsTurn => false,
            _ => null,
        };

        // Ignored attributes were not validated by the parser: check the shape here.
        if (xored is null || !(value.Length == 8 && value[1] == (byte)StunAddressFamily.IPv4) && !(value.Length == 20 && value[1] == (byte)StunAddressFamily.IPv6))
        {
            endPoint = default;
            return false;
        }

        endPoint = DecodeAddress(value, xored.Value ? _message.Slice(4, 16) : default);
        return true;
    }

    /// <summary>Decodes an address value; <paramref name="mask"/> is header bytes 4..19, or empty for no XOR.</summary>
    internal static StunEndPoint DecodeAddress(ReadOnlySpan<byte> value, ReadOnlySpan<byte> mask)
    {
        var port = BinaryPrimitives.ReadUInt16BigEndian(value[2..]);
        Span<byte> address = stackalloc byte[16];
        var length = value.Length - 4;
        value.Slice(4, length).CopyTo(address);
        if (!mask.IsEmpty)
        {
            port ^= BinaryPrimitives.ReadUInt16BigEndian(mask);
            for (var i = 0; i < length; i++)
            {
                address[i] ^= mask[i];
            }
        }

        return new StunEndPoint(address[..length], port);
    }
}
