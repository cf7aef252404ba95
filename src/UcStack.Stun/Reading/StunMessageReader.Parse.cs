using System.Buffers.Binary;

namespace UcStack.Stun;

public readonly ref partial struct StunMessageReader
{
    /// <summary>Parses one STUN message in the RFC 8489 format with the default options.</summary>
    /// <param name="message">Exactly one message (a datagram, or a frame cut with <see cref="TryGetMessageLength"/>).</param>
    /// <param name="reader">The reader on success.</param>
    /// <param name="error">What was wrong and where, on failure.</param>
    /// <returns><see langword="true"/> when the message is well formed.</returns>
    public static bool TryParse(ReadOnlySpan<byte> message, out StunMessageReader reader, out StunParseError error) =>
        TryParse(message, StunParseOptions.Default, out reader, out error);

    /// <summary>Parses one STUN message.</summary>
    /// <param name="message">Exactly one message (a datagram, or a frame cut with <see cref="TryGetMessageLength"/>).</param>
    /// <param name="options">Parse options (null means <see cref="StunParseOptions.Default"/>).</param>
    /// <param name="reader">The reader on success.</param>
    /// <param name="error">What was wrong and where, on failure.</param>
    /// <returns><see langword="true"/> when the message is well formed.</returns>
    public static bool TryParse(ReadOnlySpan<byte> message, StunParseOptions? options, out StunMessageReader reader, out StunParseError error)
    {
        options ??= StunParseOptions.Default;
        reader = default;
        if (message.Length < StunConstants.HeaderLength)
        {
            error = new StunParseError(StunParseErrorCode.TooShort, message.Length);
            return false;
        }

        // RFC 8489 §5: the most significant 2 bits of every STUN message are zeroes.
        if ((message[0] & 0xC0) != 0)
        {
            error = new StunParseError(StunParseErrorCode.NotStun, 0);
            return false;
        }

        int bodyLength = BinaryPrimitives.ReadUInt16BigEndian(message[2..]);

        // RFC 8489 §5: the message length ... is always a multiple of 4.
        if ((bodyLength & 3) != 0)
        {
            error = new StunParseError(StunParseErrorCode.LengthNotMultipleOfFour, 2);
            return false;
        }

        if (bodyLength != message.Length - StunConstants.HeaderLength)
        {
            error = new StunParseError(StunParseErrorCode.LengthMismatch, 2);
            return false;
        }

        var isMsTurn = false;
        if (BinaryPrimitives.ReadUInt32BigEndian(message[4..]) != StunConstants.MagicCookie)
        {
            // MS-TURN: no cookie in the header; a MAGIC-COOKIE attribute MUST be the first attribute.
            if (!options.AllowMsTurnFormat || !StartsWithMsTurnCookie(message))
            {
                error = new StunParseError(StunParseErrorCode.BadMagicCookie, 4);
                return false;
            }

            isMsTurn = true;
        }

        return TryWalkAttributes(message, options, isMsTurn, out reader, out error);
    }

    /// <summary>
    /// Cheap demultiplexing test (RFC 7983 style): at least a header, top two bits zero, the RFC 8489
    /// magic cookie, and a length that matches the datagram. Does not validate attributes.
    /// </summary>
    /// <param name="datagram">A received datagram.</param>
    public static bool IsStunMessage(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= StunConstants.HeaderLength
        && (datagram[0] & 0xC0) == 0
        && BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]) == StunConstants.MagicCookie
        && BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]) == datagram.Length - StunConstants.HeaderLength;

    /// <summary>
    /// For stream transports: reads the total message length (header included) from the first bytes of a
    /// frame. Returns <see langword="false"/> while fewer than 4 bytes are available (incomplete, not
    /// malformed); the caller then waits for <c>totalLength</c> bytes and calls <see cref="TryParse(ReadOnlySpan{byte}, out StunMessageReader, out StunParseError)"/>.
    /// </summary>
    /// <param name="buffer">The start of a frame.</param>
    /// <param name="totalLength">20 plus the header's length field.</param>
    public static bool TryGetMessageLength(ReadOnlySpan<byte> buffer, out int totalLength)
    {
        if (buffer.Length < 4)
        {
            totalLength = 0;
            return false;
        }

        totalLength = StunConstants.HeaderLength + BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]);
        return true;
    }

    private static bool StartsWithMsTurnCookie(ReadOnlySpan<byte> message) =>
        message.Length >= StunConstants.HeaderLength + 8
        && BinaryPrimitives.ReadUInt16BigEndian(message[20..]) == (ushort)StunAttributeType.MagicCookie
        && BinaryPrimitives.ReadUInt16BigEndian(message[22..]) == 4
        && BinaryPrimitives.ReadUInt32BigEndian(message[24..]) == StunConstants.MsTurnMagicCookie;

    private static bool TryWalkAttributes(ReadOnlySpan<byte> message, StunParseOptions options, bool isMsTurn, out StunMessageReader reader, out StunParseError error)
    {
        var offset = StunConstants.HeaderLength;
        var regularEnd = -1;
        int integrity = -1, integritySha256 = -1, fingerprint = -1;
        int count = 0, ignored = 0, unknownRequired = 0;
        var maxAttributes = options.MaxAttributes;

        while (offset < message.Length)
        {
            if (++count > maxAttributes)
            {
                reader = default;
                error = new StunParseError(StunParseErrorCode.TooManyAttributes, offset);
                return false;
            }

            // The length check above guarantees 4 bytes here: the body length is a multiple of 4.
            var type = BinaryPrimitives.ReadUInt16BigEndian(message[offset..]);
            int length = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 2)..]);
            var valueStart = offset + StunConstants.AttributeHeaderLength;

            // RFC 8489 §14: the value is padded to a multiple of 4 bytes, and the padding is counted in the message length.
            var next = valueStart + StunConstants.Pad4(length);
            if (next > message.Length)
            {
                reader = default;
                error = new StunParseError(StunParseErrorCode.AttributeTruncated, offset, type);
                return false;
            }

            // RFC 8489 §14.5, §14.6, §14.7: what follows the integrity attributes or FINGERPRINT is ignored.
            var isIgnored = fingerprint >= 0
                || (integritySha256 >= 0 && type != (ushort)StunAttributeType.Fingerprint)
                || (integrity >= 0 && type is not ((ushort)StunAttributeType.Fingerprint or (ushort)StunAttributeType.MessageIntegritySha256));
            if (isIgnored)
            {
                ignored++;
            }
            else
            {
                var problem = StunAttributeRules.Validate(type, message.Slice(valueStart, length), isMsTurn, out var known);
                if (problem != StunParseErrorCode.None)
                {
                    reader = default;
                    error = new StunParseError(problem, offset, type);
                    return false;
                }

                if (!known && type < 0x8000)
                {
                    unknownRequired++;
                }

                switch (type)
                {
                    case (ushort)StunAttributeType.MessageIntegrity:
                        integrity = offset;
                        break;
                    case (ushort)StunAttributeType.MessageIntegritySha256:
                        integritySha256 = offset;
                        break;
                    case (ushort)StunAttributeType.Fingerprint:
                        fingerprint = offset;
                        break;
                }

                if (regularEnd < 0 && (integrity >= 0 || integritySha256 >= 0 || fingerprint >= 0))
                {
                    regularEnd = offset;
                }
            }

            offset = next;
        }

        if (regularEnd < 0)
        {
            regularEnd = message.Length;
        }

        reader = new StunMessageReader(message, isMsTurn, regularEnd, integrity, integritySha256, fingerprint, count, ignored, unknownRequired);
        error = default;
        return true;
    }
}
