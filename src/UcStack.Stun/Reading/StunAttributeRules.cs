using System.Buffers.Binary;

namespace UcStack.Stun;

/// <summary>Per-type size limits and value checks applied once, while a message is parsed.</summary>
internal static class StunAttributeRules
{
    /// <summary>Whether this library understands <paramref name="type"/> (for the RFC 8489 §6.3.1 unknown-attribute rule).</summary>
    public static bool IsKnown(ushort type, bool isMsTurn) => type switch
    {
        0x0001 or 0x0006 or 0x0008 or 0x0009 or 0x000A or 0x000C or 0x000D
            or 0x0012 or 0x0013 or 0x0014 or 0x0015 or 0x0016 or 0x0017 or 0x0018 or 0x0019 or 0x001A
            or 0x001C or 0x001D or 0x001E or 0x0020 or 0x0022 or 0x0024 or 0x0025 or 0x002A => true,

        // MS-TURN's own comprehension-required numbers have no RFC meaning: outside MS-TURN messages
        // they are unknown like any other.
        0x000E or 0x000F or 0x0010 or 0x0011 => isMsTurn,
        0x8000 or 0x8001 or 0x8002 or 0x8003 or 0x8004 or 0x8008 or 0x8020 or 0x8022 or 0x8023 or 0x8028
            or 0x8029 or 0x802A or 0x8050 or 0x8054 or 0x8055 or 0x8070 => true,
        _ => false,
    };

    /// <summary>Checks the size (and, where cheap, the content) of a known attribute's value.</summary>
    public static StunParseErrorCode Validate(ushort type, ReadOnlySpan<byte> value, bool isMsTurn, out bool known)
    {
        known = true;
        var length = value.Length;
        switch (type)
        {
            case (ushort)StunAttributeType.MappedAddress:
            case (ushort)StunAttributeType.XorPeerAddress:
            case (ushort)StunAttributeType.XorRelayedAddress:
            case (ushort)StunAttributeType.XorMappedAddress:
            case (ushort)StunAttributeType.AlternateServer:
            case (ushort)StunAttributeType.MsXorMappedAddress:
                return ValidateAddress(value);
            case (ushort)StunAttributeType.MsAlternateServer:
            case (ushort)StunAttributeType.MsDestinationAddress:
                known = isMsTurn;
                return isMsTurn ? ValidateAddress(value) : StunParseErrorCode.None;
            case (ushort)StunAttributeType.MagicCookie:
            case (ushort)StunAttributeType.Bandwidth:
                known = isMsTurn;
                return !isMsTurn || length == 4 ? StunParseErrorCode.None : StunParseErrorCode.AttributeLength;

            // USERNAME: RFC 5389 §15.3 says less than 513 bytes, RFC 8489 §14.3 fewer than 509; we accept up to 513 (the project's bound).
            case (ushort)StunAttributeType.Username:
                return length <= StunConstants.MaxUsernameLength ? StunParseErrorCode.None : StunParseErrorCode.AttributeLength;
            case (ushort)StunAttributeType.Realm:
            case (ushort)StunAttributeType.Nonce:
            case (ushort)StunAttributeType.Software:
                return length <= StunConstants.MaxTextLength ? StunParseErrorCode.None : StunParseErrorCode.AttributeLength;
            case (ushort)StunAttributeType.AlternateDomain:
                return length is >= 1 and <= StunConstants.MaxAlternateDomainLength ? StunParseErrorCode.None : StunParseErrorCode.AttributeLength;
            case (ushort)StunAttributeType.Userhash:
                return length == StunConstants.UserhashLength ? StunParseErrorCode.None : StunParseErrorCode.AttributeLength;
            case (ushort)StunAttributeType.MessageIntegrity:
                return length == StunConstants.MessageIntegrityLength ? StunParseErrorCode.None : StunParseErrorCode.AttributeLength;

            // RFC 8489 §14.6: at least 16 bytes, at most 32, a multiple of 4.
            case (ushort)StunAttributeType.MessageIntegritySha256:
                return length is >= StunConstants.MessageIntegritySha256MinLength and <= StunConstants.MessageIntegritySha256MaxLength && (length & 3) == 0
                    ? StunParseErrorCode.None
                    : StunParseErrorCode.AttributeLength;
            case (ushort)StunAttributeType.Fingerprint:
                return length == StunConstants.FingerprintLength ? StunParseErrorCode.None : StunParseErrorCode.AttributeLength;
            case (ushort)StunAttributeType.ErrorCode:
                return ValidateErrorCode(value);
            case (ushort)StunAttributeType.AddressErrorCode:
                if (length >= 4 && value[0] is not ((byte)StunAddressFamily.IPv4 or (byte)StunAddressFamily.IPv6))
                {
                    return StunParseErrorCode.AttributeValue;
                }

                return ValidateErrorCode(value);
            case (ushort)StunAttributeType.UnknownAttributes:
                return (length & 1) == 0 && length <= StunConstants.MaxListLength ? StunParseErrorCode.None : StunParseErrorCode.AttributeLength;
            case (ushort)StunAttributeType.PasswordAlgorithms:
                return length <= StunConstants.MaxListLength ? ValidateAlgorithmList(value, single: false) : StunParseErrorCode.AttributeLength;
            case (ushort)StunAttributeType.PasswordAlgorithm:
                return length <= StunConstants.MaxListLength ? ValidateAlgorithmList(value, single: true) : StunParseErrorCode.AttributeLength;
            case (ushort)StunAttributeType.UseCandidate:
            case (ushort)StunAttributeType.DontFragment:
                return length == 0 ? StunParseErrorCode.None : StunParseErrorCode.AttributeLength;
            case (ushort)StunAttributeType.EvenPort:
                return length == 1 ? StunParseErrorCode.None : StunParseErrorCode.AttributeLength;
            case (ushort)StunAttributeType.Priority:
            case (ushort)StunAttributeType.ChannelNumber:
            case (ushort)StunAttributeType.Lifetime:
            case (ushort)StunAttributeType.RequestedTransport:
            case (ushort)StunAttributeType.ConnectionId:
            case (ushort)StunAttributeType.MsVersion:
            case (ushort)StunAttributeType.ImplementationVersion:
            case (ushort)StunAttributeType.MsServiceQuality:
                return length == 4 ? StunParseErrorCode.None : StunParseErrorCode.AttributeLength;
            case (ushort)StunAttributeType.RequestedAddressFamily:
            case (ushort)StunAttributeType.AdditionalAddressFamily:
                if (length != 4)
                {
                    return StunParseErrorCode.AttributeLength;
                }

                return value[0] is (byte)StunAddressFamily.IPv4 or (byte)StunAddressFamily.IPv6 ? StunParseErrorCode.None : StunParseErrorCode.AttributeValue;
            case (ushort)StunAttributeType.IceControlled:
            case (ushort)StunAttributeType.IceControlling:
            case (ushort)StunAttributeType.ReservationToken:
            case (ushort)StunAttributeType.Icmp:
                return length == 8 ? StunParseErrorCode.None : StunParseErrorCode.AttributeLength;
            case (ushort)StunAttributeType.MsSequenceNumber:
                return length == 24 ? StunParseErrorCode.None : StunParseErrorCode.AttributeLength;
            case (ushort)StunAttributeType.CandidateIdentifier:
                return length <= StunConstants.MaxListLength ? StunParseErrorCode.None : StunParseErrorCode.AttributeLength;
            case (ushort)StunAttributeType.Data:
                return StunParseErrorCode.None;
            default:
                known = IsKnown(type, isMsTurn);
                return StunParseErrorCode.None;
        }
    }

    // RFC 8489 §14.1: family 0x01 with a 32-bit address, or 0x02 with a 128-bit address.
    private static StunParseErrorCode ValidateAddress(ReadOnlySpan<byte> value) => value.Length switch
    {
        8 => value[1] == (byte)StunAddressFamily.IPv4 ? StunParseErrorCode.None : StunParseErrorCode.AttributeValue,
        20 => value[1] == (byte)StunAddressFamily.IPv6 ? StunParseErrorCode.None : StunParseErrorCode.AttributeValue,
        _ => StunParseErrorCode.AttributeLength,
    };

    // RFC 8489 §14.8: class 3..6 in the low 3 bits of byte 2, number 0..99 in byte 3, then a reason of
    // fewer than 128 characters (763 bytes).
    private static StunParseErrorCode ValidateErrorCode(ReadOnlySpan<byte> value)
    {
        if (value.Length < 4 || value.Length > 4 + StunConstants.MaxTextLength)
        {
            return StunParseErrorCode.AttributeLength;
        }

        var errorClass = value[2] & 0x07;
        return errorClass is >= 3 and <= 6 && value[3] <= 99 ? StunParseErrorCode.None : StunParseErrorCode.AttributeValue;
    }

    // RFC 8489 §14.11, §14.12: algorithm (16 bits), parameters length (16 bits), parameters padded to 4.
    private static StunParseErrorCode ValidateAlgorithmList(ReadOnlySpan<byte> value, bool single)
    {
        if (value.IsEmpty)
        {
            return StunParseErrorCode.AttributeLength;
        }

        var entries = 0;
        while (!value.IsEmpty)
        {
            if (value.Length < 4)
            {
                return StunParseErrorCode.AttributeLength;
            }

            var parameters = BinaryPrimitives.ReadUInt16BigEndian(value[2..]);
            var size = 4 + StunConstants.Pad4(parameters);
            if (size > value.Length || (single && size != value.Length))
            {
                return StunParseErrorCode.AttributeValue;
            }

            value = value[size..];
            entries++;
        }

        return entries > 0 ? StunParseErrorCode.None : StunParseErrorCode.AttributeLength;
    }
}
