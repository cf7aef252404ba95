using System.Collections.Immutable;
using System.Formats.Cbor;
using System.Text;

namespace UcStack.Psom;

internal static partial class PsomPayloadReader
{
    public static PsomObject ReadObject(CborReader r)
    {
        long? id = null, parent = null, version = null;
        string? type = null, owner = null;
        var persistent = false;
        ImmutableSortedDictionary<string, PsomValue>? props = null;
        StartMap(r);
        while (NextKey(r, out var key))
        {
            switch (key)
            {
                case 0: id = NonNegative(r, "id"); break;
                case 1: parent = NonNegative(r, "parentId"); break;
                case 2: type = ReadName(r, "typeName"); break;
                case 3: version = NonNegative(r, "version"); break;
                case 4: persistent = r.ReadBoolean(); break;
                case 5: owner = ReadText(r, PsomWireLimits.MaxIdentityBytes, "owner"); break;
                case 6: props = ReadProperties(r, allowNull: false, "properties"); break;
                default: r.SkipValue(); break;
            }
        }

        r.ReadEndMap();
        return new PsomObject
        {
            Id = id ?? throw Missing("id"),
            ParentId = parent ?? throw Missing("parentId"),
            TypeName = type ?? throw Missing("typeName"),
            Version = version ?? throw Missing("version"),
            Persistent = persistent,
            Owner = owner ?? string.Empty,
            Properties = props ?? PsomProperties.Empty,
        };
    }

    public static PsomChange ReadChange(CborReader r)
    {
        long? kind = null, tree = null, obj = null;
        PsomObject? state = null;
        ImmutableArray<long> deleted = [];
        StartMap(r);
        while (NextKey(r, out var key))
        {
            switch (key)
            {
                case 0: kind = r.ReadInt64(); break;
                case 1: tree = NonNegative(r, "treeVersion"); break;
                case 2: obj = NonNegative(r, "objectId"); break;
                case 3: state = ReadObject(r); break;
                case 4: deleted = ReadArray(r, x => NonNegative(x, "deletedIds"), "deletedIds"); break;
                default: r.SkipValue(); break;
            }
        }

        r.ReadEndMap();
        var k = kind switch
        {
            null => throw Missing("kind"),
            >= 1 and <= 3 => (PsomChangeKind)kind.Value,
            _ => throw OutOfRange("kind"),
        };

        // A create or update carries the object's new state; a delete carries the removed ids instead.
        if (k == PsomChangeKind.Deleted ? state is not null || deleted.IsEmpty : state is null || !deleted.IsEmpty)
        {
            throw new PsomDecodeException(PsomParseErrorCode.MissingField, k == PsomChangeKind.Deleted ? "deletedIds" : "object");
        }

        return new PsomChange { Kind = k, TreeVersion = tree ?? throw Missing("treeVersion"), ObjectId = obj ?? throw Missing("objectId"), Object = state, DeletedIds = deleted };
    }

    public static ImmutableSortedDictionary<string, PsomValue> ReadProperties(CborReader r, bool allowNull, string field)
    {
        var count = r.ReadStartMap() ?? throw Malformed(field);
        if (count > PsomWireLimits.MaxProperties)
        {
            throw new PsomDecodeException(PsomParseErrorCode.LimitExceeded, field);
        }

        var builder = PsomProperties.Empty.ToBuilder();
        for (var i = 0; i < count; i++)
        {
            var key = ReadText(r, PsomWireLimits.MaxKeyBytes, field);
            var value = ReadValue(r, field);
            if (value.IsNull && !allowNull)
            {
                throw OutOfRange(field);
            }

            builder.Add(key, value);
        }

        r.ReadEndMap();
        return builder.ToImmutable();
    }

    public static PsomValue ReadValue(CborReader r, string field)
    {
        switch (r.PeekState())
        {
            case CborReaderState.Null:
                r.ReadNull();
                return PsomValue.Null;
            case CborReaderState.Boolean:
                return PsomValue.FromBoolean(r.ReadBoolean());
            case CborReaderState.UnsignedInteger:
            case CborReaderState.NegativeInteger:
                return PsomValue.FromInteger(r.ReadInt64());
            case CborReaderState.HalfPrecisionFloat:
            case CborReaderState.SinglePrecisionFloat:
            case CborReaderState.DoublePrecisionFloat:
                var d = r.ReadDouble();
                return double.IsFinite(d) ? PsomValue.FromDouble(d) : throw OutOfRange(field);
            case CborReaderState.TextString:
                return PsomValue.FromText(ReadText(r, int.MaxValue, field));
            case CborReaderState.ByteString:
                return PsomValue.FromOwnedBytes(r.ReadByteString());
            default:
                throw Malformed(field);
        }
    }

    private static ImmutableArray<T> ReadArray<T>(CborReader r, Func<CborReader, T> item, string field)
    {
        var count = r.ReadStartArray() ?? throw Malformed(field);

        // The declared count is attacker-controlled: grow as items actually arrive instead of trusting it.
        var builder = ImmutableArray.CreateBuilder<T>(Math.Min(count, 64));
        for (var i = 0; i < count; i++)
        {
            builder.Add(item(r));
        }

        r.ReadEndArray();
        return builder.ToImmutable();
    }

    private static void StartMap(CborReader r)
    {
        if (r.ReadStartMap() is null)
        {
            throw Malformed("map");
        }
    }

    private static bool NextKey(CborReader r, out uint key)
    {
        if (r.PeekState() == CborReaderState.EndMap)
        {
            key = 0;
            return false;
        }

        if (r.PeekState() != CborReaderState.UnsignedInteger)
        {
            throw Malformed("field key");
        }

        key = r.ReadUInt32();
        return true;
    }

    private static long NonNegative(CborReader r, string field)
    {
        var value = r.ReadInt64();
        return value >= 0 ? value : throw OutOfRange(field);
    }

    private static long BaseVersion(CborReader r)
    {
        var value = r.ReadInt64();
        return value >= -1 ? value : throw OutOfRange("baseVersion");
    }

    private static string ReadName(CborReader r, string field)
    {
        var name = ReadText(r, PsomWireLimits.MaxNameBytes, field);
        return name.Length > 0 ? name : throw OutOfRange(field);
    }

    private static string ReadText(CborReader r, int maxBytes, string field)
    {
        if (r.PeekState() != CborReaderState.TextString)
        {
            throw Malformed(field);
        }

        // The string is bounded by the frame (already size-checked); the reader rejects invalid UTF-8.
        var text = r.ReadTextString();
        return text.Length <= maxBytes && (text.Length * 3 <= maxBytes || Encoding.UTF8.GetByteCount(text) <= maxBytes)
            ? text
            : throw new PsomDecodeException(PsomParseErrorCode.LimitExceeded, field);
    }

    private static byte[] ReadBytes(CborReader r, int maxBytes, string field)
    {
        if (r.PeekState() != CborReaderState.ByteString)
        {
            throw Malformed(field);
        }

        var bytes = r.ReadByteString();
        return bytes.Length <= maxBytes ? bytes : throw new PsomDecodeException(PsomParseErrorCode.LimitExceeded, field);
    }

    private static PsomRole ToRole(long value) => value is 1 or 2 ? (PsomRole)value : throw OutOfRange("role");

    private static PsomErrorCode ToError(long value) =>
        value is >= 0 and <= (long)PsomErrorCode.InvalidState ? (PsomErrorCode)value : throw OutOfRange("code");

    private static PsomDecodeException Missing(string field) => new(PsomParseErrorCode.MissingField, field);

    private static PsomDecodeException OutOfRange(string field) => new(PsomParseErrorCode.FieldOutOfRange, field);

    private static PsomDecodeException Malformed(string field) => new(PsomParseErrorCode.PayloadMalformed, field);
}

/// <summary>Raised inside the payload reader only; the codec turns it into a <see cref="PsomParseError"/> with an offset.</summary>
internal sealed class PsomDecodeException : Exception
{
    public PsomDecodeException(PsomParseErrorCode code, string detail)
        : base(detail)
    {
        Code = code;
    }

    public PsomDecodeException()
    {
    }

    public PsomDecodeException(string message)
        : base(message)
    {
    }

    public PsomDecodeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PsomParseErrorCode Code { get; }
}
