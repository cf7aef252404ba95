using System.Buffers.Binary;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace UcStack.Stun;

/// <summary>
/// Builds one STUN message into a caller's buffer without allocating: the constructor writes the
/// header, each <c>Add…</c> method appends one attribute (and keeps the header length current), and
/// <see cref="AddMessageIntegrity"/>, <see cref="AddMessageIntegritySha256"/> and <see cref="AddFingerprint"/>
/// close the message in the order RFC 8489 §14.5-§14.7 require.
/// </summary>
/// <remarks>
/// <para>Out of space is not an exception: an <c>Add…</c> that does not fit returns <see langword="false"/>,
/// writes nothing, and the writer stays overflowed (<see cref="HasOverflowed"/>); <see cref="TryComplete"/>
/// then returns <see langword="false"/>. Ordering mistakes (any attribute after FINGERPRINT, an ordinary
/// attribute after MESSAGE-INTEGRITY) are caller bugs and throw <see cref="InvalidOperationException"/>.</para>
/// <para>Padding bytes are <see cref="PaddingByte"/> (0x00 by default); RFC 8489 §14 lets senders use
/// any value, and RFC 5769 §2.1-§2.3 use 0x20.</para>
/// </remarks>
public ref partial struct StunMessageWriter
{
    private readonly Span<byte> _buffer;
    private readonly bool _isMsTurn;
    private int _length;
    private Stage _stage;
    private bool _overflowed;

    /// <summary>Starts an RFC 8489 message: type, length 0, magic cookie, 12-byte transaction id.</summary>
    /// <param name="destination">The buffer to write into; 20 bytes or more (otherwise the writer starts overflowed).</param>
    /// <param name="type">The message type.</param>
    /// <param name="transactionId">12 bytes (see <see cref="GenerateTransactionId"/>).</param>
    /// <exception cref="ArgumentException"><paramref name="transactionId"/> is not 12 bytes long.</exception>
    public StunMessageWriter(Span<byte> destination, StunMessageType type, scoped ReadOnlySpan<byte> transactionId)
    {
        if (transactionId.Length != StunConstants.TransactionIdLength)
        {
            throw new ArgumentException("An RFC 8489 transaction id is 12 bytes long.", nameof(transactionId));
        }

        _buffer = destination;
        if (destination.Length < StunConstants.HeaderLength)
        {
            _overflowed = true;
            return;
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, type.Value);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], StunConstants.MagicCookie);
        transactionId.CopyTo(destination[8..]);
        _length = StunConstants.HeaderLength;
    }

    private StunMessageWriter(Span<byte> destination, ushort rawType, scoped ReadOnlySpan<byte> transactionId)
    {
        _buffer = destination;
        _isMsTurn = true;
        if (destination.Length < StunConstants.HeaderLength + 8)
        {
            _overflowed = true;
            return;
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, rawType);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], 0);
        transactionId.CopyTo(destination[4..]);
        _length = StunConstants.HeaderLength;

        // MS-TURN: the MAGIC-COOKIE attribute MUST be the first attribute.
        Span<byte> cookie = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(cookie, StunConstants.MsTurnMagicCookie);
        AddAttribute((ushort)StunAttributeType.MagicCookie, cookie);
    }

    private enum Stage
    {
        Attributes,
        AfterIntegrity,
        AfterIntegritySha256,
        AfterFingerprint,
    }

    /// <summary>
    /// Starts an MS-TURN cookie-less message: raw 16-bit type (MS-TURN uses pre-RFC numbers such as
    /// 0x0115), a 16-byte transaction id, and the MAGIC-COOKIE attribute first. MESSAGE-INTEGRITY is then
    /// computed over the input zero-padded to 64 bytes.
    /// </summary>
    /// <param name="destination">The buffer; 28 bytes or more (otherwise the writer starts overflowed).</param>
    /// <param name="rawType">The message type as it goes on the wire; top two bits zero.</param>
    /// <param name="transactionId">16 bytes.</param>
    /// <returns>The writer.</returns>
    /// <exception cref="ArgumentException"><paramref name="transactionId"/> is not 16 bytes, or <paramref name="rawType"/> has a top bit set.</exception>
    public static StunMessageWriter CreateMsTurn(Span<byte> destination, ushort rawType, scoped ReadOnlySpan<byte> transactionId)
    {
        if (transactionId.Length != StunConstants.MsTurnTransactionIdLength)
        {
            throw new ArgumentException("An MS-TURN transaction id is 16 bytes long.", nameof(transactionId));
        }

        if (rawType > 0x3FFF)
        {
            throw new ArgumentException("The top two bits of a STUN message type are zero.", nameof(rawType));
        }

        return new StunMessageWriter(destination, rawType, transactionId);
    }

    /// <summary>Fills <paramref name="destination"/> (12 bytes, or 16 for MS-TURN) from <see cref="RandomNumberGenerator"/> (RFC 8489 §6: uniformly and randomly chosen).</summary>
    /// <param name="destination">The transaction id buffer.</param>
    public static void GenerateTransactionId(Span<byte> destination) => RandomNumberGenerator.Fill(destination);

    /// <summary>The byte used to pad attribute values to a multiple of 4 (default 0x00).</summary>
    public byte PaddingByte { readonly get; set; }

    /// <summary>Bytes written so far (the message length once complete).</summary>
    public readonly int BytesWritten => _length;

    /// <summary><see langword="true"/> once an attribute did not fit in the buffer.</summary>
    public readonly bool HasOverflowed => _overflowed;

    /// <summary>The bytes written so far.</summary>
    public readonly ReadOnlySpan<byte> WrittenSpan => _buffer[.._length];

    /// <summary>Finishes the message.</summary>
    /// <param name="bytesWritten">The message length, or 0 when the buffer was too small.</param>
    /// <returns><see langword="false"/> when any attribute did not fit.</returns>
    public readonly bool TryComplete(out int bytesWritten)
    {
        bytesWritten = _overflowed ? 0 : _length;
        return !_overflowed;
    }

    /// <summary>Finishes the message and returns its length.</summary>
    /// <returns>The message length.</returns>
    /// <exception cref="InvalidOperationException">An attribute did not fit in the buffer.</exception>
    public readonly int Complete() => _overflowed ? ThrowOverflowed() : _length;

    /// <summary>Appends an attribute with an arbitrary type and value.</summary>
    /// <param name="type">The attribute type.</param>
    /// <param name="value">The value (padding is added).</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="InvalidOperationException">The message already has MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 or FINGERPRINT.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> is longer than 65531 bytes.</exception>
    public bool AddAttribute(ushort type, scoped ReadOnlySpan<byte> value)
    {
        if (value.Length > ushort.MaxValue - 4)
        {
            throw new ArgumentException("An attribute value cannot exceed the message length field.", nameof(value));
        }

        if (!TryReserve(type, value.Length, Stage.Attributes, out var destination))
        {
            return false;
        }

        value.CopyTo(destination);
        return true;
    }

    /// <summary>Appends an attribute with an arbitrary type and value.</summary>
    /// <param name="type">The attribute type.</param>
    /// <param name="value">The value (padding is added).</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="InvalidOperationException">The message already has MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 or FINGERPRINT.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> is longer than 65531 bytes.</exception>
    public bool AddAttribute(StunAttributeType type, scoped ReadOnlySpan<byte> value) => AddAttribute((ushort)type, value);

    /// <summary>
    /// Checks the ordering rules, then reserves header + padded value and returns the value span. On
    /// overflow, nothing is written and false is returned.
    /// </summary>
    private bool TryReserve(ushort type, int valueLength, Stage required, out Span<byte> value)
    {
        EnsureOrder(required);
        var total = StunConstants.AttributeHeaderLength + StunConstants.Pad4(valueLength);
        if (_overflowed || _length + total > _buffer.Length || _length + total - StunConstants.HeaderLength > StunConstants.MaxBodyLength)
        {
            _overflowed = true;
            value = default;
            return false;
        }

        var start = _length;
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[start..], type);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[(start + 2)..], (ushort)valueLength);
        _buffer.Slice(start + StunConstants.AttributeHeaderLength + valueLength, StunConstants.Pad4(valueLength) - valueLength).Fill(PaddingByte);
        _length += total;
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], (ushort)(_length - StunConstants.HeaderLength));
        value = _buffer.Slice(start + StunConstants.AttributeHeaderLength, valueLength);
        return true;
    }

    private readonly void EnsureOrder(Stage required)
    {
        // RFC 8489 §14.7: FINGERPRINT MUST be the last attribute.
        if (_stage == Stage.AfterFingerprint)
        {
            ThrowOrder("No attribute may follow FINGERPRINT (RFC 8489 §14.7).");
        }

        // RFC 8489 §14.5/§14.6: only MESSAGE-INTEGRITY-SHA256 and FINGERPRINT may follow MESSAGE-INTEGRITY; only FINGERPRINT may follow MESSAGE-INTEGRITY-SHA256.
        var allowed = required switch
        {
            Stage.Attributes => _stage == Stage.Attributes,
            Stage.AfterIntegrity => _stage == Stage.Attributes,
            Stage.AfterIntegritySha256 => _stage is Stage.Attributes or Stage.AfterIntegrity,
            _ => true,
        };
        if (!allowed)
        {
            ThrowOrder(_stage == Stage.AfterIntegritySha256
                ? "Only FINGERPRINT may follow MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6)."
                : "Only MESSAGE-INTEGRITY-SHA256 and FINGERPRINT may follow MESSAGE-INTEGRITY (RFC 8489 §14.5).");
        }
    }

    [DoesNotReturn]
    [StackTraceHidden]
    private static void ThrowOrder(string message) => throw new InvalidOperationException(message);

    [DoesNotReturn]
    [StackTraceHidden]
    private static int ThrowOverflowed() => throw new InvalidOperationException("The destination buffer is too small for the message.");
}
