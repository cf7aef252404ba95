using System.Buffers.Binary;
using System.Globalization;

namespace UcStack.Stun;

/// <summary>The 96-bit transaction id (RFC 8489 §5) as a dictionary key; prints as hex in logs.</summary>
internal readonly record struct StunTransactionKey(ulong High, uint Low)
{
    public static StunTransactionKey From(ReadOnlySpan<byte> transactionId) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(transactionId), BinaryPrimitives.ReadUInt32BigEndian(transactionId[8..]));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{High:x16}{Low:x8}");
}
