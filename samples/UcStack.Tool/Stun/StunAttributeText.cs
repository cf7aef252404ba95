using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using UcStack.Stun;

namespace UcStack.Tool;

/// <summary>Human-readable names and values for STUN attributes, for the decode command.</summary>
internal static class StunAttributeText
{
    private const int MaxShownBytes = 64;

    public static string MethodName(StunMethod method) =>
        Enum.IsDefined(method) ? method.ToString() : string.Create(CultureInfo.InvariantCulture, $"0x{(ushort)method:x3}");

    public static string Name(ushort type, bool msTurn) => (type, msTurn) switch
    {
        (0x0012, true) => "REMOTE-ADDRESS",
        (0x0014, true) => "NONCE",
        (0x0015, true) => "REALM",
        (0x000E, true) => "ALTERNATE-SERVER",
        (0x0011, true) => "DESTINATION-ADDRESS",
        (0x000F, true) => "MAGIC-COOKIE",
        (0x0010, true) => "BANDWIDTH",
        (0x8020, _) => "XOR-MAPPED-ADDRESS (MS)",
        (0x000E or 0x000F or 0x0010 or 0x0011, false) => "unknown",
        _ => Enum.IsDefined((StunAttributeType)type) ? RfcName((StunAttributeType)type) : "unknown",
    };

    public static string Value(StunMessageReader reader, StunAttributeEntry attribute)
    {
        var value = attribute.Value;
        if (reader.TryDecodeAddress(attribute, out var endPoint))
        {
            return endPoint.ToString();
        }

        switch (attribute.Type)
        {
            case (ushort)StunAttributeType.Username:
            case (ushort)StunAttributeType.Software:
            case (ushort)StunAttributeType.AlternateDomain:
            case (ushort)StunAttributeType.CandidateIdentifier:
            case (ushort)StunAttributeType.Realm:
            case (ushort)StunAttributeType.Nonce:
                // REALM and NONCE swap numbers in MS-TURN, but both are text either way.
                return Quote(value);
            case (ushort)StunAttributeType.ErrorCode when value.Length >= 4:
                return string.Create(CultureInfo.InvariantCulture, $"{((value[2] & 7) * 100) + value[3]} {Quote(value[4..])}");
            case (ushort)StunAttributeType.AddressErrorCode when value.Length >= 4:
                return string.Create(CultureInfo.InvariantCulture, $"family {value[0]} {((value[2] & 7) * 100) + value[3]} {Quote(value[4..])}");
            case (ushort)StunAttributeType.UnknownAttributes:
                return List(value);
            case (ushort)StunAttributeType.Priority:
            case (ushort)StunAttributeType.Lifetime:
            case (ushort)StunAttributeType.ConnectionId:
            case (ushort)StunAttributeType.MsVersion:
            case (ushort)StunAttributeType.ImplementationVersion:
            case (ushort)StunAttributeType.Bandwidth when reader.IsMsTurnFormat:
                return value.Length == 4 ? BinaryPrimitives.ReadUInt32BigEndian(value).ToString(CultureInfo.InvariantCulture) : Hex(value);
            case (ushort)StunAttributeType.IceControlled:
            case (ushort)StunAttributeType.IceControlling:
            case (ushort)StunAttributeType.ReservationToken:
                return value.Length == 8 ? string.Create(CultureInfo.InvariantCulture, $"0x{BinaryPrimitives.ReadUInt64BigEndian(value):x16}") : Hex(value);
            case (ushort)StunAttributeType.ChannelNumber when value.Length == 4:
                return string.Create(CultureInfo.InvariantCulture, $"0x{BinaryPrimitives.ReadUInt16BigEndian(value):x4}");
            case (ushort)StunAttributeType.RequestedTransport when value.Length == 4:
                return string.Create(CultureInfo.InvariantCulture, $"protocol {value[0]}");
            case (ushort)StunAttributeType.RequestedAddressFamily when value.Length == 4:
            case (ushort)StunAttributeType.AdditionalAddressFamily when value.Length == 4:
                return ((StunAddressFamily)value[0]).ToString();
            case (ushort)StunAttributeType.EvenPort when value.Length == 1:
                return (value[0] & 0x80) != 0 ? "reserve next port" : "no reservation";
            case (ushort)StunAttributeType.Icmp when value.Length == 8:
                return string.Create(CultureInfo.InvariantCulture, $"type {value[2] >> 1} code {BinaryPrimitives.ReadUInt16BigEndian(value[2..]) & 0x1FF} data 0x{BinaryPrimitives.ReadUInt32BigEndian(value[4..]):x8}");
            case (ushort)StunAttributeType.PasswordAlgorithm when value.Length >= 4:
                return ((StunPasswordAlgorithm)BinaryPrimitives.ReadUInt16BigEndian(value)).ToString();
            case (ushort)StunAttributeType.MagicCookie when value.Length == 4:
            case (ushort)StunAttributeType.Fingerprint when value.Length == 4:
                return string.Create(CultureInfo.InvariantCulture, $"0x{BinaryPrimitives.ReadUInt32BigEndian(value):x8}");
            case (ushort)StunAttributeType.UseCandidate:
            case (ushort)StunAttributeType.DontFragment:
                return value.IsEmpty ? "(flag)" : Hex(value);
            default:
                return value.IsEmpty ? "(empty)" : Hex(value);
        }
    }

    private static string RfcName(StunAttributeType type) => type switch
    {
        StunAttributeType.MessageIntegritySha256 => "MESSAGE-INTEGRITY-SHA256",
        StunAttributeType.Icmp => "ICMP",
        _ => ToRfcStyle(type.ToString()),
    };

    // "XorMappedAddress" -> "XOR-MAPPED-ADDRESS"; "MsVersion" -> "MS-VERSION".
    private static string ToRfcStyle(string pascal)
    {
        var builder = new StringBuilder(pascal.Length + 8);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (i > 0 && char.IsUpper(pascal[i]))
            {
                builder.Append('-');
            }

            builder.Append(char.ToUpperInvariant(pascal[i]));
        }

        return builder.ToString();
    }

    private static string Quote(ReadOnlySpan<byte> utf8)
    {
        var text = Encoding.UTF8.GetString(utf8);
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var ch in text)
        {
            if (ch is '"' or '\\')
            {
                builder.Append('\\').Append(ch);
            }
            else if (char.IsControl(ch))
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\x{(int)ch:x2}");
            }
            else
            {
                builder.Append(ch);
            }
        }

        return builder.Append('"').ToString();
    }

    private static string Hex(ReadOnlySpan<byte> value) => value.Length <= MaxShownBytes
        ? Convert.ToHexStringLower(value)
        : string.Create(CultureInfo.InvariantCulture, $"{Convert.ToHexStringLower(value[..MaxShownBytes])}... ({value.Length} bytes)");

    private static string List(ReadOnlySpan<byte> value)
    {
        var items = new List<string>();
        for (var i = 0; i + 1 < value.Length; i += 2)
        {
            items.Add(string.Create(CultureInfo.InvariantCulture, $"0x{BinaryPrimitives.ReadUInt16BigEndian(value[i..]):x4}"));
        }

        return string.Join(", ", items);
    }
}
