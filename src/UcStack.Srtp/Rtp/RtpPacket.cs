using System.Buffers.Binary;

namespace UcStack.Srtp.Rtp;

/// <summary>
/// A read-only, zero-copy view of one RTP packet (RFC 3550 §5.1, §5.3.1; RFC 8285 header extensions).
/// Every span it hands out is a slice of the buffer passed to <see cref="TryParse"/> and is valid only
/// while that buffer is.
/// </summary>
/// <remarks>
/// Parsing checks the whole structure once (fixed header, CSRCs, extension, RFC 8285 elements, padding)
/// and then every accessor is a plain read; nothing is allocated.
/// </remarks>
public readonly ref struct RtpPacket
{
    /// <summary>The RTP version this implementation accepts (RFC 3550 §5.1).</summary>
    public const int SupportedVersion = 2;

    /// <summary>The one-byte RFC 8285 profile value.</summary>
    public const ushort OneByteExtensionProfile = 0xBEDE;

    /// <summary>The two-byte RFC 8285 profile value with the four appbits clear.</summary>
    public const ushort TwoByteExtensionProfile = 0x1000;

    private readonly ReadOnlySpan<byte> _packet;
    private readonly int _headerLength;
    private readonly int _extensionOffset; // offset of the 4-octet extension header, or -1
    private readonly int _paddingLength;

    private RtpPacket(ReadOnlySpan<byte> packet, int headerLength, int extensionOffset, int paddingLength)
    {
        _packet = packet;
        _headerLength = headerLength;
        _extensionOffset = extensionOffset;
        _paddingLength = paddingLength;
    }

    /// <summary>The whole packet as given to the parser.</summary>
    public ReadOnlySpan<byte> Packet => _packet;

    /// <summary>The version field (always 2 for a parsed packet).</summary>
    public int Version => _packet[0] >> 6;

    /// <summary>The P bit: the packet ends with padding octets.</summary>
    public bool HasPadding => (_packet[0] & 0x20) != 0;

    /// <summary>The X bit: a header extension follows the CSRC list.</summary>
    public bool HasExtension => (_packet[0] & 0x10) != 0;

    /// <summary>The M bit.</summary>
    public bool Marker => (_packet[1] & 0x80) != 0;

    /// <summary>The 7-bit payload type.</summary>
    public byte PayloadType => (byte)(_packet[1] & 0x7F);

    /// <summary>The sequence number.</summary>
    public ushort SequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_packet[2..]);

    /// <summary>The RTP timestamp.</summary>
    public uint Timestamp => BinaryPrimitives.ReadUInt32BigEndian(_packet[4..]);

    /// <summary>The synchronization source identifier.</summary>
    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_packet[8..]);

    /// <summary>The CC field: the number of CSRC identifiers, 0–15.</summary>
    public int CsrcCount => _packet[0] & 0x0F;

    /// <summary>The CSRC list as raw octets (4 per identifier, network order).</summary>
    public ReadOnlySpan<byte> CsrcBytes => _packet.Slice(RtpHeader.FixedHeaderLength, 4 * CsrcCount);

    /// <summary>The length of everything before the payload: fixed header, CSRCs and header extension.</summary>
    public int HeaderLength => _headerLength;

    /// <summary>The extension's 16-bit profile field ("defined by profile"), or 0 when there is none.</summary>
    public ushort ExtensionProfile =>
        _extensionOffset < 0 ? (ushort)0 : BinaryPrimitives.ReadUInt16BigEndian(_packet[_extensionOffset..]);

    /// <summary>The extension data after its 4-octet header (a multiple of 4 octets, possibly empty).</summary>
    public ReadOnlySpan<byte> ExtensionData =>
        _extensionOffset < 0 ? default : _packet[(_extensionOffset + 4).._headerLength];

    /// <summary>How <see cref="ExtensionData"/> is laid out.</summary>
    public RtpHeaderExtensionForm ExtensionForm => _extensionOffset < 0 ? RtpHeaderExtensionForm.None : FormOf(ExtensionProfile);

    /// <summary>The four appbits of a two-byte extension profile (RFC 8285 §4.3); 0 otherwise.</summary>
    public byte ExtensionAppBits =>
        ExtensionForm == RtpHeaderExtensionForm.TwoByte ? (byte)(ExtensionProfile & 0x0F) : (byte)0;

    /// <summary>The RFC 8285 elements of the header extension (empty for none or an opaque profile).</summary>
    public RtpHeaderExtensionElements ExtensionElements => new(ExtensionData, ExtensionForm);

    /// <summary>The payload, without any padding (after <see cref="TryParseHeader"/>: everything after the header).</summary>
    public ReadOnlySpan<byte> Payload => _packet[_headerLength..(_packet.Length - _paddingLength)];

    /// <summary>The number of padding octets at the end, including the count octet; 0 without padding or
    /// when parsed with <see cref="TryParseHeader"/>.</summary>
    public int PaddingLength => _paddingLength;

    /// <summary>The scalar fixed-header fields, for comparison or for writing a similar packet.</summary>
    public RtpHeader Header => new(Marker, PayloadType, SequenceNumber, Timestamp, Ssrc);

    /// <summary>Reads one CSRC identifier.</summary>
    /// <param name="index">0 to <see cref="CsrcCount"/> − 1.</param>
    /// <returns>The identifier.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the CSRC list.</exception>
    public uint GetCsrc(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, CsrcCount);
        return BinaryPrimitives.ReadUInt32BigEndian(_packet[(RtpHeader.FixedHeaderLength + (4 * index))..]);
    }

    /// <summary>
    /// Parses and validates an RTP packet. Never throws for any input.
    /// </summary>
    /// <param name="packet">The packet octets, exactly one packet (as from one datagram).</param>
    /// <param name="result">The packet view on success; default on failure.</param>
    /// <param name="error">The reason and octet offset on failure; <see cref="RtpParseErrorCode.None"/> on success.</param>
    /// <returns><see langword="true"/> when <paramref name="packet"/> is a well-formed RTP packet.</returns>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtpPacket result, out RtpParseError error) =>
        Parse(packet, examinePadding: true, out result, out error);

    /// <summary>
    /// Parses and validates the header only: fixed header, CSRCs and header extension (RFC 8285 elements
    /// included). The padding count is not read and <see cref="Payload"/> is everything after the header.
    /// Use this on SRTP packets (RFC 3711 §3.1), whose padding is encrypted and which end with an
    /// authentication tag. Never throws.
    /// </summary>
    /// <param name="packet">The packet octets.</param>
    /// <param name="result">The packet view on success; default on failure.</param>
    /// <param name="error">The reason and octet offset on failure.</param>
    /// <returns><see langword="true"/> when <paramref name="packet"/> starts with a well-formed RTP header.</returns>
    public static bool TryParseHeader(ReadOnlySpan<byte> packet, out RtpPacket result, out RtpParseError error) =>
        Parse(packet, examinePadding: false, out result, out error);

    private static bool Parse(ReadOnlySpan<byte> packet, bool examinePadding, out RtpPacket result, out RtpParseError error)
    {
        result = default;

        // RFC 3550 §5.1: the fixed header is 12 octets.
        if (packet.Length < RtpHeader.FixedHeaderLength)
        {
            error = new RtpParseError(RtpParseErrorCode.TooShort, packet.Length);
            return false;
        }

        // RFC 3550 §A.1: the version must equal 2.
        if (packet[0] >> 6 != SupportedVersion)
        {
            error = new RtpParseError(RtpParseErrorCode.UnsupportedVersion, 0);
            return false;
        }

        var headerLength = RtpHeader.FixedHeaderLength + (4 * (packet[0] & 0x0F));
        if (headerLength > packet.Length)
        {
            error = new RtpParseError(RtpParseErrorCode.CsrcOverrun, RtpHeader.FixedHeaderLength);
            return false;
        }

        var extensionOffset = -1;
        if ((packet[0] & 0x10) != 0)
        {
            // RFC 3550 §5.3.1: a 16-bit profile field and a 16-bit length in 32-bit words, excluding
            // the 4-octet extension header itself, so zero is a valid length.
            extensionOffset = headerLength;
            if (extensionOffset + 4 > packet.Length)
            {
                error = new RtpParseError(RtpParseErrorCode.ExtensionOverrun, extensionOffset);
                return false;
            }

            var dataLength = 4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(extensionOffset + 2)..]);
            headerLength = extensionOffset + 4 + dataLength;
            if (headerLength > packet.Length)
            {
                error = new RtpParseError(RtpParseErrorCode.ExtensionOverrun, extensionOffset + 2);
                return false;
            }

            var form = FormOf(BinaryPrimitives.ReadUInt16BigEndian(packet[extensionOffset..]));
            if (form is RtpHeaderExtensionForm.OneByte or RtpHeaderExtensionForm.TwoByte)
            {
                var block = packet.Slice(extensionOffset + 4, dataLength);
                // RFC 8285 §4.2/§4.3: walk every element now so that enumeration later cannot fail.
                var position = 0;
                int step;
                do
                {
                    step = RtpHeaderExtensionElements.Next(block, form, ref position, out _, out _, out _);
                }
                while (step == 1);

                if (step < 0)
                {
                    error = new RtpParseError(RtpParseErrorCode.ExtensionElementOverrun, extensionOffset + 4 + position);
                    return false;
                }
            }
        }

        var paddingLength = 0;
        if (examinePadding && (packet[0] & 0x20) != 0)
        {
            // RFC 3550 §5.1: the last octet counts the padding octets, itself included, so it is at
            // least 1; §A.1: it must not exceed the octets after the header.
            paddingLength = packet.Length > headerLength ? packet[^1] : 0;
            if (paddingLength == 0 || paddingLength > packet.Length - headerLength)
            {
                error = new RtpParseError(RtpParseErrorCode.InvalidPaddingLength, Math.Max(packet.Length - 1, headerLength));
                return false;
            }
        }

        result = new RtpPacket(packet, headerLength, extensionOffset, paddingLength);
        error = default;
        return true;
    }

    private static RtpHeaderExtensionForm FormOf(ushort profile) => profile switch
    {
        OneByteExtensionProfile => RtpHeaderExtensionForm.OneByte,
        // RFC 8285 §4.3: the top 12 bits are 0x100; the low 4 bits are application bits.
        _ when (profile & 0xFFF0) == TwoByteExtensionProfile => RtpHeaderExtensionForm.TwoByte,
        _ => RtpHeaderExtensionForm.Opaque,
    };
}
