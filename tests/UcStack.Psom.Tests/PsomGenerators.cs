using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;

namespace UcStack.Psom.Tests;

/// <summary>FsCheck generators for every Psom message type.</summary>
internal static class PsomGenerators
{
    public static Gen<long> Ids => Gen.OneOf(Gen.Choose(0, 1000).Select(i => (long)i), Gen.Elements(0L, 1L, long.MaxValue, (long)int.MaxValue + 7));

    public static Gen<string> Texts(int max) =>
        from length in Gen.Choose(0, max)
        from chars in Gen.Elements('a', 'b', 'Z', '0', ' ', '.', 'é', '€', '\n', '漢').ArrayOf(length)
        select new string(chars);

    public static Gen<string> Names => Texts(20).Where(s => s.Length > 0);

    public static Gen<byte[]> Bytes(int max) =>
        from length in Gen.Choose(0, max)
        from bytes in Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf(length)
        select bytes;

    public static Gen<PsomValue> Values => Gen.OneOf(
        Gen.Elements(true, false).Select(PsomValue.FromBoolean),
        Gen.OneOf(Gen.Choose(-100000, 100000).Select(i => (long)i), Gen.Elements(long.MinValue, long.MaxValue, 0L, -1L, 24L, 256L)).Select(PsomValue.FromInteger),
        Gen.OneOf(Gen.Choose(-1000, 1000).Select(i => i / 7.0), Gen.Elements(0.5, -0.0, 1e300, double.Epsilon, 65504.0, 3.4028234663852886E+38)).Select(PsomValue.FromDouble),
        Texts(30).Select(PsomValue.FromText),
        Bytes(40).Select(b => PsomValue.FromBytes(b)));

    public static Gen<ImmutableSortedDictionary<string, PsomValue>> Properties(bool allowNull) =>
        from count in Gen.Choose(0, 6)
        from keys in Names.ArrayOf(count)
        from values in (allowNull ? Gen.OneOf(Values, Gen.Constant(PsomValue.Null)) : Values).ArrayOf(count)
        select keys.Zip(values).Aggregate(PsomProperties.Empty, (map, kv) => map.SetItem(kv.First, kv.Second));

    public static Gen<PsomObject> Objects =>
        from id in Ids
        from parent in Ids
        from type in Names
        from version in Ids
        from persistent in Gen.Elements(true, false)
        from owner in Texts(10)
        from props in Properties(false)
        select new PsomObject { Id = id, ParentId = parent, TypeName = type, Version = version, Persistent = persistent, Owner = owner, Properties = props };

    public static Gen<PsomChange> Changes => Gen.OneOf(
        from kind in Gen.Elements(PsomChangeKind.Created, PsomChangeKind.Updated)
        from tree in Ids
        from o in Objects
        select new PsomChange { Kind = kind, TreeVersion = tree, ObjectId = o.Id, Object = o },
        from tree in Ids
        from id in Ids
        from count in Gen.Choose(1, 5)
        from deleted in Ids.ArrayOf(count)
        select new PsomChange { Kind = PsomChangeKind.Deleted, TreeVersion = tree, ObjectId = id, DeletedIds = [.. deleted] });

    public static Gen<PsomErrorCode> ErrorCodes => Gen.Elements(Enum.GetValues<PsomErrorCode>());

    public static Gen<PsomMessage> Messages => Gen.OneOf(
        from count in Gen.Choose(1, 4)
        from versions in Gen.Choose(1, 65535).ArrayOf(count)
        from conf in Texts(20)
        from user in Texts(20)
        from role in Gen.Elements(PsomRole.Attendee, PsomRole.Presenter)
        from token in Bytes(80)
        from name in Texts(10)
        select (PsomMessage)new PsomHelloMessage { Versions = [.. versions], ConferenceId = conf, User = user, Role = role, Token = token, ClientName = name },
        from version in Gen.Choose(1, 65535)
        from session in Ids
        from root in Ids
        from tree in Ids
        from ping in Ids
        from frame in Gen.Choose(PsomWireLimits.MinMaxFrameLength, PsomWireLimits.DefaultMaxFrameLength)
        from incarnation in Gen.Choose(int.MinValue, int.MaxValue)
        select (PsomMessage)new PsomWelcomeMessage { Version = version, SessionId = session, RootId = root, TreeVersion = tree, PingIntervalMilliseconds = ping, MaxFrameLength = frame, Incarnation = incarnation * 65537L },
        from request in Ids
        from obj in Ids
        from depth in Gen.Choose(-1, 10)
        from since in Gen.OneOf(Gen.Constant((long?)null), Ids.Select(i => (long?)i))
        from incarnation in Gen.Choose(int.MinValue, int.MaxValue)
        select (PsomMessage)new PsomSubscribeMessage { RequestId = request, ObjectId = obj, Depth = depth, SinceVersion = since, Incarnation = since is null ? 0 : incarnation },
        from request in Ids
        from obj in Ids
        from tree in Ids
        from count in Gen.Choose(0, 4)
        from objects in Objects.ArrayOf(count)
        from last in Gen.Elements(true, false)
        select (PsomMessage)new PsomSnapshotMessage { RequestId = request, ObjectId = obj, TreeVersion = tree, Objects = [.. objects], IsLast = last },
        from request in Ids
        from obj in Ids
        from tree in Ids
        from count in Gen.Choose(0, 4)
        from changes in Changes.ArrayOf(count)
        from last in Gen.Elements(true, false)
        select (PsomMessage)new PsomReplayMessage { RequestId = request, ObjectId = obj, TreeVersion = tree, Changes = [.. changes], IsLast = last },
        from request in Ids
        from obj in Ids
        select (PsomMessage)new PsomUnsubscribeMessage { RequestId = request, ObjectId = obj },
        from request in Ids
        from parent in Ids
        from type in Names
        from props in Properties(false)
        from persistent in Gen.Elements(true, false)
        select (PsomMessage)new PsomCreateMessage { RequestId = request, ParentId = parent, TypeName = type, Properties = props, Persistent = persistent },
        from request in Ids
        from obj in Ids
        from baseVersion in Gen.OneOf(Ids, Gen.Constant(-1L))
        from changes in Properties(true)
        select (PsomMessage)new PsomUpdateMessage { RequestId = request, ObjectId = obj, BaseVersion = baseVersion, Changes = changes },
        from request in Ids
        from obj in Ids
        from baseVersion in Gen.OneOf(Ids, Gen.Constant(-1L))
        select (PsomMessage)new PsomDeleteMessage { RequestId = request, ObjectId = obj, BaseVersion = baseVersion },
        from request in Ids
        from obj in Ids
        from version in Ids
        from tree in Ids
        select (PsomMessage)new PsomAckMessage { RequestId = request, ObjectId = obj, Version = version, TreeVersion = tree },
        from request in Ids
        from code in ErrorCodes
        from detail in Texts(20)
        from current in Gen.OneOf(Gen.Constant((PsomObject?)null), Objects.Select(o => (PsomObject?)o))
        select (PsomMessage)new PsomNackMessage { RequestId = request, Code = code, Detail = detail, Current = current },
        Changes.Select(c => (PsomMessage)new PsomEventMessage { Change = c }),
        from call in Ids
        from obj in Ids
        from method in Names
        from args in Properties(false)
        select (PsomMessage)new PsomInvokeMessage { CallId = call, ObjectId = obj, Method = method, Arguments = args },
        from call in Ids
        from code in ErrorCodes
        from values in Properties(false)
        from detail in Texts(20)
        select (PsomMessage)new PsomResultMessage { CallId = call, Code = code, Values = values, Detail = detail },
        Gen.Choose(int.MinValue, int.MaxValue).Select(n => (PsomMessage)new PsomPingMessage { Nonce = n }),
        Gen.Choose(int.MinValue, int.MaxValue).Select(n => (PsomMessage)new PsomPongMessage { Nonce = n }),
        from code in ErrorCodes
        from detail in Texts(20)
        select (PsomMessage)new PsomByeMessage { Code = code, Detail = detail });
}
