using System.Buffers.Binary;

namespace UcStack.Stun;

/// <summary>
/// A validated view over one STUN message held in a caller's buffer. <see cref="TryParse(ReadOnlySpan{byte}, out StunMessageReader, out StunParseError)"/>
/// checks the header and walks every attribute once (structure and per-type size limits); typed getters
/// then read values on demand, and nothing is copied or allocated. The reader is only valid while the
/// buffer it was parsed from is.
/// </summary>
/// <remarks>
/// RFC 8489 §14.5-§14.7: attributes after MESSAGE-INTEGRITY other than MESSAGE-INTEGRITY-SHA256 and
/// FINGERPRINT, attributes after MESSAGE-INTEGRITY-SHA256 other than FINGERPRINT, and all attributes
/// after FINGERPRINT are ignored: the typed getters never return them, the enumeration marks them
/// <see cref="StunAttributeEntry.IsIgnored"/>, and <see cref="IgnoredAttributeCount"/> counts them.
/// </remarks>
public readonly ref partial struct StunMessageReader
{
    private readonly ReadOnlySpan<byte> _message;
    private readonly int _regularEnd;
    private readonly int _integrityOffset;
    private readonly int _integritySha256Offset;
    private readonly int _fingerprintOffset;
    private readonly int _attributeCount;
    private readonly int _ignoredCount;
    private readonly int _unknownRequiredCount;
    private readonly bool _isMsTurn;

    private StunMessageReader(
        ReadOnlySpan<byte> message,
        bool isMsTurn,
        int regularEnd,
        int integrityOffset,
        int integritySha256Offset,
        int fingerprintOffset,
        int attributeCount,
        int ignoredCount,
        int unknownRequiredCount)
    {
        _message = message;
        _isMsTurn = isMsTurn;
        _regularEnd = regularEnd;
        _integrityOffset = integrityOffset;
        _integritySha256Offset = integritySha256Offset;
        _fingerprintOffset = fingerprintOffset;
        _attributeCount = attributeCount;
        _ignoredCount = ignoredCount;
        _unknownRequiredCount = unknownRequiredCount;
    }

    /// <summary>The whole message (header and attributes).</summary>
    public ReadOnlySpan<byte> Message => _message;

    /// <summary>The 16-bit message type field as received.</summary>
    public ushort RawType => BinaryPrimitives.ReadUInt16BigEndian(_message);

    /// <summary>
    /// The message type (class and method) decoded per RFC 8489 §5. MS-TURN messages use pre-RFC type
    /// numbers (for example Data Indication 0x0115) that this decoding does not give meaning to: use
    /// <see cref="RawType"/> for them.
    /// </summary>
    public StunMessageType Type => StunMessageType.Decode(RawType);

    /// <summary>The message class (shorthand for <c>Type.Class</c>).</summary>
    public StunMessageClass Class => Type.Class;

    /// <summary>The method (shorthand for <c>Type.Method</c>).</summary>
    public StunMethod Method => Type.Method;

    /// <summary>
    /// The transaction id: 12 bytes (RFC 8489) or, in an MS-TURN cookie-less message, the 16 bytes after
    /// the length field.
    /// </summary>
    public ReadOnlySpan<byte> TransactionId => _isMsTurn ? _message.Slice(4, 16) : _message.Slice(8, 12);

    /// <summary><see langword="true"/> when the message is in the MS-TURN cookie-less format.</summary>
    public bool IsMsTurnFormat => _isMsTurn;

    /// <summary>Number of attributes in the message, ignored ones included.</summary>
    public int AttributeCount => _attributeCount;

    /// <summary>Number of attributes ignored because they follow MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 or FINGERPRINT.</summary>
    public int IgnoredAttributeCount => _ignoredCount;

    /// <summary>
    /// Number of comprehension-required attributes (types 0x0000-0x7FFF) this library does not know.
    /// RFC 8489 §6.3.1: a server answers a request carrying any with a 420 error listing them in
    /// UNKNOWN-ATTRIBUTES (see <see cref="GetUnknownComprehensionRequired"/>); a client treats such a
    /// response as a failed transaction.
    /// </summary>
    public int UnknownComprehensionRequiredCount => _unknownRequiredCount;

    /// <summary>Enumerates every attribute in wire order (ignored ones included, flagged).</summary>
    public StunAttributeEnumerator Attributes => new(_message);

    /// <summary>
    /// Copies the types of the unknown comprehension-required attributes (each type once, wire order).
    /// </summary>
    /// <param name="destination">Receives the types; at most its length are written.</param>
    /// <returns>The number of types written.</returns>
    public int GetUnknownComprehensionRequired(Span<ushort> destination)
    {
        var written = 0;
        if (_unknownRequiredCount == 0)
        {
            return 0;
        }

        for (var offset = StunConstants.HeaderLength; offset < _regularEnd && written < destination.Length;)
        {
            var type = BinaryPrimitives.ReadUInt16BigEndian(_message[offset..]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(_message[(offset + 2)..]);
            if (type < 0x8000 && !StunAttributeRules.IsKnown(type, _isMsTurn) && !destination[..written].Contains(type))
            {
                destination[written++] = type;
            }

            offset += StunConstants.AttributeHeaderLength + StunConstants.Pad4(length);
        }

        return written;
    }

    /// <summary>Finds the first attribute of <paramref name="type"/> that is not ignored.</summary>
    /// <param name="type">The attribute type.</param>
    /// <param name="value">Its value (without padding), or empty.</param>
    /// <returns><see langword="true"/> when found.</returns>
    public bool TryGetAttribute(ushort type, out ReadOnlySpan<byte> value)
    {
        switch (type)
        {
            case (ushort)StunAttributeType.MessageIntegrity:
                return TryGetAt(_integrityOffset, out value);
            case (ushort)StunAttributeType.MessageIntegritySha256:
                return TryGetAt(_integritySha256Offset, out value);
            case (ushort)StunAttributeType.Fingerprint:
                return TryGetAt(_fingerprintOffset, out value);
        }

        var message = _message;
        for (var offset = StunConstants.HeaderLength; offset < _regularEnd;)
        {
            var current = BinaryPrimitives.ReadUInt16BigEndian(message[offset..]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 2)..]);
            if (current == type)
            {
                value = message.Slice(offset + StunConstants.AttributeHeaderLength, length);
                return true;
            }

            offset += StunConstants.AttributeHeaderLength + StunConstants.Pad4(length);
        }

        value = default;
        return false;
    }

    /// <summary>Finds the first attribute of <paramref name="type"/> that is not ignored.</summary>
    /// <param name="type">The attribute type.</param>
    /// <param name="value">Its value (without padding), or empty.</param>
    /// <returns><see langword="true"/> when found.</returns>
    public bool TryGetAttribute(StunAttributeType type, out ReadOnlySpan<byte> value) => TryGetAttribute((ushort)type, out value);

    private bool TryGetAt(int offset, out ReadOnlySpan<byte> value)
    {
        if (offset < 0)
        {
            value = default;
            return false;
        }

        value = _message.Slice(offset + StunConstants.AttributeHeaderLength, BinaryPrimitives.ReadUInt16BigEndian(_message[(offset + 2)..]));
        return true;
    }

    /// <summary><see langword="true"/> when a non-ignored attribute of <paramref name="type"/> is present.</summary>
    /// <param name="type">The attribute type.</param>
    public bool Contains(StunAttributeType type) => TryGetAttribute((ushort)type, out _);
}
