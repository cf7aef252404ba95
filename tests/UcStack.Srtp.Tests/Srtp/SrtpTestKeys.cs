using System.Security.Cryptography;

namespace UcStack.Srtp.Tests.Srtp;

/// <summary>Builds policies and contexts for tests.</summary>
internal static class SrtpTestKeys
{
    /// <summary>A deterministic master key and salt for <paramref name="suite"/>, varied by <paramref name="seed"/>.</summary>
    public static byte[] KeyMaterial(SrtpSuite suite, int seed = 1)
    {
        var material = new byte[suite.KeyMaterialLength];
        for (var i = 0; i < material.Length; i++)
        {
            material[i] = (byte)((seed * 31) + (i * 7) + 1);
        }

        return material;
    }

    public static SrtpMasterKey MasterKey(SrtpSuite suite, int seed = 1, byte[]? mki = null, ulong? lifetime = null)
    {
        var material = KeyMaterial(suite, seed);
        return new SrtpMasterKey(material.AsSpan(0, suite.MasterKeyLength), material.AsSpan(suite.MasterKeyLength), mki ?? [], lifetime);
    }

    public static SrtpPolicy Policy(SrtpSuite suite, byte[]? mki = null, ulong? lifetime = null) =>
        new(suite, MasterKey(suite, 1, mki, lifetime));

    /// <summary>A sender and a receiver context over the same policy.</summary>
    public static (SrtpContext Sender, SrtpContext Receiver) Pair(SrtpPolicy policy) => (new SrtpContext(policy), new SrtpContext(policy));

    /// <summary>An RTP packet: 12-byte header with the given fields, optional CSRCs and extension, then the payload.</summary>
    public static byte[] RtpPacket(ushort seq, uint ssrc, ReadOnlySpan<byte> payload, int csrcCount = 0, int extensionWords = -1, uint timestamp = 0x01020304)
    {
        var extension = extensionWords >= 0 ? 4 + (4 * extensionWords) : 0;
        var packet = new byte[12 + (4 * csrcCount) + extension + payload.Length];
        packet[0] = (byte)(0x80 | (extensionWords >= 0 ? 0x10 : 0) | csrcCount);
        packet[1] = 0x60;
        packet[2] = (byte)(seq >> 8);
        packet[3] = (byte)seq;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), timestamp);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        var offset = 12;
        for (var i = 0; i < csrcCount; i++, offset += 4)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(offset), 0xC0000000u + (uint)i);
        }

        if (extensionWords >= 0)
        {
            packet[offset] = 0xBE;
            packet[offset + 1] = 0xDE;
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(offset + 2), (ushort)extensionWords);
            for (var i = 0; i < 4 * extensionWords; i++)
            {
                packet[offset + 4 + i] = (byte)(0x50 + i);
            }

            offset += extension;
        }

        payload.CopyTo(packet.AsSpan(offset));
        return packet;
    }

    /// <summary>An RTCP receiver report (PT 201) from <paramref name="ssrc"/> with <paramref name="body"/> after the first 8 octets.</summary>
    public static byte[] RtcpPacket(uint ssrc, ReadOnlySpan<byte> body)
    {
        var packet = new byte[8 + body.Length];
        packet[0] = 0x80;
        packet[1] = 201;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)(((8 + body.Length) / 4) - 1));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), ssrc);
        body.CopyTo(packet.AsSpan(8));
        return packet;
    }

    /// <summary>Protects a copy of <paramref name="packet"/> and returns the SRTP bytes (asserting success).</summary>
    public static byte[] Protect(SrtpContext sender, byte[] packet, bool rtcp = false)
    {
        var buffer = new byte[packet.Length + 64];
        packet.CopyTo(buffer, 0);
        var status = rtcp ? sender.ProtectRtcp(buffer, packet.Length, out var length) : sender.ProtectRtp(buffer, packet.Length, out length);
        Assert.That(status, Is.EqualTo(SrtpStatus.Ok), "protect");
        return buffer[..length];
    }

    /// <summary>Unprotects a copy of <paramref name="protectedPacket"/>; returns status and the plain bytes on success.</summary>
    public static (SrtpStatus Status, byte[] Plain) Unprotect(SrtpContext receiver, byte[] protectedPacket, bool rtcp = false)
    {
        var buffer = (byte[])protectedPacket.Clone();
        var status = rtcp ? receiver.UnprotectRtcp(buffer, out var length) : receiver.UnprotectRtp(buffer, out length);
        return (status, buffer[..length]);
    }

    public static byte[] RandomBytes(int length) => RandomNumberGenerator.GetBytes(length);
}
