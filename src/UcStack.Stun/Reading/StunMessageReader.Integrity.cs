using System.Buffers.Binary;
using System.Security.Cryptography;
using UcStack.Stun.Crypto;

namespace UcStack.Stun;

public readonly ref partial struct StunMessageReader
{
    /// <summary>
    /// Checks MESSAGE-INTEGRITY (RFC 8489 §14.5): HMAC-SHA1 over the message up to the attribute, with
    /// the header length field set as if MESSAGE-INTEGRITY were the last attribute. In an MS-TURN message
    /// the HMAC input is zero-padded to a multiple of 64 bytes (MS-TURN, RFC 3489 style). The comparison
    /// takes constant time. Allocates nothing.
    /// </summary>
    /// <param name="key">The credential's key.</param>
    /// <returns>Absent, Ok or Failed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="key"/> was disposed.</exception>
    public StunVerification VerifyMessageIntegrity(StunIntegrityKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_integrityOffset < 0)
        {
            return StunVerification.Absent;
        }

        Span<byte> mac = stackalloc byte[StunConstants.MessageIntegrityLength];
        var lengthField = _integrityOffset + StunConstants.AttributeHeaderLength + StunConstants.MessageIntegrityLength - StunConstants.HeaderLength;
        key.ComputeHmacSha1(_message[.._integrityOffset], lengthField, _isMsTurn, mac);
        var received = _message.Slice(_integrityOffset + StunConstants.AttributeHeaderLength, StunConstants.MessageIntegrityLength);
        return CryptographicOperations.FixedTimeEquals(mac, received) ? StunVerification.Ok : StunVerification.Failed;
    }

    /// <summary>
    /// Checks MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6): HMAC-SHA256 over the message up to the attribute
    /// (a preceding MESSAGE-INTEGRITY included), header length adjusted likewise, compared in constant
    /// time over the attribute's (possibly truncated) length.
    /// </summary>
    /// <param name="key">The credential's key.</param>
    /// <returns>Absent, Ok or Failed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="key"/> was disposed.</exception>
    public StunVerification VerifyMessageIntegritySha256(StunIntegrityKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_integritySha256Offset < 0)
        {
            return StunVerification.Absent;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(_message[(_integritySha256Offset + 2)..]);
        Span<byte> mac = stackalloc byte[32];
        var lengthField = _integritySha256Offset + StunConstants.AttributeHeaderLength + length - StunConstants.HeaderLength;
        key.ComputeHmacSha256(_message[.._integritySha256Offset], lengthField, mac);
        var received = _message.Slice(_integritySha256Offset + StunConstants.AttributeHeaderLength, length);
        return CryptographicOperations.FixedTimeEquals(mac[..length], received) ? StunVerification.Ok : StunVerification.Failed;
    }

    /// <summary>
    /// Checks FINGERPRINT (RFC 8489 §14.7): CRC-32 of the message up to the attribute, with the header
    /// length covering FINGERPRINT, XORed with 0x5354554E.
    /// </summary>
    /// <returns>Absent, Ok or Failed.</returns>
    public StunVerification VerifyFingerprint()
    {
        if (_fingerprintOffset < 0)
        {
            return StunVerification.Absent;
        }

        var expected = ComputeFingerprint(_message[.._fingerprintOffset], _fingerprintOffset + 8 - StunConstants.HeaderLength);
        var received = BinaryPrimitives.ReadUInt32BigEndian(_message[(_fingerprintOffset + 4)..]);
        return expected == received ? StunVerification.Ok : StunVerification.Failed;
    }

    /// <summary>FINGERPRINT value over <paramref name="prefix"/> with the header length field replaced.</summary>
    internal static uint ComputeFingerprint(ReadOnlySpan<byte> prefix, int lengthField)
    {
        Span<byte> header = stackalloc byte[StunConstants.HeaderLength];
        prefix[..StunConstants.HeaderLength].CopyTo(header);
        header[2] = (byte)(lengthField >> 8);
        header[3] = (byte)lengthField;
        var crc = Crc32.Append(Crc32.Compute(header), prefix[StunConstants.HeaderLength..]);
        return crc ^ StunConstants.FingerprintXor;
    }
}
