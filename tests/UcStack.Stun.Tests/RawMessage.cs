using System.Buffers.Binary;

namespace UcStack.Stun.Tests;

/// <summary>Builds messages by hand, bypassing the writer's rules, to test the reader on anything.</summary>
internal static class RawMessage
{
    public static readonly byte[] DefaultTransactionId = Convert.FromHexString("0102030405060708090a0b0c");

    public static byte[] Build(ushort type, params (ushort Type, byte[] Value)[] attributes) =>
        Build(type, 0x2112A442u, DefaultTransactionId, attributes);

    public static byte[] Build(ushort type, uint cookie, byte[] transactionId, params (ushort Type, byte[] Value)[] attributes)
    {
        var body = new List<byte>();
        foreach (var (attributeType, value) in attributes)
        {
            var header = new byte[4];
            BinaryPrimitives.WriteUInt16BigEndian(header, attributeType);
            BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), (ushort)value.Length);
            body.AddRange(header);
            body.AddRange(value);
            body.AddRange(new byte[(4 - (value.Length % 4)) % 4]);
        }

        var message = new byte[20 + body.Count];
        BinaryPrimitives.WriteUInt16BigEndian(message, type);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), (ushort)body.Count);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(4), cookie);
        transactionId.CopyTo(message, 8);
        body.CopyTo(message, 20);
        return message;
    }

    public static byte[] U32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }
}
