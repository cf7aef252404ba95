using System.Buffers.Binary;

namespace UcStack.Stun;

public ref partial struct StunMessageWriter
{
    /// <summary>
    /// Appends MESSAGE-INTEGRITY (RFC 8489 §14.5): HMAC-SHA1 with <paramref name="key"/> over the message
    /// so far, with the header length already covering this attribute. MS-TURN messages zero-pad the HMAC
    /// input to a multiple of 64 bytes.
    /// </summary>
    /// <param name="key">The credential's key.</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The message already has an integrity attribute or FINGERPRINT.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="key"/> was disposed.</exception>
    public bool AddMessageIntegrity(StunIntegrityKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var start = _length;
        if (!TryReserve((ushort)StunAttributeType.MessageIntegrity, StunConstants.MessageIntegrityLength, Stage.AfterIntegrity, out var mac))
        {
            return false;
        }

        _stage = Stage.AfterIntegrity;
        key.ComputeHmacSha1(_buffer[..start], _length - StunConstants.HeaderLength, _isMsTurn, mac);
        return true;
    }

    /// <summary>
    /// Appends MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6): HMAC-SHA256 over the message so far (a
    /// MESSAGE-INTEGRITY before it included), truncated to <paramref name="length"/> bytes.
    /// </summary>
    /// <param name="key">The credential's key.</param>
    /// <param name="length">16 to 32, a multiple of 4 (default 32).</param>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is not 16, 20, 24, 28 or 32.</exception>
    /// <exception cref="InvalidOperationException">The message already has MESSAGE-INTEGRITY-SHA256 or FINGERPRINT.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="key"/> was disposed.</exception>
    public bool AddMessageIntegritySha256(StunIntegrityKey key, int length = 32)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (length is < StunConstants.MessageIntegritySha256MinLength or > StunConstants.MessageIntegritySha256MaxLength || (length & 3) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "RFC 8489 §14.6: 16 to 32 bytes, a multiple of 4.");
        }

        var start = _length;
        if (!TryReserve((ushort)StunAttributeType.MessageIntegritySha256, length, Stage.AfterIntegritySha256, out var value))
        {
            return false;
        }

        _stage = Stage.AfterIntegritySha256;
        Span<byte> mac = stackalloc byte[32];
        key.ComputeHmacSha256(_buffer[..start], _length - StunConstants.HeaderLength, mac);
        mac[..length].CopyTo(value);
        return true;
    }

    /// <summary>Appends FINGERPRINT (RFC 8489 §14.7): CRC-32 of the message so far XOR 0x5354554E. Nothing may follow it.</summary>
    /// <returns><see langword="false"/> when it does not fit.</returns>
    /// <exception cref="InvalidOperationException">The message already has FINGERPRINT.</exception>
    public bool AddFingerprint()
    {
        var start = _length;
        if (!TryReserve((ushort)StunAttributeType.Fingerprint, StunConstants.FingerprintLength, Stage.AfterFingerprint, out var value))
        {
            return false;
        }

        _stage = Stage.AfterFingerprint;
        BinaryPrimitives.WriteUInt32BigEndian(value, StunMessageReader.ComputeFingerprint(_buffer[..start], _length - StunConstants.HeaderLength));
        return true;
    }
}
