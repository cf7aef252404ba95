using System.Buffers.Binary;
using System.Globalization;

namespace UcStack.Stun;

/// <summary>
/// A transaction id as a dictionary key: the 96-bit RFC 8489 §5 id, or the 128-bit id of an MS-TURN message
/// (cookie-less header); prints as hex in logs.
/// </summary>
internal readonly record struct StunTransactionKey(ulong High, ulong Low, bool IsLong)
{
    public static StunTransactionKey From(ReadOnlySpan<byte> transactionId) =>
        transactionId.Length == 16
            ? new(BinaryPrimitives.ReadUInt64BigEndian(transactionId), BinaryPrimitives.ReadUInt64BigEndian(transactionId[8..]), true)
            : new(BinaryPrimitives.ReadUInt64BigEndian(transactionId), BinaryPrimitives.ReadUInt32BigEndian(transactionId[8..]), false);

    public override string ToString() => IsLong
        ? string.Create(CultureInfo.InvariantCulture, $"{High:x16}{Low:x16}")
        : string.Create(CultureInfo.InvariantCulture, $"{High:x16}{Low:x8}");
}
