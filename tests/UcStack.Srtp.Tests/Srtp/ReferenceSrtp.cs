using System.Buffers.Binary;
using System.Security.Cryptography;

namespace UcStack.Srtp.Tests.Srtp;

/// <summary>
/// An independent, deliberately plain AES-CM + HMAC-SHA1 SRTP/SRTCP implementation for known-answer tests, built
/// only on BCL <see cref="Aes"/> (ECB for the keystream) and <see cref="HMACSHA1"/>, straight from RFC 3711
/// §4.1.1, §4.2.1, §4.3 and §3.4. It shares no code with the library.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "RFC 3711 §4.2.1 mandates HMAC-SHA1; this is the reference it is checked against.")]
internal static class ReferenceSrtp
{
    /// <summary>RFC 3711 §4.3.1 / §4.3.3: AES-CM PRF keyed by the master key, IV = (label||r XOR salt)·2^16.</summary>
    public static byte[] Derive(byte[] masterKey, byte[] masterSalt, byte label, ulong index, ulong kdr, int length)
    {
        var r = kdr == 0 ? 0 : index / kdr;
        var x = new byte[16];
        masterSalt.CopyTo(x, 0);
        var keyId = new byte[7];
        keyId[0] = label;
        for (var i = 0; i < 6; i++)
        {
            keyId[1 + i] = (byte)(r >> (40 - (8 * i)));
        }

        for (var i = 0; i < 7; i++)
        {
            x[7 + i] ^= keyId[i];
        }

        return Keystream(masterKey, x, length);
    }

    /// <summary>E(k, IV) || E(k, IV+1) || … with a 128-bit big-endian counter.</summary>
    public static byte[] Keystream(byte[] key, byte[] iv, int length)
    {
        using var aes = Aes.Create();
        aes.Key = key;
        var blocks = (length + 15) / 16;
        var counters = new byte[blocks * 16];
        var counter = (UInt128)BinaryPrimitives.ReadUInt64BigEndian(iv) << 64 | BinaryPrimitives.ReadUInt64BigEndian(iv.AsSpan(8));
        for (var i = 0; i < blocks; i++)
        {
            BinaryPrimitives.WriteUInt64BigEndian(counters.AsSpan(i * 16), (ulong)(counter >> 64));
            BinaryPrimitives.WriteUInt64BigEndian(counters.AsSpan((i * 16) + 8), (ulong)counter);
            counter++;
        }

        return aes.EncryptEcb(counters, PaddingMode.None)[..length];
    }

    /// <summary>RFC 3711 §4.1.1: IV = (k_s·2^16) XOR (SSRC·2^64) XOR (i·2^16).</summary>
    public static byte[] CounterIv(byte[] sessionSalt, uint ssrc, ulong index)
    {
        var iv = new byte[16];
        sessionSalt.CopyTo(iv, 0);
        for (var i = 0; i < 4; i++)
        {
            iv[4 + i] ^= (byte)(ssrc >> (24 - (8 * i)));
        }

        for (var i = 0; i < 6; i++)
        {
            iv[8 + i] ^= (byte)(index >> (40 - (8 * i)));
        }

        return iv;
    }

    /// <summary>Protects one RTP packet (header length given) with index <paramref name="index"/>; layout packet || MKI || tag.</summary>
    public static byte[] ProtectRtp(SrtpSuite suite, byte[] masterKey, byte[] masterSalt, byte[] packet, int headerLength, ulong index, byte[] mki, ulong kdr = 0, bool nullCipher = false)
    {
        var key = Derive(masterKey, masterSalt, 0x00, index, kdr, suite.MasterKeyLength);
        var auth = Derive(masterKey, masterSalt, 0x01, index, kdr, 20);
        var salt = Derive(masterKey, masterSalt, 0x02, index, kdr, 14);
        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(8));
        var output = (byte[])packet.Clone();
        if (!nullCipher)
        {
            var stream = Keystream(key, CounterIv(salt, ssrc, index), packet.Length - headerLength);
            for (var i = headerLength; i < packet.Length; i++)
            {
                output[i] ^= stream[i - headerLength];
            }
        }

        var roc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(roc, (uint)(index >> 16));
        var tag = HMACSHA1.HashData(auth, (byte[])[.. output, .. roc])[..suite.SrtpTagLength];
        return [.. output, .. mki, .. tag];
    }

    /// <summary>Protects one RTCP packet with SRTCP index <paramref name="index"/>; layout packet || E+index || MKI || tag.</summary>
    public static byte[] ProtectRtcp(SrtpSuite suite, byte[] masterKey, byte[] masterSalt, byte[] packet, uint index, byte[] mki, ulong kdr = 0)
    {
        var key = Derive(masterKey, masterSalt, 0x03, index, kdr, suite.MasterKeyLength);
        var auth = Derive(masterKey, masterSalt, 0x04, index, kdr, 20);
        var salt = Derive(masterKey, masterSalt, 0x05, index, kdr, 14);
        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(4));
        var output = (byte[])packet.Clone();
        var stream = Keystream(key, CounterIv(salt, ssrc, index), packet.Length - 8);
        for (var i = 8; i < packet.Length; i++)
        {
            output[i] ^= stream[i - 8];
        }

        var word = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, 0x8000_0000u | index);
        var tag = HMACSHA1.HashData(auth, (byte[])[.. output, .. word])[..suite.SrtcpTagLength];
        return [.. output, .. word, .. mki, .. tag];
    }
}
