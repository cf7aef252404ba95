using System.Buffers.Binary;
using System.Security.Cryptography;

namespace UcStack.Srtp;

/// <summary>SRTCP: protecting and unprotecting RTCP packets (RFC 3711 §3.4; RFC 7714 §9, §17).</summary>
public sealed partial class SrtpContext
{
    private const uint EncryptedFlag = 0x8000_0000;

    /// <summary>
    /// Protects the RTCP (compound) packet in <paramref name="buffer"/>[..<paramref name="packetLength"/>] in place
    /// (RFC 3711 §3.4): everything after the first 8 octets is encrypted, then the E flag and 31-bit SRTCP index,
    /// MKI and tag are appended. For AES-CM the layout is packet || E+index || MKI || tag; for AEAD it is
    /// header || ciphertext || tag || E+index || MKI (RFC 7714 §9, §17). Each SSRC's SRTCP index starts at 0.
    /// </summary>
    /// <param name="buffer">Holds the packet and has at least <see cref="RtcpTrailerLength"/> spare octets after it.</param>
    /// <param name="packetLength">Length of the plain RTCP packet at the start of <paramref name="buffer"/>.</param>
    /// <param name="protectedLength">Length of the SRTCP packet on success, else 0.</param>
    /// <returns>
    /// <see cref="SrtpStatus.Ok"/>, or <see cref="SrtpStatus.Malformed"/>, <see cref="SrtpStatus.BufferTooSmall"/>,
    /// <see cref="SrtpStatus.KeyLifetimeExceeded"/> (also when the SSRC used up its 2^31 SRTCP indices) or
    /// <see cref="SrtpStatus.SsrcLimitReached"/>.
    /// </returns>
    /// <exception cref="ObjectDisposedException">The context was disposed.</exception>
    public SrtpStatus ProtectRtcp(Span<byte> buffer, int packetLength, out int protectedLength)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        protectedLength = 0;
        if ((uint)packetLength > (uint)buffer.Length || !SrtpHeaderWalk.IsRtcpHeaderValid(buffer[..packetLength]))
        {
            return SrtpStatus.Malformed;
        }

        var trailerLength = RtcpTrailerLength;
        if (buffer.Length - packetLength < trailerLength)
        {
            return SrtpStatus.BufferTooSmall;
        }

        var ssrc = SrtpHeaderWalk.ReadRtcpSsrc(buffer);
        if (!_streams.TryGetValue(ssrc, out var stream) && _streams.Count >= _maxSsrcCount)
        {
            return SrtpStatus.SsrcLimitReached;
        }

        // RFC 3711 §3.4 / §9.2: the SRTCP index is 31 bits and must not wrap under one master key.
        var index = stream?.NextRtcpIndex ?? 0;
        if (index > SrtpIndexEstimator.MaxRtcpIndex)
        {
            return SrtpStatus.KeyLifetimeExceeded;
        }

        var slot = SelectProtectKey(rtcp: true);
        if (slot is null)
        {
            return SrtpStatus.KeyLifetimeExceeded;
        }

        var keys = slot.Rtcp.For(index);
        var word = (_encryptRtcp ? EncryptedFlag : 0) | index;
        var tagLength = _suite.SrtcpTagLength;
        if (_suite.IsAead)
        {
            var nonce = keys.FormGcmNonce(ssrc, index);
            var wordStart = packetLength + tagLength;
            if (_encryptRtcp)
            {
                // RFC 7714 §9.2: AAD = the first 8 octets || E+index; the rest of the packet is encrypted.
                Span<byte> aad = stackalloc byte[12];
                buffer[..8].CopyTo(aad);
                BinaryPrimitives.WriteUInt32BigEndian(aad[8..], word);
                keys.GcmEncrypt(nonce, aad, buffer[8..packetLength], buffer.Slice(packetLength, tagLength));
            }
            else
            {
                // RFC 7714 §9.3 (E = 0): AAD = the whole packet || E+index, nothing encrypted. The word is put
                // right after the packet so the AAD is contiguous, then moved behind the tag.
                BinaryPrimitives.WriteUInt32BigEndian(buffer[packetLength..], word);
                Span<byte> tag = stackalloc byte[16];
                keys.GcmEncrypt(nonce, buffer[..(packetLength + 4)], [], tag);
                tag.CopyTo(buffer[packetLength..]);
            }

            BinaryPrimitives.WriteUInt32BigEndian(buffer[wordStart..], word);
            slot.Mki.CopyTo(buffer[(wordStart + 4)..]);
        }
        else
        {
            if (_encryptRtcp)
            {
                keys.TransformCounterMode(ssrc, index, buffer[8..packetLength]);
            }

            // RFC 3711 §3.4: E+index is authenticated; the MKI is not; the tag covers packet || E+index.
            BinaryPrimitives.WriteUInt32BigEndian(buffer[packetLength..], word);
            slot.Mki.CopyTo(buffer[(packetLength + 4)..]);
            Span<byte> mac = stackalloc byte[20];
            keys.ComputeMac(buffer[..(packetLength + 4)], [], mac);
            mac[..tagLength].CopyTo(buffer[(packetLength + 4 + _mkiLength)..]);
        }

        slot.Rtcp.Confirm(keys);
        stream ??= GetOrAddStream(ssrc)!;
        stream.NextRtcpIndex = index + 1;
        slot.CountRtcp();
        protectedLength = packetLength + trailerLength;
        return SrtpStatus.Ok;
    }

    /// <summary>
    /// Verifies and, when its E flag is set, decrypts the SRTCP packet that fills <paramref name="buffer"/>, in place
    /// (RFC 3711 §3.4). Replay is checked per SSRC on the SRTCP index before authentication and recorded after.
    /// </summary>
    /// <param name="buffer">Exactly the received SRTCP packet.</param>
    /// <param name="packetLength">Length of the plain RTCP packet at the start of <paramref name="buffer"/> on success, else 0.</param>
    /// <returns>
    /// <see cref="SrtpStatus.Ok"/>, or why the packet must be dropped: <see cref="SrtpStatus.Malformed"/>,
    /// <see cref="SrtpStatus.UnknownMki"/>, <see cref="SrtpStatus.Replayed"/>, <see cref="SrtpStatus.TooOld"/>,
    /// <see cref="SrtpStatus.KeyLifetimeExceeded"/>, <see cref="SrtpStatus.SsrcLimitReached"/> or
    /// <see cref="SrtpStatus.AuthenticationFailed"/>.
    /// </returns>
    /// <exception cref="ObjectDisposedException">The context was disposed.</exception>
    public SrtpStatus UnprotectRtcp(Span<byte> buffer, out int packetLength)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        packetLength = 0;
        var tagLength = _suite.SrtcpTagLength;
        if (buffer.Length < SrtpHeaderWalk.RtcpClearHeaderLength + 4 + _mkiLength + tagLength)
        {
            return SrtpStatus.Malformed;
        }

        int rtcpLength, wordStart, mkiStart, tagStart;
        if (_suite.IsAead)
        {
            mkiStart = buffer.Length - _mkiLength;
            wordStart = mkiStart - 4;
            tagStart = wordStart - tagLength;
            rtcpLength = tagStart;
        }
        else
        {
            tagStart = buffer.Length - tagLength;
            mkiStart = tagStart - _mkiLength;
            wordStart = mkiStart - 4;
            rtcpLength = wordStart;
        }

        if (!SrtpHeaderWalk.IsRtcpHeaderValid(buffer[..rtcpLength]))
        {
            return SrtpStatus.Malformed;
        }

        var slot = SelectUnprotectKey(buffer.Slice(mkiStart, _mkiLength));
        if (slot is null)
        {
            return SrtpStatus.UnknownMki;
        }

        var word = BinaryPrimitives.ReadUInt32BigEndian(buffer[wordStart..]);
        var encrypted = (word & EncryptedFlag) != 0;
        var index = word & SrtpIndexEstimator.MaxRtcpIndex;
        var ssrc = SrtpHeaderWalk.ReadRtcpSsrc(buffer);
        if (_streams.TryGetValue(ssrc, out var stream))
        {
            if (stream.Rtcp is { IsStarted: true } window)
            {
                var replay = window.Check(index);
                if (replay != SrtpStatus.Ok)
                {
                    return replay;
                }
            }
        }
        else if (_streams.Count >= _maxSsrcCount)
        {
            return SrtpStatus.SsrcLimitReached;
        }

        if (!slot.CanProcessRtcp)
        {
            return SrtpStatus.KeyLifetimeExceeded;
        }

        var keys = slot.Rtcp.For(index);
        if (_suite.IsAead)
        {
            var nonce = keys.FormGcmNonce(ssrc, index);
            Span<byte> tag = stackalloc byte[16];
            buffer.Slice(tagStart, tagLength).CopyTo(tag);
            bool verified;
            if (encrypted)
            {
                Span<byte> aad = stackalloc byte[12];
                buffer[..8].CopyTo(aad);
                BinaryPrimitives.WriteUInt32BigEndian(aad[8..], word);
                verified = keys.GcmDecrypt(nonce, aad, buffer[8..rtcpLength], tag);
            }
            else
            {
                // RFC 7714 §9.3: AAD = packet || E+index; move the word next to the packet to make it contiguous.
                BinaryPrimitives.WriteUInt32BigEndian(buffer[rtcpLength..], word);
                verified = keys.GcmDecrypt(nonce, buffer[..(rtcpLength + 4)], [], tag);
            }

            if (!verified)
            {
                return SrtpStatus.AuthenticationFailed;
            }
        }
        else
        {
            Span<byte> mac = stackalloc byte[20];
            keys.ComputeMac(buffer[..(rtcpLength + 4)], [], mac);
            if (!CryptographicOperations.FixedTimeEquals(mac[..tagLength], buffer.Slice(tagStart, tagLength)))
            {
                return SrtpStatus.AuthenticationFailed;
            }

            if (encrypted)
            {
                keys.TransformCounterMode(ssrc, index, buffer[8..rtcpLength]);
            }
        }

        slot.Rtcp.Confirm(keys);
        stream ??= GetOrAddStream(ssrc)!;
        stream.RtcpWindow().Commit(index);
        slot.CountRtcp();
        packetLength = rtcpLength;
        return SrtpStatus.Ok;
    }
}
