using System.Buffers.Binary;
using System.Security.Cryptography;

namespace UcStack.Srtp;

/// <summary>SRTP: protecting and unprotecting RTP packets (RFC 3711 §3.3, §3.4; RFC 7714 §8).</summary>
public sealed partial class SrtpContext
{
    /// <summary>
    /// Protects the RTP packet in <paramref name="buffer"/>[..<paramref name="packetLength"/>] in place: encrypts the
    /// payload and appends MKI and tag (RFC 3711 §3.3). For AES-CM the layout is packet || MKI || tag (§3.1); for
    /// AEAD it is header || ciphertext || tag || MKI (RFC 7714 §8, as libsrtp does).
    /// </summary>
    /// <param name="buffer">Holds the packet and has at least <see cref="RtpTrailerLength"/> spare octets after it.</param>
    /// <param name="packetLength">Length of the plain RTP packet at the start of <paramref name="buffer"/>.</param>
    /// <param name="protectedLength">Length of the SRTP packet on success, else 0.</param>
    /// <returns>
    /// <see cref="SrtpStatus.Ok"/>, or why nothing was protected: <see cref="SrtpStatus.Malformed"/>,
    /// <see cref="SrtpStatus.BufferTooSmall"/>, <see cref="SrtpStatus.Replayed"/> / <see cref="SrtpStatus.TooOld"/>
    /// (this index was already used: encrypting twice under one keystream is refused),
    /// <see cref="SrtpStatus.KeyLifetimeExceeded"/> or <see cref="SrtpStatus.SsrcLimitReached"/>.
    /// </returns>
    /// <exception cref="ObjectDisposedException">The context was disposed.</exception>
    public SrtpStatus ProtectRtp(Span<byte> buffer, int packetLength, out int protectedLength)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        protectedLength = 0;
        if ((uint)packetLength > (uint)buffer.Length || !SrtpHeaderWalk.TryGetRtpHeaderLength(buffer[..packetLength], out var headerLength))
        {
            return SrtpStatus.Malformed;
        }

        var trailerLength = RtpTrailerLength;
        if (buffer.Length - packetLength < trailerLength)
        {
            return SrtpStatus.BufferTooSmall;
        }

        var ssrc = SrtpHeaderWalk.ReadRtpSsrc(buffer);
        var status = EstimateRtpIndex(ssrc, SrtpHeaderWalk.ReadRtpSequence(buffer), out var stream, out var index);
        if (status != SrtpStatus.Ok)
        {
            return status;
        }

        var slot = SelectProtectKey(rtcp: false);
        if (slot is null)
        {
            return SrtpStatus.KeyLifetimeExceeded;
        }

        var keys = slot.Rtp.For(index);
        if (_suite.IsAead)
        {
            // RFC 7714 §8.2: AAD is the RTP header, the payload is encrypted, the 16-octet tag follows it.
            var nonce = keys.FormGcmNonce(ssrc, index);
            var tag = buffer.Slice(packetLength, _suite.SrtpTagLength);
            if (_encryptRtp)
            {
                keys.GcmEncrypt(nonce, buffer[..headerLength], buffer[headerLength..packetLength], tag);
            }
            else
            {
                // RFC 7714 §16.1.3: authentication only, the whole packet is AAD and the plaintext is empty.
                keys.GcmEncrypt(nonce, buffer[..packetLength], [], tag);
            }

            slot.Mki.CopyTo(buffer[(packetLength + _suite.SrtpTagLength)..]);
        }
        else
        {
            if (_encryptRtp)
            {
                keys.TransformCounterMode(ssrc, index, buffer[headerLength..packetLength]);
            }

            // RFC 3711 §3.1: the MKI follows the encrypted portion and is not authenticated.
            slot.Mki.CopyTo(buffer[packetLength..]);

            // RFC 3711 §4.2: the tag is HMAC-SHA1 over the authenticated portion || ROC, truncated.
            Span<byte> roc = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(roc, (uint)(index >> 16));
            Span<byte> mac = stackalloc byte[20];
            keys.ComputeMac(buffer[..packetLength], roc, mac);
            mac[.._suite.SrtpTagLength].CopyTo(buffer[(packetLength + _mkiLength)..]);
        }

        slot.Rtp.Confirm(keys);
        stream ??= GetOrAddStream(ssrc)!;
        stream.RtpWindow().Commit(index);
        slot.CountRtp();
        protectedLength = packetLength + trailerLength;
        return SrtpStatus.Ok;
    }

    /// <summary>
    /// Verifies and decrypts the SRTP packet that fills <paramref name="buffer"/>, in place (RFC 3711 §3.3).
    /// The replay window is checked before and updated only after the tag verified (§3.3.2); the SSRC's state is
    /// created only once a packet authenticates.
    /// </summary>
    /// <param name="buffer">Exactly the received SRTP packet.</param>
    /// <param name="packetLength">Length of the plain RTP packet (header and payload) at the start of <paramref name="buffer"/> on success, else 0.</param>
    /// <returns>
    /// <see cref="SrtpStatus.Ok"/>, or why the packet must be dropped: <see cref="SrtpStatus.Malformed"/>,
    /// <see cref="SrtpStatus.UnknownMki"/>, <see cref="SrtpStatus.Replayed"/>, <see cref="SrtpStatus.TooOld"/>,
    /// <see cref="SrtpStatus.KeyLifetimeExceeded"/>, <see cref="SrtpStatus.SsrcLimitReached"/> or
    /// <see cref="SrtpStatus.AuthenticationFailed"/>.
    /// </returns>
    /// <exception cref="ObjectDisposedException">The context was disposed.</exception>
    public SrtpStatus UnprotectRtp(Span<byte> buffer, out int packetLength)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        packetLength = 0;
        var tagLength = _suite.SrtpTagLength;
        if (buffer.Length < SrtpHeaderWalk.RtpFixedHeaderLength + tagLength + _mkiLength)
        {
            return SrtpStatus.Malformed;
        }

        int rtpLength, mkiStart, tagStart;
        if (_suite.IsAead)
        {
            mkiStart = buffer.Length - _mkiLength;
            tagStart = mkiStart - tagLength;
            rtpLength = tagStart;
        }
        else
        {
            tagStart = buffer.Length - tagLength;
            mkiStart = tagStart - _mkiLength;
            rtpLength = mkiStart;
        }

        if (!SrtpHeaderWalk.TryGetRtpHeaderLength(buffer[..rtpLength], out var headerLength))
        {
            return SrtpStatus.Malformed;
        }

        var slot = SelectUnprotectKey(buffer.Slice(mkiStart, _mkiLength));
        if (slot is null)
        {
            return SrtpStatus.UnknownMki;
        }

        var ssrc = SrtpHeaderWalk.ReadRtpSsrc(buffer);
        var status = EstimateRtpIndex(ssrc, SrtpHeaderWalk.ReadRtpSequence(buffer), out var stream, out var index);
        if (status != SrtpStatus.Ok)
        {
            return status;
        }

        if (!slot.CanProcessRtp)
        {
            return SrtpStatus.KeyLifetimeExceeded;
        }

        var keys = slot.Rtp.For(index);
        if (_suite.IsAead)
        {
            var nonce = keys.FormGcmNonce(ssrc, index);
            var tag = buffer.Slice(tagStart, tagLength);
            var verified = _encryptRtp
                ? keys.GcmDecrypt(nonce, buffer[..headerLength], buffer[headerLength..rtpLength], tag)
                : keys.GcmDecrypt(nonce, buffer[..rtpLength], [], tag);
            if (!verified)
            {
                return SrtpStatus.AuthenticationFailed;
            }
        }
        else
        {
            Span<byte> roc = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(roc, (uint)(index >> 16));
            Span<byte> mac = stackalloc byte[20];
            keys.ComputeMac(buffer[..rtpLength], roc, mac);

            // RFC 3711 §3.3 step 5: compare the computed tag with the received one, in constant time.
            if (!CryptographicOperations.FixedTimeEquals(mac[..tagLength], buffer.Slice(tagStart, tagLength)))
            {
                return SrtpStatus.AuthenticationFailed;
            }

            if (_encryptRtp)
            {
                keys.TransformCounterMode(ssrc, index, buffer[headerLength..rtpLength]);
            }
        }

        slot.Rtp.Confirm(keys);
        stream ??= GetOrAddStream(ssrc)!;
        stream.RtpWindow().Commit(index);
        slot.CountRtp();
        packetLength = rtpLength;
        return SrtpStatus.Ok;
    }

    /// <summary>
    /// Finds the packet index (RFC 3711 §3.3.1) and checks it against the replay window (§3.3.2) without changing
    /// anything. Without state for the SSRC yet, ROC is 0 and the sequence number starts the stream.
    /// </summary>
    private SrtpStatus EstimateRtpIndex(uint ssrc, ushort seq, out SrtpStreamState? stream, out ulong index)
    {
        if (!_streams.TryGetValue(ssrc, out stream))
        {
            index = seq;
            return _streams.Count >= _maxSsrcCount ? SrtpStatus.SsrcLimitReached : SrtpStatus.Ok;
        }

        if (stream.Rtp is not { IsStarted: true } window)
        {
            index = seq;
            return SrtpStatus.Ok;
        }

        var status = SrtpIndexEstimator.Estimate(window.Highest, seq, out index);
        return status != SrtpStatus.Ok ? status : window.Check(index);
    }
}
