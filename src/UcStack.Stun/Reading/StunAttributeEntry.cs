using System.Buffers.Binary;

namespace UcStack.Stun;

/// <summary>One attribute as it appears on the wire: type, value (without padding) and position.</summary>
public readonly ref struct StunAttributeEntry
{
    internal StunAttributeEntry(ushort type, ReadOnlySpan<byte> value, int offset, bool isIgnored)
    {
        Type = type;
        Value = value;
        Offset = offset;
        IsIgnored = isIgnored;
    }

    /// <summary>The attribute type (compare with <see cref="StunAttributeType"/>).</summary>
    public ushort Type { get; }

    /// <summary>The value, without padding.</summary>
    public ReadOnlySpan<byte> Value { get; }

    /// <summary>Offset of the attribute header from the start of the message.</summary>
    public int Offset { get; }

    /// <summary><see langword="true"/> for comprehension-required types (0x0000-0x7FFF), RFC 8489 §14.</summary>
    public bool IsComprehensionRequired => Type < 0x8000;

    /// <summary>
    /// <see langword="true"/> when RFC 8489 §14.5-§14.7 say to ignore the attribute because it follows
    /// MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 or FINGERPRINT.
    /// </summary>
    public bool IsIgnored { get; }
}

/// <summary>Enumerates a message's attributes in wire order. Obtained from <see cref="StunMessageReader.Attributes"/>.</summary>
public ref struct StunAttributeEnumerator
{
    private readonly ReadOnlySpan<byte> _message;
    private int _next;
    private bool _seenIntegrity;
    private bool _seenIntegritySha256;
    private bool _seenFingerprint;
    private StunAttributeEntry _current;

    internal StunAttributeEnumerator(ReadOnlySpan<byte> message)
    {
        _message = message;
        _next = StunConstants.HeaderLength;
    }

    /// <summary>The current attribute.</summary>
    public readonly StunAttributeEntry Current => _current;

    /// <summary>Returns this enumerator (for <c>foreach</c>).</summary>
    public readonly StunAttributeEnumerator GetEnumerator() => this;

    /// <summary>Moves to the next attribute.</summary>
    /// <returns><see langword="false"/> after the last one.</returns>
    public bool MoveNext()
    {
        // The message was validated by TryParse, so every header and padded value fits.
        if (_next >= _message.Length)
        {
            return false;
        }

        var type = BinaryPrimitives.ReadUInt16BigEndian(_message[_next..]);
        var length = BinaryPrimitives.ReadUInt16BigEndian(_message[(_next + 2)..]);
        var ignored = _seenFingerprint
            || (_seenIntegritySha256 && type != (ushort)StunAttributeType.Fingerprint)
            || (_seenIntegrity && type is not ((ushort)StunAttributeType.Fingerprint or (ushort)StunAttributeType.MessageIntegritySha256));
        if (!ignored)
        {
            _seenIntegrity |= type == (ushort)StunAttributeType.MessageIntegrity;
            _seenIntegritySha256 |= type == (ushort)StunAttributeType.MessageIntegritySha256;
            _seenFingerprint |= type == (ushort)StunAttributeType.Fingerprint;
        }

        _current = new StunAttributeEntry(type, _message.Slice(_next + 4, length), _next, ignored);
        _next += 4 + StunConstants.Pad4(length);
        return true;
    }
}
